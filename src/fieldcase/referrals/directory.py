"""The service directory: shipped CSV files plus an admin's overlay on this laptop.

Why two layers: the built-in files (``resources/directory/<region>.csv``)
carry placeholder contacts and change with releases; an organisation's
real contacts are laptop data, written by an admin in the app to
``<data dir>/directory.json``. The overlay replaces or adds institutions by
id and hides removed ones, so an upgrade never overwrites what an admin
typed, and what the admin typed never needs a rebuild.

Strict on purpose: a wrong column, an unknown institution type, a
duplicate id or a control character is a :class:`DirectoryError` naming the
file and line (CSV) or entry (JSON), in both languages. No case data is
ever in the directory, so errors may quote its values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from fieldcase.atomicfile import atomic_write_json
from fieldcase.core.errors import FieldcaseError
from fieldcase.referrals.catalog import REGION_LABELS, TYPE_BY_ID
from fieldcase.resources import resources_dir

DIRECTORY_FOLDER = "directory"
OVERLAY_FILE = "directory.json"
OVERLAY_FORMAT = 1
#: The CSV header, in this order.
COLUMNS: tuple[str, ...] = (
    "id",
    "jenis",
    "nama",
    "alamat",
    "telepon",
    "email",
    "narahubung",
    "contoh",
)
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_MAX_TEXT = 300
_YES_NO = {"ya": True, "tidak": False}


class DirectoryError(FieldcaseError):
    """A directory file that cannot be used; says which file, which line or entry."""

    def __init__(self, source: str, where: str, message_id: str, message_en: str) -> None:
        super().__init__(
            f"Direktori layanan '{source}', {where}: {message_id}",
            f"Service directory '{source}', {where}: {message_en}",
        )
        self.source = source
        self.where = where


@dataclass(frozen=True)
class Institution:
    """One receiving institution. ``placeholder``: its contacts are not real yet."""

    id: str
    region: str
    type: str
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    contact: str = ""
    placeholder: bool = True

    def as_row(self) -> dict[str, str]:
        """The CSV/JSON columns (``contoh`` as ya/tidak)."""
        return {
            "id": self.id,
            "jenis": self.type,
            "nama": self.name,
            "alamat": self.address,
            "telepon": self.phone,
            "email": self.email,
            "narahubung": self.contact,
            "contoh": "ya" if self.placeholder else "tidak",
        }


def build_institution(
    row: Mapping[str, object], region: str, source: str, where: str
) -> Institution:
    """Check one row (CSV line or JSON entry) and return it as an :class:`Institution`.

    ``where`` is "baris 3" (CSV line) or "entri 2" (JSON entry): short enough to
    be read in both messages.
    """

    def fail(message_id: str, message_en: str) -> DirectoryError:
        return DirectoryError(source, where, message_id, message_en)

    values: dict[str, str] = {}
    for column in COLUMNS:
        raw = row.get(column, "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise fail(f"kolom '{column}' harus berupa teks.", f"column '{column}' must be text.")
        text = raw.strip()
        if _CONTROL_RE.search(text):
            raise fail(
                f"kolom '{column}' memuat karakter kendali (misalnya baris baru).",
                f"column '{column}' holds a control character (such as a line break).",
            )
        if len(text) > _MAX_TEXT:
            raise fail(
                f"kolom '{column}' lebih dari {_MAX_TEXT} karakter.",
                f"column '{column}' is longer than {_MAX_TEXT} characters.",
            )
        values[column] = text
    if region not in REGION_LABELS:
        raise fail(
            f"wilayah '{region}' bukan wilayah program ({', '.join(REGION_LABELS)}).",
            f"region '{region}' is not a program region ({', '.join(REGION_LABELS)}).",
        )
    if not _ID_RE.fullmatch(values["id"]):
        raise fail(
            f"id '{values['id']}' tidak sah: pakai huruf kecil, angka, '_' atau '-'.",
            f"id '{values['id']}' is not valid: use lower-case letters, digits, '_' or '-'.",
        )
    if values["jenis"] not in TYPE_BY_ID:
        known = ", ".join(TYPE_BY_ID)
        raise fail(
            f"jenis lembaga '{values['jenis']}' tidak dikenal. Pilih salah satu: {known}.",
            f"unknown institution type '{values['jenis']}'. Use one of: {known}.",
        )
    if not values["nama"]:
        raise fail("nama lembaga kosong.", "the institution's name is empty.")
    placeholder = values["contoh"].lower() or "ya"
    if placeholder not in _YES_NO:
        raise fail(
            f"kolom 'contoh' harus 'ya' atau 'tidak', bukan '{values['contoh']}'.",
            f"column 'contoh' must be 'ya' or 'tidak', not '{values['contoh']}'.",
        )
    return Institution(
        id=values["id"],
        region=region,
        type=values["jenis"],
        name=values["nama"],
        address=values["alamat"],
        phone=values["telepon"],
        email=values["email"],
        contact=values["narahubung"],
        placeholder=_YES_NO[placeholder],
    )


def parse_region_csv(text: str, source: str, region: str) -> list[Institution]:
    """One region's CSV text → its institutions (ids unique within the file)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise DirectoryError(source, "baris 1", "berkas kosong.", "the file is empty.")
        header = [h.strip().lstrip("\ufeff") for h in header]
        if tuple(header) != COLUMNS:
            expected = ",".join(COLUMNS)
            raise DirectoryError(
                source,
                "baris 1",
                f"judul kolom harus persis: {expected}.",
                f"the header must be exactly: {expected}.",
            )
        found: list[Institution] = []
        seen: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(COLUMNS):
                raise DirectoryError(
                    source,
                    f"baris {line}",
                    f"ada {len(cells)} kolom, seharusnya {len(COLUMNS)}.",
                    f"it has {len(cells)} columns, {len(COLUMNS)} expected.",
                )
            institution = build_institution(
                dict(zip(COLUMNS, cells, strict=True)), region, source, f"baris {line}"
            )
            if institution.id in seen:
                raise DirectoryError(
                    source,
                    f"baris {line}",
                    f"id '{institution.id}' sudah dipakai di baris {seen[institution.id]}.",
                    f"id '{institution.id}' is already used on line {seen[institution.id]}.",
                )
            seen[institution.id] = line
            found.append(institution)
    except csv.Error as error:
        raise DirectoryError(
            source,
            f"baris {reader.line_num}",
            f"format CSV rusak ({error}).",
            f"malformed CSV ({error}).",
        ) from None
    return found


