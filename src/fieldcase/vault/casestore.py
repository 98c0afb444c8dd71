"""The case store: every save is one change in the log; the view is derived.

Writes go to the append-only ``changes`` table (one row per save, carrying
every field it set with that field's ``base_hlc``) and, in the same
transaction, to the derived tables: ``field_state`` (current value per
field), ``cases`` (list columns), ``case_search`` (FTS5) and ``conflicts``,
plus the projections registered by layers above (:mod:`fieldcase.vault.derived`).
:meth:`CaseStore.rebuild` recomputes all derived tables from the log alone;
a test checks that it reproduces them exactly.

Every write also appends its audit entry in the same transaction, so a crash
leaves both or neither.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlite_utils

from fieldcase.core.casefields import (
    PROJECTED_FIELDS,
    PROJECTED_PATHS,
    SEARCH_FIELDS,
    SEARCHED_PATHS,
    is_valid_path,
)
from fieldcase.core.changes import (
    Change,
    FieldWrite,
    JsonValue,
    StoredChange,
    decode_writes,
    encode_json,
    payload_from_encoded,
)
from fieldcase.core.errors import CaseNotFound, InvalidInput
from fieldcase.core.hlc import HybridLogicalClock
from fieldcase.core.ids import uuid7
from fieldcase.core.merge import PathWrite, conflicting, winner
from fieldcase.vault import derived
from fieldcase.vault.audit import AuditLog, DetailValue
from fieldcase.vault.database import guarded, sqlite_errors

_T = TypeVar("_T")
#: Case-list columns that can filter the list (fixed: they are spliced into SQL).
FILTER_COLUMNS = frozenset({"stage", "status", "region", "risk"})
TRAINING_PATH = "pelatihan"
#: How many of the newest full-text matches are ranked by relevance.
_RANKED_MATCHES = 1000
_HLC_META_KEY = "hlc_last"


@dataclass(frozen=True)
class CaseSummary:
    """The non-identifying columns shown in the case list."""

    id: str
    stage: str | None
    status: str | None
    region: str | None
    risk: str | None
    assigned: str | None
    updated_hlc: str
    training: bool


@dataclass(frozen=True)
class FieldState:
    """The current value of one field and the hlc of the change that set it."""

    value: JsonValue
    hlc: str
    deleted: bool

    @property
    def author(self) -> str:
        """The account that wrote it: HLC strings end with the author's account id."""
        return self.hlc.split(".", 2)[2]


@dataclass(frozen=True)
class Conflict:
    case_id: str
    path: str
    winner_change: str
    loser_changes: tuple[str, ...]


_SUMMARY_COLUMNS = "id, stage, status, region, risk, assigned, updated_hlc, training"


def _summary(row: Sequence[Any]) -> CaseSummary:
    return CaseSummary(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]))


def _dumps(value: JsonValue) -> str:
    return encode_json(value)


def _search_text(value: JsonValue) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_search_text(v) for v in value)
    return str(value)


