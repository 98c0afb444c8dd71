"""Custom forms: an organisation's own XLSForm (.xlsx) for a stage of the procedure.

An admin adds a workbook for a stage (``fieldcase form add FILE --stage
STAGE`` or the UI). It either **replaces** a built-in form of that stage
(same ``form_id``) or is **added** to the stage (a new ``form_id``). The
registry lives per laptop, not per account, in ``<data dir>/forms/``:
forms are not case data, hold no personal data, and every account on the
laptop must fill in the same forms.

- ``<data dir>/forms/<form_id>-<hash>.xlsx``: the accepted bytes, copied in;
- ``<data dir>/forms/custom_forms.json``: the index, stage -> form id -> entry.

Nothing is accepted that would break the app: the file goes through the
whole loader (pyxform and fieldcase's rules; errors name sheet, row and
column), and then through the procedure's needs — a replacement keeps every
field the stage rules and deadlines read (the intake keeps
``waktu_pengaduan``, ``tingkat_risiko``, ``nama``...; a referral form keeps
``status_rujukan``), keeps the built-in's record prefix, and no field
reuses a name the other forms give another type. Only then is anything
written: the workbook first, then the index, each atomically (temp file,
fsync, ``os.replace``), so a power cut leaves the old registry or the new one.

:meth:`CustomForms.resolve` is how the wizards get a stage's form: the
custom one if registered (and unchanged on disk since it was validated),
else the built-in one. ``fieldcase.core.procedure`` never sees forms; the
stage graph names form ids and this registry decides which file they mean.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock

from fieldcase.atomicfile import atomic_write_bytes
from fieldcase.core.casefields import PROJECTED_PATHS, SEARCHED_PATHS
from fieldcase.core.errors import FieldcaseError, StorageError
from fieldcase.core.procedure import PROCEDURE_FILE, Procedure, Stage, load_procedure
from fieldcase.forms.errors import FormError, Location, Problem
from fieldcase.forms.model import Form, Question, QuestionType
from fieldcase.resources import resources_dir

log = logging.getLogger("fieldcase.forms.custom")

FOLDER = "forms"
INDEX_FILE = "custom_forms.json"
INDEX_FORMAT = 1
SUFFIXES = (".xlsx",)
#: Fields the app sets itself (case-list columns that no form may own).
APP_SET_FIELDS = frozenset({"tahap", "status"})

_FILE_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,120}\.xlsx")
_SURVEY = "survey"
_SETTINGS = "settings"
_TIME_TYPES = frozenset({QuestionType.DATE, QuestionType.DATETIME})


@functools.cache
def builtin_procedure() -> Procedure:
    """The procedure shipped in ``resources/procedure`` (loaded once per process)."""
    return load_procedure(resources_dir() / PROCEDURE_FILE)


def forms_folder(data_dir: Path) -> Path:
    """Where the laptop's custom forms live (not inside any account)."""
    return data_dir / FOLDER


@dataclass(frozen=True)
class CustomForm:
    """One accepted form, as the index records it."""

    form_id: str
    stage: str
    #: File name inside the registry folder.
    file: str
    sha256: str
    version: str
    #: The name of the file the admin added (shown in lists and errors).
    source_name: str
    added_at: str
    #: The built-in form it stands in for, or None when it adds a form to the stage.
    replaces: str | None = None
    #: The record prefix (``rujukan``) for a form filled once per event.
    record: str | None = None


class CustomFormsDamaged(FieldcaseError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Daftar formulir khusus ({path}) rusak. Pulihkan dari cadangan, atau hapus "
            "berkas itu untuk kembali ke formulir bawaan; data kasus tidak terpengaruh.",
            f"The custom form list ({path}) is damaged. Restore it from a backup, or delete "
            "that file to go back to the built-in forms; no case data is affected.",
        )


class CustomFormNotFound(FieldcaseError):
    def __init__(self, form_id: str) -> None:
        super().__init__(
            f"Tidak ada formulir khusus '{form_id}'. Lihat daftarnya: 'fieldcase form list'.",
            f"There is no custom form '{form_id}'. See the list: 'fieldcase form list'.",
        )


