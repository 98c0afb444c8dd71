"""Wizard drafts: unfinished answers autosaved inside the encrypted vault.

A power cut or a crash must not cost a worker the intake they were typing, and
a draft must never sit in a plaintext temp file. Drafts live in the vault's
``drafts`` table; finalising a form writes a change and deletes the draft in
one transaction (see :meth:`DraftStore.finalise`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from fieldcase.core.changes import JsonValue, encode_json
from fieldcase.core.ids import uuid7
from fieldcase.vault.audit import utc_now_iso
from fieldcase.vault.database import sqlite_errors


@dataclass(frozen=True)
class Draft:
    draft_id: str
    form_id: str
    case_id: str | None
    page: int
    answers: dict[str, JsonValue]
    #: path -> hlc of the value shown when the form was opened (for conflict detection).
    bases: dict[str, str]
    created_at: str
    updated_at: str


def _row(r: Any) -> Draft:
    return Draft(r[0], r[1], r[2], int(r[3]), json.loads(r[4]), json.loads(r[5]), r[6], r[7])


_COLUMNS = "draft_id, form_id, case_id, page, answers, bases, created_at, updated_at"


class DraftStore:
    """Create, autosave, list, load and discard drafts of one vault."""

    def __init__(self, db: sqlite_utils.Database, now: Callable[[], str] = utc_now_iso) -> None:
        self._db = db
        self._now = now

    def save(
        self,
        form_id: str,
        answers: Mapping[str, JsonValue],
        *,
        draft_id: str | None = None,
        case_id: str | None = None,
        page: int = 0,
        bases: Mapping[str, str] | None = None,
    ) -> str:
        """Insert or update a draft (durable on return); returns its id."""
        draft_id = draft_id or uuid7()
        now = self._now()
        with sqlite_errors(), self._db.atomic():
            self._db.execute(
                "INSERT INTO drafts (draft_id, form_id, case_id, page, answers, bases,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(draft_id) DO UPDATE SET page = excluded.page,"
                " answers = excluded.answers, bases = excluded.bases,"
                " updated_at = excluded.updated_at",
                [
                    draft_id,
                    form_id,
                    case_id,
                    page,
                    encode_json(dict(answers)),
                    encode_json(dict(bases or {})),
                    now,
                    now,
                ],
            )
        return draft_id

    def get(self, draft_id: str) -> Draft | None:
        with sqlite_errors():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM drafts WHERE draft_id = ?",  # noqa: S608
                [draft_id],
            ).fetchone()
        return _row(row) if row else None

    def list(self, form_id: str | None = None) -> list[Draft]:
        """Unfinished drafts, most recently touched first."""
        sql = f"SELECT {_COLUMNS} FROM drafts"  # noqa: S608
        params: list[str] = []
        if form_id is not None:
            sql += " WHERE form_id = ?"
            params.append(form_id)
        with sqlite_errors():
            return [_row(r) for r in self._db.execute(sql + " ORDER BY updated_at DESC", params)]

    def discard(self, draft_id: str) -> None:
        with sqlite_errors(), self._db.atomic():
            self._db.execute("DELETE FROM drafts WHERE draft_id = ?", [draft_id])

    def finalise(self, draft_id: str | None, write: Callable[[], str]) -> str:
        """Run ``write`` (a case-store save returning the case id) and drop the
        draft in the same transaction: after a crash either the draft is still
        there or the case change is, never neither and never both."""
        with sqlite_errors(), self._db.atomic():
            case_id = write()
            if draft_id is not None:
                self._db.execute("DELETE FROM drafts WHERE draft_id = ?", [draft_id])
        return case_id