def _projection(fields: Mapping[str, JsonValue]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, path in PROJECTED_FIELDS.items():
        value = fields.get(path)
        row[column] = None if value is None else _search_text(value)
    row["training"] = 1 if fields.get(TRAINING_PATH) else 0
    return row


def _encode_values(fields: Mapping[str, JsonValue]) -> dict[str, str]:
    """Each value's JSON text, in sorted path order."""
    return {path: _dumps(fields[path]) for path in sorted(fields)}


def _validate_paths(paths: Iterable[str]) -> None:
    for path in paths:
        if not isinstance(path, str) or not is_valid_path(path):
            raise InvalidInput(
                f"Nama isian tidak sah: {path!r}. Gunakan huruf, angka dan garis bawah.",
                f"Invalid field name: {path!r}. Use letters, digits and underscores.",
            )


def _encode_checked(encode: Callable[[], _T]) -> _T:
    """Run a JSON encoding; a value that is not JSON becomes a clear InvalidInput."""
    try:
        return encode()
    except (TypeError, ValueError):
        raise InvalidInput(
            "Nilai isian harus berupa teks, angka, ya/tidak atau daftar.",
            "Field values must be text, numbers, yes/no or lists.",
        ) from None


class CaseStore:
    """Cases of one unlocked vault, written by one account."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        account_id: str,
        audit: AuditLog,
        clock: HybridLogicalClock | None = None,
    ) -> None:
        self._db = db
        self.account_id = account_id
        self._audit = audit
        row = db.execute("SELECT value FROM meta WHERE key = ?", [_HLC_META_KEY]).fetchone()
        self.clock = clock or HybridLogicalClock(account_id, last=row[0] if row else None)

    # ------------------------------------------------------------------ writing

    def create_case(self, fields: Mapping[str, JsonValue]) -> str:
        """Create one case from its first fields; returns the new case id."""
        return self.create_cases([fields])[0]

    def create_cases(self, many: Iterable[Mapping[str, JsonValue]]) -> list[str]:
        """Create many cases in one transaction (bulk import, demo data).

        Each case still gets its own change (and its own audit entry), exactly
        as if it had been created alone.
        """
        items = [dict(f) for f in many]
        _validate_paths({path for fields in items for path in fields})
        # Encode every value once: the same JSON text goes into field_state
        # and, assembled in sorted order, into the change payload.
        encoded = [_encode_checked(functools.partial(_encode_values, fields)) for fields in items]
        case_ids: list[str] = []
        change_rows: list[tuple[Any, ...]] = []
        state_rows: list[tuple[Any, ...]] = []
        case_rows: list[tuple[Any, ...]] = []
        search_rows: list[tuple[Any, ...]] = []
        audit_items: list[tuple[str, str | None, dict[str, DetailValue], str | None]] = []
        account = self.account_id
        with sqlite_errors(), self._db.atomic():
            seq = self._last_seq(account)
            for fields, values in zip(items, encoded, strict=True):
                case_id = uuid7()
                hlc = self.clock.now()
                seq += 1
                change_rows.append(
                    (uuid7(), account, seq, case_id, hlc, payload_from_encoded(values))
                )
                # Sorted ids (UUIDv7) and sorted paths: rows arrive in key order.
                state_rows.extend((case_id, path, text, hlc) for path, text in values.items())
                proj = _projection(fields)
                case_rows.append(
                    (
                        case_id,
                        hlc,
                        hlc,
                        proj["stage"],
                        proj["status"],
                        proj["region"],
                        proj["risk"],
                        proj["assigned"],
                        proj["training"],
                    )
                )
                search_rows.append((case_id, *self._search_columns(fields)))
                audit_items.append(("create", case_id, {"fields": len(fields)}, None))
                case_ids.append(case_id)
            conn = self._db.conn
            conn.executemany(
                "INSERT INTO changes (change_id, account_id, seq, case_id, hlc, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                change_rows,
            )
            conn.executemany(
                "INSERT INTO field_state (case_id, path, value, hlc, deleted)"
                " VALUES (?, ?, ?, ?, 0)",
                state_rows,
            )
            conn.executemany(
                "INSERT INTO cases (id, created_hlc, updated_hlc, stage, status, region, risk,"
                " assigned, training) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                case_rows,
            )
            conn.executemany(
                "INSERT INTO case_search (rowid, name, alias, notes, narrative)"
                " VALUES ((SELECT rowid FROM cases WHERE id = ?), ?, ?, ?, ?)",
                search_rows,
            )
            self._set_last_seq(self.account_id, seq)
            self._persist_clock()
            derived.after_write(self._db, case_ids, dict(zip(case_ids, encoded, strict=True)))
            self._audit.append_many(audit_items)
        return case_ids

    def save(
        self,
        case_id: str,
        fields: Mapping[str, JsonValue],
        *,
        base: Mapping[str, str] | None = None,
        deletes: Iterable[str] = (),
    ) -> Change:
        """Record one save of an existing case as one change.

        ``base`` maps each path to the hlc of the value the user saw when the
        form was opened; without it the current hlc is assumed (no conflict).
        ``deletes`` lists paths to clear (tombstones, never physical deletes).
        """
        deleted = sorted(set(deletes))
        _validate_paths([*fields, *deleted])
        with sqlite_errors(), self._db.atomic():
            if not self.exists(case_id):
                raise CaseNotFound(case_id)
            current = self.field_states(case_id)
            bases = dict(base or {})

            def base_of(path: str) -> str:
                if path in bases:
                    return bases[path]
                state = current.get(path)
                return state.hlc if state else ""

            writes = [FieldWrite(p, v, base_of(p)) for p, v in sorted(fields.items())]
            writes += [FieldWrite(p, None, base_of(p), deleted=True) for p in deleted]
            change = Change(
                change_id=uuid7(),
                account_id=self.account_id,
                seq=self._last_seq(self.account_id) + 1,
                case_id=case_id,
                hlc=self.clock.now(),
                writes=tuple(writes),
            )
            _encode_checked(change.payload_json)
            self._apply([change])
            self._persist_clock()
            self._audit.append("edit", case_id, {"fields": len(writes)})
        return change

    def apply_changes(self, changes: Iterable[Change]) -> int:
        """Apply changes from any replica (idempotent); returns how many were new.

        The caller checks authenticity and clock drift first; this folds the
        changes into the view in one transaction.
        """
        with sqlite_errors(), self._db.atomic():
            applied = self._apply(list(changes))
            self._persist_clock()
        return applied

    def _apply(self, changes: list[Change]) -> int:
        """Fold changes into the log and the view (inside the caller's transaction).

        Batched for imports of thousands of changes: one lookup of the known
        change ids, one read of each touched case's field hlcs, and
        ``executemany`` for the rows; the per-field slow path (reading the
        case's history) runs only for concurrent edits and open conflicts.
        """
        known = self._stored(
            "SELECT change_id FROM changes WHERE change_id IN ({marks})",
            [c.change_id for c in changes],
        )
        fresh: list[Change] = []
        for change in changes:
            if change.change_id not in known:
                known.add(change.change_id)
                fresh.append(change)
        if not fresh:
            return 0
        conn = self._db.conn
        conn.executemany(
            "INSERT INTO changes (change_id, account_id, seq, case_id, hlc, payload)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(c.change_id, c.account_id, c.seq, c.case_id, c.hlc, c.payload_json()) for c in fresh],
        )
        last_seq: dict[str, int] = {}
        for change in fresh:
            last_seq[change.account_id] = max(last_seq.get(change.account_id, 0), change.seq)
            self.clock.observe(change.hlc)
        for account_id, seq in last_seq.items():
            if seq > self._last_seq(account_id):
                self._set_last_seq(account_id, seq)
        by_case: dict[str, list[Change]] = defaultdict(list)
        for change in fresh:
            by_case[change.case_id].append(change)
        existing = self._stored("SELECT id FROM cases WHERE id IN ({marks})", list(by_case))
        new_cases: list[tuple[str, list[Change]]] = []
        for case_id, case_changes in by_case.items():
            ordered = sorted(case_changes, key=lambda c: c.hlc)
            if case_id in existing or not self._is_linear(ordered):
                self._apply_to_case(case_id, ordered)
            else:
                new_cases.append((case_id, ordered))
        encoded = self._insert_new_cases(new_cases)
        derived.after_write(self._db, list(by_case), encoded)
        return len(fresh)

    @staticmethod
    def _is_linear(changes: list[Change]) -> bool:
        """True when each write saw the previous value of its field (no conflict possible)."""
        seen: dict[str, str] = {}
        for change in changes:
            for write in change.writes:
                before = seen.get(write.path)
                if before is not None and write.base_hlc != before:
                    return False
                seen[write.path] = change.hlc
        return True

    def _insert_new_cases(
        self, new_cases: list[tuple[str, list[Change]]]
    ) -> dict[str, dict[str, str]]:
        """Cases this vault has never seen, with conflict-free histories: their
        rows are computed in Python and written with three ``executemany`` calls
        (the common case of a first sync or a bundle import). Returns each new
        case's current fields as JSON text, for the registered projections."""
        encoded: dict[str, dict[str, str]] = {}
        if not new_cases:
            return encoded
        case_rows: list[tuple[Any, ...]] = []
        state_rows: list[tuple[Any, ...]] = []
        search_rows: list[tuple[Any, ...]] = []
        for case_id, changes in new_cases:
            winners: dict[str, tuple[Change, FieldWrite]] = {}
            for change in changes:  # oldest first: later writes win
                for write in change.writes:
                    winners[write.path] = (change, write)
            values = {
                path: write.value for path, (_, write) in winners.items() if not write.deleted
            }
            proj = _projection(values)
            case_rows.append(
                (
                    case_id,
                    changes[0].hlc,
                    changes[-1].hlc,
                    proj["stage"],
                    proj["status"],
                    proj["region"],
                    proj["risk"],
                    proj["assigned"],
                    proj["training"],
                )
            )
            texts: dict[str, str] = {}
            for path, (change, write) in sorted(winners.items()):
                text = None if write.deleted else _dumps(write.value)
                state_rows.append((case_id, path, text, change.hlc, 1 if write.deleted else 0))
                if text is not None:
                    texts[path] = text
            encoded[case_id] = texts
            search_rows.append((case_id, *self._search_columns(values)))
        conn = self._db.conn
        conn.executemany(
            "INSERT INTO cases (id, created_hlc, updated_hlc, stage, status, region, risk,"
            " assigned, training) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            case_rows,
        )
        conn.executemany(
            "INSERT INTO field_state (case_id, path, value, hlc, deleted) VALUES (?, ?, ?, ?, ?)",
            state_rows,
        )
        conn.executemany(
            "INSERT INTO case_search (rowid, name, alias, notes, narrative)"
            " VALUES ((SELECT rowid FROM cases WHERE id = ?), ?, ?, ?, ?)",
            search_rows,
        )
        return encoded

    def _stored(self, query: str, ids: list[str]) -> set[str]:
        """Which of ``ids`` a ``SELECT x FROM t WHERE x IN ({marks})`` query finds,
        asked in chunks that stay under SQLite's bound-parameter limit."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._db.execute(query.format(marks=marks), chunk))
        return found

    def _apply_to_case(self, case_id: str, changes: list[Change]) -> None:
        """Apply one case's new changes (oldest first) and refresh its derived rows."""
        first, last = changes[0].hlc, changes[-1].hlc
        self._db.execute(
            "INSERT INTO cases (id, created_hlc, updated_hlc) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET"
            " created_hlc = min(created_hlc, excluded.created_hlc),"
            " updated_hlc = max(updated_hlc, excluded.updated_hlc)",
            [case_id, first, last],
        )
        current: dict[str, str] = dict(
            self._db.execute("SELECT path, hlc FROM field_state WHERE case_id = ?", [case_id])
        )
        open_conflicts = {
            r[0]
            for r in self._db.execute("SELECT path FROM conflicts WHERE case_id = ?", [case_id])
        }
        winners: dict[str, tuple[Any, ...]] = {}
        recheck: set[str] = set()
        for change in changes:
            for write in change.writes:
                current_hlc = current.get(write.path)
                if current_hlc is None or change.hlc > current_hlc:
                    current[write.path] = change.hlc
                    winners[write.path] = (
                        case_id,
                        write.path,
                        None if write.deleted else _dumps(write.value),
                        change.hlc,
                        1 if write.deleted else 0,
                    )
                sequential = current_hlc is None or write.base_hlc == current_hlc
                if not sequential or write.path in open_conflicts:
                    recheck.add(write.path)
        self._db.conn.executemany(
            "INSERT INTO field_state (case_id, path, value, hlc, deleted)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(case_id, path) DO UPDATE SET"
            " value = excluded.value, hlc = excluded.hlc, deleted = excluded.deleted",
            list(winners.values()),
        )
        for path in sorted(recheck):
            self._recompute_conflict(case_id, path)
        self._refresh_derived(case_id)

    def _path_writes(self, case_id: str, path: str) -> list[PathWrite]:
        found = []
        for change_id, hlc, payload in self._db.execute(
            "SELECT change_id, hlc, payload FROM changes WHERE case_id = ?", [case_id]
        ):
            for w in decode_writes(payload):
                if w.path == path:
                    found.append(PathWrite(hlc, w.base_hlc, change_id, w.value, w.deleted))
        return found

    def _recompute_conflict(self, case_id: str, path: str) -> None:
        writes = self._path_writes(case_id, path)
        losers = conflicting(writes)
        self._db.execute("DELETE FROM conflicts WHERE case_id = ? AND path = ?", [case_id, path])
        if losers:
            self._db.execute(
                "INSERT INTO conflicts (case_id, path, winner_change, loser_changes)"
                " VALUES (?, ?, ?, ?)",
                [case_id, path, winner(writes).change_id, _dumps([w.change_id for w in losers])],
            )

    def _refresh_derived(self, case_id: str) -> None:
        """Recompute one case's list columns and search row from field_state."""
        wanted = sorted(PROJECTED_PATHS | SEARCHED_PATHS | {TRAINING_PATH})
        marks = ",".join("?" * len(wanted))
        values = {
            path: json.loads(value)
            for path, value in self._db.execute(
                f"SELECT path, value FROM field_state WHERE case_id = ? AND deleted = 0"  # noqa: S608
                f" AND path IN ({marks})",
                [case_id, *wanted],
            )
        }
        proj = _projection(values)
        self._db.execute(
            "UPDATE cases SET stage = ?, status = ?, region = ?, risk = ?, assigned = ?,"
            " training = ? WHERE id = ?",
            [
                proj["stage"],
                proj["status"],
                proj["region"],
                proj["risk"],
                proj["assigned"],
                proj["training"],
                case_id,
            ],
        )
        rowid = self._db.execute("SELECT rowid FROM cases WHERE id = ?", [case_id]).fetchone()[0]
        self._db.execute("DELETE FROM case_search WHERE rowid = ?", [rowid])
        self._db.execute(
            "INSERT INTO case_search (rowid, name, alias, notes, narrative) VALUES (?, ?, ?, ?, ?)",
            [rowid, *self._search_columns(values)],
        )

    @staticmethod
    def _search_columns(fields: Mapping[str, JsonValue]) -> list[str]:
        return [
            " ".join(_search_text(fields.get(p)) for p in paths).strip()
            for paths in SEARCH_FIELDS.values()
        ]

    def _last_seq(self, account_id: str) -> int:
        row = self._db.execute(
            "SELECT last_seq FROM sequences WHERE account_id = ?", [account_id]
        ).fetchone()
        return int(row[0]) if row else 0

    def _set_last_seq(self, account_id: str, seq: int) -> None:
        self._db.execute(
            "INSERT INTO sequences (account_id, last_seq) VALUES (?, ?)"
            " ON CONFLICT(account_id) DO UPDATE SET last_seq = excluded.last_seq",
            [account_id, seq],
        )

    def _persist_clock(self) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [_HLC_META_KEY, self.clock.last],
        )

    # ------------------------------------------------------------------ reading

    @guarded
    def exists(self, case_id: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM cases WHERE id = ?", [case_id]).fetchone())

    @guarded
    def read(self, case_id: str) -> dict[str, JsonValue]:
        """Current values of a case (tombstoned fields left out). Not audited:
        callers that show a case to a person go through the session's
        ``view_case``."""
        with sqlite_errors():
            if not self.exists(case_id):
                raise CaseNotFound(case_id)
            return {
                path: json.loads(value)
                for path, value in self._db.execute(
                    "SELECT path, value FROM field_state WHERE case_id = ? AND deleted = 0"
                    " ORDER BY path",
                    [case_id],
                )
            }

    @guarded
    def field_states(self, case_id: str) -> dict[str, FieldState]:
        return {
            r[0]: FieldState(None if r[1] is None else json.loads(r[1]), r[2], bool(r[3]))
            for r in self._db.execute(
                "SELECT path, value, hlc, deleted FROM field_state WHERE case_id = ?",
                [case_id],
            )
        }

    @guarded
    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM cases").fetchone()[0])

    @guarded
    def case_ids(
        self, newest_first: bool = True, *, where: Mapping[str, str] | None = None
    ) -> list[str]:
        """Case ids in list order; the UI model holds only these.

        ``where`` filters on the list columns (``stage``, ``status``, ``region``,
        ``risk``), each an exact value; other keys are refused.
        """
        clauses, params = self._filter_sql(where or {})
        sql = "SELECT id FROM cases" + clauses  # noqa: S608 - columns from FILTER_COLUMNS
        sql += " ORDER BY updated_hlc DESC" if newest_first else " ORDER BY updated_hlc ASC"
        return [r[0] for r in self._db.execute(sql, params)]

    def column_values(self, column: str) -> list[str]:
        """The distinct values of one filterable list column (for filter menus)."""
        if column not in FILTER_COLUMNS:
            raise ValueError(f"not a filter column: {column}")
        return self.filter_values()[column]

    @guarded
    def filter_values(self) -> dict[str, list[str]]:
        """Every filter column's distinct values, sorted, read in one pass over the list."""
        columns = sorted(FILTER_COLUMNS)
        found: dict[str, set[str]] = {column: set() for column in columns}
        sql = f"SELECT DISTINCT {', '.join(columns)} FROM cases"  # noqa: S608 - fixed columns
        for row in self._db.execute(sql):
            for column, value in zip(columns, row, strict=True):
                if value is not None:
                    found[column].add(value)
        return {column: sorted(values) for column, values in found.items()}

    @staticmethod
    def _filter_sql(where: Mapping[str, str]) -> tuple[str, list[str]]:
        unknown = set(where) - FILTER_COLUMNS
        if unknown:
            raise ValueError(f"not filter columns: {sorted(unknown)}")
        if not where:
            return "", []
        columns = sorted(where)
        return " WHERE " + " AND ".join(f"{c} = ?" for c in columns), [where[c] for c in columns]

    @guarded
    def summaries(self, case_ids: Sequence[str]) -> list[CaseSummary]:
        """List columns for the given ids, in the same order (missing ids skipped)."""
        if not case_ids:
            return []
        marks = ",".join("?" * len(case_ids))
        rows = {
            r[0]: _summary(r)
            for r in self._db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM cases WHERE id IN ({marks})",  # noqa: S608
                list(case_ids),
            )
        }
        return [rows[i] for i in case_ids if i in rows]

    @guarded
    def page(self, offset: int = 0, limit: int = 50) -> list[CaseSummary]:
        """One page of the case list, newest first."""
        with sqlite_errors():
            return [
                _summary(r)
                for r in self._db.execute(
                    f"SELECT {_SUMMARY_COLUMNS} FROM cases"  # noqa: S608
                    " ORDER BY updated_hlc DESC LIMIT ? OFFSET ?",
                    [limit, offset],
                )
            ]

    @guarded
    def search(self, text: str, limit: int = 100) -> list[str]:
        """Case ids whose name, alias, notes or narrative match every word (prefixes)."""
        words = [w.replace('"', "") for w in text.split()]
        words = [w for w in words if w]
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)
        # Ranking every match of a common word costs ~50 ms on 20,000 cases;
        # rank only the newest matches (cases get higher rowids over time).
        with sqlite_errors():
            return [
                r[0]
                for r in self._db.execute(
                    "SELECT cases.id FROM (SELECT rowid, rank FROM case_search"
                    " WHERE case_search MATCH ? ORDER BY rowid DESC LIMIT ?) AS hits"
                    " JOIN cases ON cases.rowid = hits.rowid ORDER BY hits.rank LIMIT ?",
                    [query, _RANKED_MATCHES, limit],
                )
            ]

    @guarded
    def history(self, case_id: str) -> list[Change]:
        """Every change of a case, oldest first: the case history users see."""
        return [
            Change(r[0], r[1], r[2], r[3], r[4], decode_writes(r[5]))
            for r in self._db.execute(
                "SELECT change_id, account_id, seq, case_id, hlc, payload FROM changes"
                " WHERE case_id = ? ORDER BY hlc",
                [case_id],
            )
        ]

    def changes_since(
        self, after_rowid: int, *, account_id: str | None = None, limit: int = 1000
    ) -> list[tuple[int, Change]]:
        """Changes stored after ``after_rowid`` (arrival order), optionally of one author.

        Sync uses the log's rowid as its outgoing cursor: it grows with every
        change this vault stores, own or received, so "what is new since the
        last push" is one indexed range scan.
        """
        return [
            (
                rowid,
                Change(
                    c.change_id, c.account_id, c.seq, c.case_id, c.hlc, decode_writes(c.payload)
                ),
            )
            for rowid, c in self.stored_changes_since(
                after_rowid, account_id=account_id, limit=limit
            )
        ]

    @guarded
    def stored_changes_since(
        self, after_rowid: int, *, account_id: str | None = None, limit: int = 1000
    ) -> list[tuple[int, StoredChange]]:
        """Changes after ``after_rowid`` with each payload left as its stored JSON text."""
        sql = (
            "SELECT rowid, change_id, account_id, seq, case_id, hlc, payload FROM changes"
            " WHERE rowid > ?"
        )
        params: list[Any] = [after_rowid]
        if account_id is not None:
            sql += " AND account_id = ?"
            params.append(account_id)
        sql += " ORDER BY rowid LIMIT ?"
        params.append(limit)
        return [
            (int(r[0]), StoredChange(r[1], r[2], int(r[3]), r[4], r[5], r[6]))
            for r in self._db.execute(sql, params)
        ]

    @guarded
    def changes_for_cases(self, case_ids: Iterable[str]) -> list[Change]:
        """Every change of the given cases, in hlc order (a selective export)."""
        found: list[Change] = []
        for case_id in dict.fromkeys(case_ids):
            found.extend(self.history(case_id))
        return sorted(found, key=lambda c: c.hlc)

    @guarded
    def changes_after_hlc(self, hlc: str) -> list[Change]:
        """Every change with an hlc after ``hlc`` (an export "since a date")."""
        return [
            Change(r[0], r[1], r[2], r[3], r[4], decode_writes(r[5]))
            for r in self._db.execute(
                "SELECT change_id, account_id, seq, case_id, hlc, payload FROM changes"
                " WHERE hlc > ? ORDER BY hlc",
                [hlc],
            )
        ]

    @guarded
    def has_change(self, change_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM changes WHERE change_id = ?", [change_id]).fetchone()
            is not None
        )

    @guarded
    def change_id_at(self, account_id: str, seq: int) -> str | None:
        """The id of ``account_id``'s change number ``seq``, if this vault holds it."""
        row = self._db.execute(
            "SELECT change_id FROM changes WHERE account_id = ? AND seq = ?", [account_id, seq]
        ).fetchone()
        return str(row[0]) if row else None

    @guarded
    def contiguous_seq(self, account_id: str) -> int:
        """The largest n such that this vault holds changes 1..n of ``account_id``."""
        n = 0
        for (seq,) in self._db.execute(
            "SELECT seq FROM changes WHERE account_id = ? ORDER BY seq", [account_id]
        ):
            if seq != n + 1:
                break
            n = seq
        return n

    @guarded
    def conflicts(self, case_id: str | None = None) -> list[Conflict]:
        sql = "SELECT case_id, path, winner_change, loser_changes FROM conflicts"
        params: list[str] = []
        if case_id is not None:
            sql += " WHERE case_id = ?"
            params.append(case_id)
        return [
            Conflict(r[0], r[1], r[2], tuple(json.loads(r[3])))
            for r in self._db.execute(sql + " ORDER BY case_id, path", params)
        ]

    # ------------------------------------------------------------- maintenance

    @guarded
    def derived_snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every derived table's rows, sorted: what :meth:`rebuild` must reproduce.

        Includes the rows of every registered projection (vault/derived.py).
        """
        projected = {p.name: p.snapshot(self._db) for p in derived.projections()}
        return projected | {
            "field_state": self._db.execute(
                "SELECT * FROM field_state ORDER BY case_id, path"
            ).fetchall(),
            "cases": self._db.execute(
                "SELECT id, created_hlc, updated_hlc, stage, status, region, risk, assigned,"
                " training FROM cases ORDER BY id"
            ).fetchall(),
            "conflicts": self._db.execute(
                "SELECT * FROM conflicts ORDER BY case_id, path"
            ).fetchall(),
            "search": self._db.execute(
                "SELECT cases.id, name, alias, notes, narrative FROM case_search"
                " JOIN cases ON cases.rowid = case_search.rowid ORDER BY cases.id"
            ).fetchall(),
        }

    def rebuild(self) -> int:
        """Recompute every derived table from the change log; returns the change count."""
        per_path: dict[tuple[str, str], list[PathWrite]] = defaultdict(list)
        span: dict[str, tuple[str, str]] = {}
        count = 0
        with sqlite_errors(), self._db.atomic():
            for change_id, case_id, hlc, payload in self._db.execute(
                "SELECT change_id, case_id, hlc, payload FROM changes"
            ):
                count += 1
                first, last = span.get(case_id, (hlc, hlc))
                span[case_id] = (min(first, hlc), max(last, hlc))
                for w in decode_writes(payload):
                    per_path[(case_id, w.path)].append(
                        PathWrite(hlc, w.base_hlc, change_id, w.value, w.deleted)
                    )
            conn = self._db.conn
            for table in ("field_state", "conflicts", "case_search", "cases"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608
            conn.executemany(
                "INSERT INTO cases (id, created_hlc, updated_hlc) VALUES (?, ?, ?)",
                [(case_id, first, last) for case_id, (first, last) in sorted(span.items())],
            )
            state_rows, conflict_rows = [], []
            for (case_id, path), writes in per_path.items():
                top = winner(writes)
                state_rows.append(
                    (
                        case_id,
                        path,
                        None if top.deleted else _dumps(top.value),
                        top.hlc,
                        1 if top.deleted else 0,
                    )
                )
                losers = conflicting(writes)
                if losers:
                    conflict_rows.append(
                        (case_id, path, top.change_id, _dumps([w.change_id for w in losers]))
                    )
            conn.executemany(
                "INSERT INTO field_state (case_id, path, value, hlc, deleted)"
                " VALUES (?, ?, ?, ?, ?)",
                state_rows,
            )
            conn.executemany(
                "INSERT INTO conflicts (case_id, path, winner_change, loser_changes)"
                " VALUES (?, ?, ?, ?)",
                conflict_rows,
            )
            for case_id in span:
                self._refresh_derived(case_id)
            derived.after_write(self._db, None)
            self._audit.append("rebuild", None, {"changes": count})
        return count
