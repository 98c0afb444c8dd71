"""The built-in procedure forms (``resources/forms/*.md``), loaded once per process.

Two caches, because the wizards ask for forms often and the app must start
fast on old laptops:

- in memory: each file is parsed once per process (keyed by path, size and
  modification time, so an edited file reloads);
- on disk (:mod:`~fieldcase.forms.formcache`): a fresh process rebuilds the
  typed model from JSON and never imports pyxform unless a form changed.

Built-in forms load with ``strict=True``: both languages, hints everywhere.
Thread-safe: background operations may ask for forms too.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import platformdirs

from fieldcase.forms.errors import FormError, Location, Problem
from fieldcase.forms.formcache import FormCache, cache_key
from fieldcase.forms.model import Form
from fieldcase.resources import resources_dir

#: Overrides the disk cache folder; an empty value turns the disk cache off.
CACHE_ENV_VAR = "FIELDCASE_FORM_CACHE"
SUFFIXES = (".md", ".xlsx", ".xls", ".csv")

#: The procedure's forms in stage order (PROCEDURE.md); the app may show them in this order.
PROCEDURE_FORMS: tuple[str, ...] = (
    "penerimaan",
    "penjangkauan",
    "asesmen",
    "rencana_layanan",
    "rujukan_hukum",
    "rujukan_kesehatan",
    "rujukan_psikologis",
    "rujukan_lpsk",
    "rujukan_restitusi",
    "rujukan_rehabilitasi_sosial",
    "rujukan_rumah_aman",
    "rujukan_pendidikan",
    "pemantauan",
    "reintegrasi",
    "terminasi",
)

_lock = threading.Lock()
_memory: dict[tuple[str, int, int, bool], Form] = {}


def forms_dir() -> Path:
    """Where the built-in forms live (source checkout, wheel or PyInstaller build)."""
    return resources_dir() / "forms"


def default_cache_dir() -> Path | None:
    """The disk cache folder, or None when ``FIELDCASE_FORM_CACHE`` is set empty."""
    override = os.environ.get(CACHE_ENV_VAR)
    if override is not None:
        return Path(override) if override.strip() else None
    return Path(platformdirs.user_cache_dir("fieldcase", appauthor=False)) / "forms"


def load_cached(path: Path, *, strict: bool = True, cache_dir: Path | None = None) -> Form:
    """Load one form file through both caches (raises FormError like the loader)."""
    try:
        stat = path.stat()
        memory_key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, strict)
    except OSError:
        memory_key = None
    if memory_key is not None:
        with _lock:
            found = _memory.get(memory_key)
        if found is not None:
            return found
    form = _load_from_disk(path, strict=strict, cache_dir=cache_dir)
    if memory_key is not None:
        with _lock:
            _memory[memory_key] = form
    return form


def _load_from_disk(path: Path, *, strict: bool, cache_dir: Path | None) -> Form:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormError(
            [
                Problem(
                    Location(path.name),
                    "Berkas formulir bawaan tidak dapat dibaca. Pasang ulang aplikasi.",
                    "A built-in form file cannot be read. Reinstall the app.",
                )
            ]
        ) from exc
    disk = FormCache(cache_dir) if cache_dir is not None else None
    key = cache_key(data, strict=strict) if disk is not None else ""
    if disk is not None:
        cached = disk.get(key)
        if cached is not None:
            return cached
    from fieldcase.forms.loader import load_form_data  # imports pyxform: only on a miss

    form = load_form_data(data, path.name, strict=strict)
    if disk is not None:
        disk.put(key, form)
    return form


def load_directory(
    directory: Path, *, strict: bool = True, cache_dir: Path | None = None
) -> Mapping[str, Form]:
    """Every form file in ``directory``, by form_id (two files with one form_id: FormError)."""
    forms: dict[str, Form] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix.lower() in SUFFIXES):
        form = load_cached(path, strict=strict, cache_dir=cache_dir)
        other = forms.get(form.form_id)
        if other is not None:
            raise FormError(
                [
                    Problem(
                        Location(path.name, "settings", 2, "form_id"),
                        f"form_id '{form.form_id}' sudah dipakai oleh {other.source}. "
                        "Setiap formulir butuh form_id sendiri.",
                        f"form_id '{form.form_id}' is already used by {other.source}. "
                        "Each form needs its own form_id.",
                    )
                ]
            )
        forms[form.form_id] = form
    return MappingProxyType(forms)


def builtin_forms(*, disk_cache: bool = True, cache_dir: Path | None = None) -> Mapping[str, Form]:
    """All built-in forms by form_id (the disk cache in ``cache_dir`` or the default folder)."""
    folder = (cache_dir or default_cache_dir()) if disk_cache else None
    return load_directory(forms_dir(), strict=True, cache_dir=folder)


def builtin_form(form_id: str) -> Form:
    """One built-in form; KeyError if there is none with that id."""
    return builtin_forms()[form_id]


def clear_memory_cache() -> None:
    """Forget the forms parsed in this process (tests and benchmarks)."""
    with _lock:
        _memory.clear()