def builtin_folder() -> Path:
    return resources_dir() / DIRECTORY_FOLDER


def load_builtin(folder: Path | None = None) -> list[Institution]:
    """Every shipped institution, regions in file-name order; ids unique across files."""
    folder = folder or builtin_folder()
    found: list[Institution] = []
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        region = path.stem
        source = path.name
        if region not in REGION_LABELS:
            raise DirectoryError(
                source,
                "nama berkas",
                f"nama berkas harus nama wilayah program ({', '.join(REGION_LABELS)}).csv.",
                f"the file must be named after a program region ({', '.join(REGION_LABELS)}).csv.",
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DirectoryError(source, "berkas", "bukan teks UTF-8.", "not UTF-8 text.") from None
        for institution in parse_region_csv(text, source, region):
            if institution.id in owner:
                raise DirectoryError(
                    source,
                    f"id '{institution.id}'",
                    f"id ini sudah dipakai di {owner[institution.id]}.",
                    f"this id is already used in {owner[institution.id]}.",
                )
            owner[institution.id] = source
            found.append(institution)
    return found


# ---------------------------------------------------------------------- overlay


@dataclass(frozen=True)
class Overlay:
    """What an admin changed on this laptop: replaced/added institutions, removed ids."""

    changed: Mapping[str, Institution] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()

    def with_institution(self, institution: Institution) -> Overlay:
        changed = dict(self.changed)
        changed[institution.id] = institution
        return Overlay(changed, self.removed - {institution.id})

    def without(self, institution_id: str, *, builtin: bool) -> Overlay:
        changed = {k: v for k, v in self.changed.items() if k != institution_id}
        removed = self.removed | {institution_id} if builtin else self.removed
        return Overlay(changed, removed)

    def to_json(self) -> dict[str, object]:
        return {
            "format": OVERLAY_FORMAT,
            "institutions": [
                {"wilayah": i.region, **i.as_row()}
                for i in sorted(self.changed.values(), key=lambda i: (i.region, i.id))
            ],
            "removed": sorted(self.removed),
        }


def overlay_path(data_dir: Path) -> Path:
    return data_dir / OVERLAY_FILE


def parse_overlay(text: str, source: str = OVERLAY_FILE) -> Overlay:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DirectoryError(
            source,
            f"baris {error.lineno}",
            f"JSON rusak ({error.msg}).",
            f"malformed JSON ({error.msg}).",
        ) from None
    if not isinstance(data, dict) or data.get("format") != OVERLAY_FORMAT:
        raise DirectoryError(
            source,
            "berkas",
            f'harus objek JSON dengan "format": {OVERLAY_FORMAT}.',
            f'must be a JSON object with "format": {OVERLAY_FORMAT}.',
        )
    unknown = set(data) - {"format", "institutions", "removed"}
    if unknown:
        raise DirectoryError(
            source,
            "berkas",
            f"kunci tidak dikenal: {', '.join(sorted(unknown))}.",
            f"unknown keys: {', '.join(sorted(unknown))}.",
        )
    entries = data.get("institutions", [])
    removed = data.get("removed", [])
    if not isinstance(entries, list) or not isinstance(removed, list):
        raise DirectoryError(
            source,
            "berkas",
            "'institutions' dan 'removed' harus daftar.",
            "'institutions' and 'removed' must be lists.",
        )
    changed: dict[str, Institution] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"entri {number}"
        if not isinstance(entry, dict):
            raise DirectoryError(source, where, "harus objek JSON.", "must be a JSON object.")
        extra = set(entry) - set(COLUMNS) - {"wilayah"}
        if extra:
            raise DirectoryError(
                source,
                where,
                f"kunci tidak dikenal: {', '.join(sorted(extra))}.",
                f"unknown keys: {', '.join(sorted(extra))}.",
            )
        region = entry.get("wilayah")
        institution = build_institution(
            entry, region if isinstance(region, str) else "", source, where
        )
        if institution.id in changed:
            raise DirectoryError(
                source,
                where,
                f"id '{institution.id}' muncul dua kali.",
                f"id '{institution.id}' appears twice.",
            )
        changed[institution.id] = institution
    if not all(isinstance(r, str) and _ID_RE.fullmatch(r) for r in removed):
        raise DirectoryError(
            source,
            "removed",
            "setiap id yang dihapus harus id lembaga yang sah.",
            "each removed id must be a valid institution id.",
        )
    return Overlay(changed, frozenset(removed))


def load_overlay(data_dir: Path) -> Overlay:
    path = overlay_path(data_dir)
    if not path.exists():
        return Overlay()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DirectoryError(path.name, "berkas", "bukan teks UTF-8.", "not UTF-8 text.") from None
    return parse_overlay(text, path.name)


def save_overlay(data_dir: Path, overlay: Overlay) -> None:
    """Write the admin's changes atomically (temp file, fsync, rename)."""
    atomic_write_json(overlay_path(data_dir), overlay.to_json())


# ---------------------------------------------------------------------- directory


@dataclass(frozen=True)
class Directory:
    """The institutions a worker can pick: built-in, then the overlay applied."""

    institutions: tuple[Institution, ...]
    builtin_ids: frozenset[str] = frozenset()
    overlay: Overlay = Overlay()

    def get(self, institution_id: str) -> Institution | None:
        return next((i for i in self.institutions if i.id == institution_id), None)

    def regions(self) -> list[str]:
        """Region ids that have institutions, in program order."""
        present = {i.region for i in self.institutions}
        return [r for r in REGION_LABELS if r in present]

    def types_in(self, region: str) -> list[str]:
        present = {i.type for i in self.institutions if i.region == region}
        return [t for t in TYPE_BY_ID if t in present]

    def find(self, region: str | None = None, type_: str | None = None) -> list[Institution]:
        return [
            i
            for i in self.institutions
            if (region is None or i.region == region) and (type_ is None or i.type == type_)
        ]

    def is_builtin(self, institution_id: str) -> bool:
        return institution_id in self.builtin_ids


def combine(builtin: Iterable[Institution], overlay: Overlay) -> Directory:
    base = list(builtin)
    ids = frozenset(i.id for i in base)
    merged: list[Institution] = []
    for institution in base:
        if institution.id in overlay.removed:
            continue
        merged.append(overlay.changed.get(institution.id, institution))
    merged.extend(i for i in overlay.changed.values() if i.id not in ids)
    order = {region: n for n, region in enumerate(REGION_LABELS)}
    types = {t: n for n, t in enumerate(TYPE_BY_ID)}
    merged.sort(key=lambda i: (order[i.region], types[i.type], i.name.lower()))
    return Directory(tuple(merged), ids, overlay)


def load_directory(data_dir: Path | None = None, folder: Path | None = None) -> Directory:
    """The shipped directory with this laptop's overlay (when ``data_dir`` is given)."""
    overlay = load_overlay(data_dir) if data_dir is not None else Overlay()
    return combine(load_builtin(folder), overlay)


def edited(directory: Directory, institution: Institution) -> Overlay:
    """The overlay after adding or changing one institution (validated like a file row)."""
    checked = build_institution(
        {"wilayah": institution.region, **institution.as_row()},
        institution.region,
        OVERLAY_FILE,
        f"id '{institution.id}'",
    )
    return directory.overlay.with_institution(replace(checked))


def removed(directory: Directory, institution_id: str) -> Overlay:
    return directory.overlay.without(institution_id, builtin=directory.is_builtin(institution_id))