class CustomForms:
    """The laptop's registry of custom forms, over a data folder.

    ``procedure`` and ``builtins`` default to the shipped ones; tests pass
    their own. Built-in forms are only loaded when needed (adding a form, or
    resolving a stage without a custom form), so listing stays fast.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        procedure: Procedure | None = None,
        builtins: Callable[[], Mapping[str, Form]] | None = None,
    ) -> None:
        self.folder = forms_folder(data_dir)
        self.procedure = procedure or builtin_procedure()
        self._builtins = builtins or _default_builtins

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_FILE

    # ---------------------------------------------------------- reading

    def entries(self) -> tuple[CustomForm, ...]:
        """Every registered form, in stage order then by form id."""
        order = {s.id: s.order for s in self.procedure.stages}
        found = [e for by_id in self._read_index().values() for e in by_id.values()]
        return tuple(sorted(found, key=lambda e: (order.get(e.stage, 999), e.form_id)))

    def get(self, form_id: str) -> CustomForm | None:
        return next((e for e in self.entries() if e.form_id == form_id), None)

    def stage_form_ids(self, stage_id: str) -> tuple[str, ...]:
        """The stage's forms: the procedure's (replaced or not), then the added ones."""
        stage = self.procedure.stage(stage_id)
        added = sorted(
            form_id
            for form_id in self._read_index().get(stage_id, {})
            if form_id not in stage.form_ids
        )
        return stage.form_ids + tuple(added)

    def resolve(self, stage_id: str, form_id: str | None = None) -> Form:
        """The form to use for ``stage_id`` (its main form, or ``form_id`` of that stage).

        A custom form whose file is missing or was changed after it was
        validated is not used: a replacement falls back to the built-in form
        (same id, every field the app needs), an added form raises FormError.
        """
        ids = self.stage_form_ids(stage_id)
        wanted = form_id or ids[0]
        if wanted not in ids:
            raise CustomFormNotFound(wanted)
        # Form ids are unique in the registry: a form listed in two stages
        # (rujukan_pendidikan) is the same file in both.
        entry = self.get(wanted)
        if entry is None:
            return self._builtins()[wanted]
        try:
            return _load_entry(self.folder, entry)
        except FormError:
            if entry.replaces is None:
                raise
            log.warning("custom form %s unusable; using the built-in form", entry.form_id)
            return self._builtins()[entry.replaces]

    def form_by_id(self, form_id: str) -> Form:
        """The form to open for ``form_id``: an organisation's replacement if one is
        registered (and intact), else the built-in one. The wizard opens forms this
        way, so a custom intake is what "New case" shows."""
        stage = self.procedure.stage_of_form(form_id)
        if stage is None:
            entry = self.get(form_id)
            if entry is None:
                return self._builtins()[form_id]
            return self.resolve(entry.stage, form_id)
        return self.resolve(stage.id, form_id)

    def stage_forms(self, stage_id: str) -> tuple[Form, ...]:
        return tuple(self.resolve(stage_id, f) for f in self.stage_form_ids(stage_id))

    # ---------------------------------------------------------- changing

    def add(self, file: Path, stage_id: str) -> CustomForm:
        """Check ``file`` for the stage and register it; if bad: FormError, nothing written."""
        stage = self.procedure.stage(stage_id)
        data = _read_candidate(file)
        from fieldcase.forms.loader import validate_form  # imports pyxform: only here

        form = validate_form(data, file.name)
        replaces = self._check(form, stage, file.name)
        digest = hashlib.sha256(data).hexdigest()
        entry = CustomForm(
            form_id=form.form_id,
            stage=stage.id,
            file=f"{form.form_id}-{digest[:12]}.xlsx",
            sha256=digest,
            version=form.version,
            source_name=file.name,
            added_at=datetime.now(UTC).isoformat(timespec="seconds"),
            replaces=replaces,
            record=form.record,
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock():
            index = self._read_index()
            previous = index.get(stage.id, {}).get(form.form_id)
            atomic_write_bytes(self.folder / entry.file, data)
            index.setdefault(stage.id, {})[form.form_id] = entry
            self._write_index(index)
            if previous is not None and previous.file != entry.file:
                self._discard(previous.file)
        log.info("custom form added form_id=%s stage=%s", entry.form_id, entry.stage)
        return entry

    def remove(self, form_id: str) -> CustomForm:
        """Unregister a custom form. Case data filled with it stays in the vaults."""
        if self.get(form_id) is None:
            raise CustomFormNotFound(form_id)
        with self._lock():
            index = self._read_index()
            for stage_id, by_id in index.items():
                entry = by_id.pop(form_id, None)
                if entry is not None:
                    if not by_id:
                        del index[stage_id]
                    self._write_index(index)
                    self._discard(entry.file)
                    log.info("custom form removed form_id=%s stage=%s", form_id, stage_id)
                    return entry
        raise CustomFormNotFound(form_id)

    # ---------------------------------------------------------- what a form must keep

    def required_fields(self, builtin: Form) -> tuple[str, ...]:
        """The fields of a built-in form that a replacement must keep.

        Those the procedure reads (stage rules, approvals, deadlines, open
        items) and, for a case-level form, those the case list and the search
        index read (``fieldcase.core.casefields``).
        """
        referenced = self.procedure.referenced_fields()
        app_fields = (PROJECTED_PATHS | SEARCHED_PATHS) - APP_SET_FIELDS
        kept = []
        for q in builtin.stored_questions():
            prefix = builtin.record or q.repeat
            top_level = builtin.record is None and q.repeat is None
            if (prefix, q.name) in referenced or (top_level and q.name in app_fields):
                kept.append(q.name)
        return tuple(kept)

    def _check(self, form: Form, stage: Stage, source: str) -> str | None:
        """Problems of a valid XLSForm for this stage; returns the built-in it replaces."""
        builtins = self._builtins()
        problems: list[Problem] = []
        replaced = builtins.get(form.form_id) if form.form_id in stage.form_ids else None
        owner = self.procedure.stage_of_form(form.form_id)
        registered = self.get(form.form_id)
        if form.form_id not in stage.form_ids and (owner is not None or form.form_id in builtins):
            other = owner.id if owner is not None else "?"
            problems.append(_problem(source, _SETTINGS, 2, "form_id", *_other_stage(form, other)))
        elif registered is not None and registered.stage != stage.id:
            problems.append(
                _problem(source, _SETTINGS, 2, "form_id", *_other_stage(form, registered.stage))
            )
        if replaced is not None:
            if form.record != replaced.record:
                problems.append(_record_problem(source, replaced.record))
            required: Iterable[str] = self.required_fields(replaced)
        else:
            required = self._required_for_addition(form, stage, builtins, source, problems)
        problems += _missing(form, required, replaced, source)
        problems += _clashes(form, replaced, builtins, source)
        if problems:
            raise FormError(problems)
        return replaced.form_id if replaced is not None else None

    def _required_for_addition(
        self,
        form: Form,
        stage: Stage,
        builtins: Mapping[str, Form],
        source: str,
        problems: list[Problem],
    ) -> tuple[str, ...]:
        """An added record form keeps what every built-in record form of the stage keeps."""
        records = {builtins[f].record for f in stage.record_forms if f in builtins}
        if form.record is None:
            if not stage.forms:
                prefixes = ", ".join(sorted(r for r in records if r))
                problems.append(_record_problem(source, prefixes or None))
            return ()
        if form.record not in records:
            prefixes = ", ".join(sorted(r for r in records if r))
            problems.append(_record_problem(source, prefixes or None))
            return ()
        common: set[str] | None = None
        for form_id in stage.record_forms:
            sibling = builtins.get(form_id)
            if sibling is not None and sibling.record == form.record:
                kept = set(self.required_fields(sibling))
                common = kept if common is None else common & kept
        return tuple(sorted(common or ()))

    # ---------------------------------------------------------- index and files

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        return _locked(self.folder)

    def _read_index(self) -> dict[str, dict[str, CustomForm]]:
        try:
            raw = json.loads(self.index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise CustomFormsDamaged(self.index_path) from None
        return _parse_index(raw, self.index_path)

    def _write_index(self, index: Mapping[str, Mapping[str, CustomForm]]) -> None:
        body = {
            "format": INDEX_FORMAT,
            "stages": {
                stage: {
                    form_id: {k: v for k, v in asdict(e).items() if k not in ("form_id", "stage")}
                    for form_id, e in sorted(by_id.items())
                }
                for stage, by_id in sorted(index.items())
            },
        }
        text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(self.index_path, text.encode("utf-8"))

    def _discard(self, file_name: str) -> None:
        """Delete a workbook no entry points at any more (best effort: it is only a copy)."""
        with contextlib.suppress(OSError):
            (self.folder / file_name).unlink()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time (two admins on one laptop); a stuck lock is a clear error."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(folder / ".custom_forms.lock"), timeout=30)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StorageError() from None
    try:
        yield
    finally:
        lock.release()


# ------------------------------------------------------------------ helpers


def _default_builtins() -> Mapping[str, Form]:
    from fieldcase.forms.catalog import builtin_forms

    return builtin_forms()


def _read_candidate(file: Path) -> bytes:
    if file.suffix.lower() not in SUFFIXES:
        raise FormError(
            [
                Problem(
                    Location(file.name),
                    "Formulir khusus harus berupa buku kerja Excel (.xlsx). Simpan ulang "
                    "berkasnya sebagai .xlsx lalu tambahkan lagi.",
                    "A custom form must be an Excel workbook (.xlsx). Save the file as .xlsx "
                    "and add it again.",
                )
            ]
        )
    try:
        return file.read_bytes()
    except OSError:
        raise FormError(
            [
                Problem(
                    Location(file.name),
                    "Berkas formulir tidak dapat dibuka. Periksa apakah berkas masih ada dan "
                    "tidak sedang dibuka di Excel, lalu coba lagi.",
                    "The form file cannot be opened. Check that it still exists and is not "
                    "open in Excel, then try again.",
                )
            ]
        ) from None


def _problem(
    source: str, sheet: str, row: int | None, column: str, message_id: str, message_en: str
) -> Problem:
    return Problem(Location(source, sheet, row, column), message_id, message_en)


def _other_stage(form: Form, stage: str) -> tuple[str, str]:
    return (
        f"form_id '{form.form_id}' milik tahap '{stage}'. Tambahkan untuk tahap itu, atau "
        "beri formulir ini form_id baru.",
        f"form_id '{form.form_id}' belongs to stage '{stage}'. Add it for that stage, or give "
        "this form a new form_id.",
    )


def _record_problem(source: str, expected: str | None) -> Problem:
    if expected is None:
        return _problem(
            source,
            _SETTINGS,
            2,
            "fieldcase_record",
            "Formulir ini menggantikan formulir tingkat kasus: hapus kolom fieldcase_record.",
            "This form stands for a case-level form: remove the fieldcase_record column.",
        )
    return _problem(
        source,
        _SETTINGS,
        2,
        "fieldcase_record",
        f"Di tahap ini setiap formulir diisi per kejadian: isi fieldcase_record = {expected}.",
        f"In this stage every form is filled once per event: set fieldcase_record = {expected}.",
    )


def _compatible(a: Question, b: Question) -> bool:
    """Same kind of value (date and datetime both hold a time: the deadlines read either)."""
    if a.repeat != b.repeat:
        return False
    return a.type == b.type or {a.type, b.type} <= _TIME_TYPES


def _missing(
    form: Form, required: Iterable[str], replaced: Form | None, source: str
) -> list[Problem]:
    """Required fields absent, or present with another kind of value."""
    problems = []
    for name in required:
        if name not in form or not form.question(name).stored:
            problems.append(
                _problem(
                    source,
                    _SURVEY,
                    None,
                    "name",
                    f"Formulir ini harus memuat pertanyaan bernama '{name}' (dipakai tahapan, "
                    "tenggat atau daftar kasus). Tambahkan baris dengan nama itu.",
                    f"This form must contain a question named '{name}' (stage rules, deadlines "
                    "or the case list use it). Add a row with that name.",
                )
            )
        elif replaced is not None and not _compatible(form.question(name), replaced.question(name)):
            problems.append(_type_problem(form.question(name), replaced.question(name), source))
    return problems


def _clashes(
    form: Form, replaced: Form | None, builtins: Mapping[str, Form], source: str
) -> list[Problem]:
    """Names that mean another field elsewhere: one name is one field in a namespace."""
    neighbours = [
        b
        for b in builtins.values()
        if b.record == form.record and (replaced is None or b.form_id != replaced.form_id)
    ]
    record_prefixes = {b.record for b in builtins.values() if b.record}
    problems = []
    if form.record is None:
        for repeat in form.repeats():
            if repeat.name in record_prefixes:
                problems.append(
                    _problem(
                        source,
                        _SURVEY,
                        repeat.row,
                        "name",
                        f"Nama ulangan '{repeat.name}' dipakai untuk rekaman. Pilih nama lain.",
                        f"The repeat name '{repeat.name}' is used by records. Choose another.",
                    )
                )
    for q in form.stored_questions():
        for other in neighbours:
            if q.name in other and other.question(q.name).stored:
                theirs = other.question(q.name)
                if not _compatible(q, theirs):
                    problems.append(_type_problem(q, theirs, source, other.form_id))
                break
    return problems


def _type_problem(q: Question, theirs: Question, source: str, other: str | None = None) -> Problem:
    where_id = f"formulir '{other}'" if other else "formulir bawaan"
    where_en = f"form '{other}'" if other else "the built-in form"
    shape = f"{theirs.type.value}" + (
        f" (di dalam ulangan '{theirs.repeat}')" if theirs.repeat else ""
    )
    shape_en = f"{theirs.type.value}" + (
        f" (inside repeat '{theirs.repeat}')" if theirs.repeat else ""
    )
    return _problem(
        source,
        _SURVEY,
        q.row,
        "type",
        f"'{q.name}' di {where_id} bertipe {shape}; pakai tipe yang sama atau nama lain, "
        "karena satu nama adalah satu isian kasus.",
        f"'{q.name}' is {shape_en} in {where_en}; use the same type or another name, "
        "because one name is one case field.",
    )


_cache_lock = threading.Lock()
_loaded: dict[str, Form] = {}


def _load_entry(folder: Path, entry: CustomForm) -> Form:
    """A registered form, only if its bytes are still those that were validated."""
    try:
        data = (folder / entry.file).read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise FormError(
            [
                Problem(
                    Location(entry.source_name),
                    f"Berkas formulir khusus '{entry.form_id}' hilang atau berubah setelah "
                    "diperiksa. Tambahkan lagi dengan 'fieldcase form add'.",
                    f"The custom form file '{entry.form_id}' is missing or changed after it was "
                    "checked. Add it again with 'fieldcase form add'.",
                )
            ]
        )
    with _cache_lock:
        found = _loaded.get(entry.sha256)
    if found is not None:
        return found
    from fieldcase.forms.catalog import default_cache_dir
    from fieldcase.forms.formcache import FormCache, cache_key

    cache_dir = default_cache_dir()
    disk = FormCache(cache_dir) if cache_dir is not None else None
    key = cache_key(data, strict=False)
    form = disk.get(key) if disk is not None else None
    if form is None:
        from fieldcase.forms.loader import load_form_data

        form = load_form_data(data, entry.source_name)
        if disk is not None:
            disk.put(key, form)
    with _cache_lock:
        _loaded[entry.sha256] = form
    return form


def _parse_index(raw: object, path: Path) -> dict[str, dict[str, CustomForm]]:
    """The index as written by :meth:`CustomForms._write_index`, checked strictly.

    The folder is writable by the user: a file name that is not a plain
    ``.xlsx`` name inside the folder is damage (or an attack), never followed.
    """
    if not isinstance(raw, dict) or raw.get("format") != INDEX_FORMAT:
        raise CustomFormsDamaged(path)
    stages = raw.get("stages")
    if not isinstance(stages, dict):
        raise CustomFormsDamaged(path)
    index: dict[str, dict[str, CustomForm]] = {}
    for stage, by_id in stages.items():
        if not isinstance(by_id, dict):
            raise CustomFormsDamaged(path)
        for form_id, fields in by_id.items():
            try:
                entry = CustomForm(form_id=form_id, stage=stage, **fields)
            except TypeError:
                raise CustomFormsDamaged(path) from None
            texts = (entry.file, entry.sha256, entry.version, entry.source_name, entry.added_at)
            optional = (entry.replaces, entry.record)
            if (
                not all(isinstance(t, str) for t in texts)
                or not all(o is None or isinstance(o, str) for o in optional)
                or not _FILE_NAME_RE.fullmatch(entry.file)
            ):
                raise CustomFormsDamaged(path)
            index.setdefault(stage, {})[form_id] = entry
    return index
