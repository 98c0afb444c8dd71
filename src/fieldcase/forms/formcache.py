"""A disk cache of loaded forms, so that starting the app never waits for pyxform.

Importing pyxform (and openpyxl with it) costs far more than reading every
built-in form; on an old field laptop it is seconds. A form that loaded
once is stored as JSON under a key made of its bytes and of everything that
decides how it loads (fieldcase and pyxform versions, strictness, whether the
expression engine checked it), so a changed file or an upgrade simply misses.

JSON, not pickle: the cache folder is writable by the user, and reading it
must never run code. Only the model's own classes can be rebuilt from it.
The cache is best-effort: any read or write problem is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from enum import Enum
from importlib import util
from pathlib import Path
from types import MappingProxyType
from typing import Any

import fieldcase
from fieldcase.forms.model import (
    Choice,
    ChoiceList,
    Form,
    Group,
    Question,
    QuestionType,
    Repeat,
    Translations,
)

#: Bump when the model or this encoding changes shape.
FORMAT = 1

_CLASSES: Mapping[str, type] = {
    cls.__name__: cls
    for cls in (Form, Group, Repeat, Question, Choice, ChoiceList, Translations, QuestionType)
}


def cache_key(data: bytes, *, strict: bool) -> str:
    """The cache key of a form file's bytes under the current code."""
    salt = f"{_code_fingerprint()}/{strict}"
    return hashlib.sha256(salt.encode() + b"\0" + data).hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    """Everything besides the file that decides how a form loads.

    In a source checkout the sources of this package (loader and expression
    engine) are hashed too, so that editing them never serves forms built by
    the old code (a packaged app has no .py files there; its version changes).
    """
    engine = util.find_spec("fieldcase.forms.expressions") is not None
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    return (
        f"fieldcase-form/{FORMAT}/{fieldcase.__version__}/{_pyxform_stamp()}/{engine}/"
        f"{digest.hexdigest()[:16]}"
    )


def _pyxform_stamp() -> str:
    """Identifies the installed pyxform without importing it (or importlib.metadata)."""
    spec = util.find_spec("pyxform")
    if spec is None or spec.origin is None:
        return "?"
    try:
        stat = Path(spec.origin).stat()
    except OSError:
        return spec.origin
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


class FormCache:
    """Forms stored as ``<key>.json`` in one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def get(self, key: str) -> Form | None:
        try:
            raw = (self.directory / f"{key}.json").read_text(encoding="utf-8")
            form = decode(json.loads(raw))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return form if isinstance(form, Form) else None

    def put(self, key: str, form: Form) -> None:
        """Write atomically (temp file, then rename); failures are ignored."""
        text = json.dumps(encode(form), ensure_ascii=False, separators=(",", ":"))
        import tempfile  # only when writing: keeps start-up imports small

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(tmp, self.directory / f"{key}.json")
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return


def encode(value: Any) -> Any:
    """Model objects -> JSON-compatible values, tagged with their class."""
    if isinstance(value, Enum):
        return {"@": type(value).__name__, "value": value.value}
    if isinstance(value, Translations):
        return {"@t": [list(pair) for pair in value.texts]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if not _is_default(f, item):  # most fields of most questions are unset
                out[f.name] = encode(item)
        return out
    if isinstance(value, Mapping):
        return {"@map": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _is_default(f: dataclasses.Field[Any], item: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(item == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(item == f.default_factory())
    return False


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`; lists come back as tuples, mappings read-only."""
    if isinstance(value, list):
        return tuple(decode(v) if isinstance(v, list | dict) else v for v in value)
    if isinstance(value, dict):
        if "@t" in value:
            return Translations(tuple((lang, text) for lang, text in value["@t"]))
        if "@map" in value:
            return MappingProxyType({k: decode(v) for k, v in value["@map"].items()})
        cls = _CLASSES[value["@"]]
        if issubclass(cls, Enum):
            return cls(value["value"])
        return cls(
            **{
                k: decode(v) if isinstance(v, list | dict) else v
                for k, v in value.items()
                if k != "@"
            }
        )
    return value
