"""The values of context fields (``fieldcase.forms.context``), derived from the case and account.

Qt-free. Never stored: the wizard gives them to the engine, which uses them in
expressions and leaves them out of :meth:`FormEngine.stored_fields`. A
context field this module does not know keeps its form's fallback
calculation (the registry in ``fieldcase.forms.context`` is the list to
implement; a new entry there shows up as a failing test here).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from fieldcase.core.changes import JsonValue
from fieldcase.forms.context import CONTEXT_FIELDS, ContextKind
from fieldcase.forms.model import Form, parse_path
from fieldcase.ui.wizard import display

OPEN_REFERRAL = frozenset({"dikirim", "diterima"})
OPEN_PLAN_ROW = frozenset({"direncanakan", "dirujuk", "berjalan"})

#: Every name this module supplies (a test compares it with CONTEXT_FIELDS).
SUPPLIED = frozenset(
    {
        "jumlah_rujukan_terbuka",
        "jumlah_rencana_terbuka",
        "jumlah_baris_rencana",
        "umur_kasus_hari",
        "jenis_kekerasan",
        "bentuk_esa",
        "pelaku_anak",
        "peran_pengguna",
        "nama_pengguna",
    }
)


def _rows(fields: Mapping[str, JsonValue], prefix: str, name: str) -> dict[int, JsonValue]:
    """``prefix[n].name`` → value, by n (a repeat row or a record)."""
    found: dict[int, JsonValue] = {}
    for path, value in fields.items():
        parts = parse_path(path)
        if parts is None or parts.name != name or parts.index is None:
            continue
        if parts.record is None and parts.repeat == prefix:
            found[parts.index] = value
    return found


def _row_numbers(fields: Mapping[str, JsonValue], prefix: str) -> set[int]:
    numbers: set[int] = set()
    for path in fields:
        parts = parse_path(path)
        if parts is not None and parts.record is None and parts.repeat == prefix:
            assert parts.index is not None
            numbers.add(parts.index)
    return numbers


def case_age_days(fields: Mapping[str, JsonValue], now: datetime) -> int | None:
    received = display.parse_stored_datetime(fields.get("waktu_pengaduan"), now.tzinfo)
    if received is None:
        return None
    return max(0, (now - received).days)


def context_values(
    form: Form,
    case_fields: Mapping[str, JsonValue],
    *,
    role: str,
    user_name: str,
    now: datetime,
) -> dict[str, JsonValue]:
    """The context values ``form`` asks for; a name missing here keeps its fallback."""
    wanted = {q.name for q in form.context_fields()}
    values: dict[str, JsonValue] = {}
    for name in wanted:
        spec = CONTEXT_FIELDS.get(name)
        if spec is None:
            continue
        if name == "jumlah_rujukan_terbuka":
            statuses = _rows(case_fields, "rujukan", "status_rujukan").values()
            values[name] = sum(1 for s in statuses if s in OPEN_REFERRAL)
        elif name == "jumlah_rencana_terbuka":
            statuses = _rows(case_fields, "rencana", "status_rencana").values()
            values[name] = sum(1 for s in statuses if s in OPEN_PLAN_ROW)
        elif name == "jumlah_baris_rencana":
            values[name] = len(_row_numbers(case_fields, "rencana"))
        elif name == "umur_kasus_hari":
            age = case_age_days(case_fields, now)
            if age is not None:
                values[name] = age
        elif spec.kind is ContextKind.CASE_FIELD:
            value = case_fields.get(name)
            if value is not None:
                values[name] = value
        elif name == "peran_pengguna":
            values[name] = role
        elif name == "nama_pengguna":
            values[name] = user_name
    return values
