"""The form caches: parsed once per process, and rebuilt from disk without pyxform."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcase.forms import FormError, catalog, formcache, loader
from fieldcase.forms.catalog import builtin_forms, clear_memory_cache, load_directory
from fieldcase.forms.formcache import FormCache, cache_key, decode, encode

REPO = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def fresh_memory() -> None:
    clear_memory_cache()


def test_every_builtin_form_survives_the_disk_format() -> None:
    for form in builtin_forms(disk_cache=False).values():
        again = decode(json.loads(json.dumps(encode(form))))
        assert again == form
        assert again.questions() == form.questions()
        rows = {"pelaku": 1, "rencana": 2, "kemajuan": 1}
        record = 1 if form.record else None
        assert again.field_paths(rows, record) == form.field_paths(rows, record)


def test_second_process_start_reads_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = builtin_forms(cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == len(first)

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the disk cache should have been used")

    clear_memory_cache()
    monkeypatch.setattr(loader, "load_form_data", no_parsing)
    second = builtin_forms(cache_dir=tmp_path)
    assert dict(second) == dict(first)


def test_memory_cache_returns_the_same_objects() -> None:
    first = builtin_forms(disk_cache=False)
    second = builtin_forms(disk_cache=False)
    assert all(first[k] is second[k] for k in first)


def test_a_damaged_cache_file_is_a_miss(tmp_path: Path) -> None:
    path = catalog.forms_dir() / "terminasi.md"
    data = path.read_bytes()
    key = cache_key(data, strict=True)
    (tmp_path / f"{key}.json").write_text('{"@": "Form", "form_id": ', encoding="utf-8")
    form = catalog.load_cached(path, cache_dir=tmp_path)
    assert form.form_id == "terminasi"
    assert FormCache(tmp_path).get(key) == form  # rewritten
    (tmp_path / f"{key}.json").write_text('{"@": "os.system"}', encoding="utf-8")
    assert FormCache(tmp_path).get(key) is None  # only the model's own classes


def test_the_key_depends_on_content_and_strictness() -> None:
    assert cache_key(b"a", strict=True) != cache_key(b"b", strict=True)
    assert cache_key(b"a", strict=True) != cache_key(b"a", strict=False)


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(catalog.CACHE_ENV_VAR, "")
    assert catalog.default_cache_dir() is None
    monkeypatch.setenv(catalog.CACHE_ENV_VAR, str(tmp_path))
    assert catalog.default_cache_dir() == tmp_path


def test_an_edited_file_is_loaded_again(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(catalog.forms_dir() / "terminasi.md", folder)
    before = load_directory(folder)["terminasi"]
    path = folder / "terminasi.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("| terminasi | 1 |", "| terminasi | 2 |"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))  # coarse clocks
    after = load_directory(folder)["terminasi"]
    assert (before.version, after.version) == ("1", "2")


def test_two_files_with_one_form_id_are_refused(tmp_path: Path) -> None:
    shutil.copy(catalog.forms_dir() / "terminasi.md", tmp_path / "a.md")
    shutil.copy(catalog.forms_dir() / "terminasi.md", tmp_path / "b.md")
    with pytest.raises(FormError, match=r"already used by a\.md"):
        load_directory(tmp_path)


def test_a_warm_start_never_imports_pyxform(tmp_path: Path) -> None:
    builtin_forms(cache_dir=tmp_path)  # fills the disk cache
    script = (
        "import sys\n"
        "from fieldcase.forms.catalog import builtin_forms\n"
        "forms = builtin_forms()\n"
        "print(len(forms), 'pyxform' in sys.modules, 'openpyxl' in sys.modules)\n"
    )
    env = {**os.environ, catalog.CACHE_ENV_VAR: str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == [str(len(catalog.PROCEDURE_FORMS)), "False", "False"]


def test_formcache_module_keeps_json_only() -> None:
    source = Path(formcache.__file__).read_text(encoding="utf-8")
    assert "pickle" not in source.replace("not pickle", "")
