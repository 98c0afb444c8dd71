"""Bundle export/import: round trip, idempotence, and every rejection leaves the vault as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sync.teamkit import Team, make_team

from fieldcase.core.hlc import MAX_DRIFT_MS, wall_clock_ms
from fieldcase.sync import bundle, bundlefile, envelope, team
from fieldcase.sync.errors import (
    FileDamaged,
    FormatTooNew,
    NotAuthentic,
    SignerNotMember,
    SyncError,
    WrongTeam,
)
from fieldcase.vault.syncstate import SyncState


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Team]:
    t = make_team(tmp_path, 1)
    yield t
    t.close()


def snapshot(session: object) -> tuple[object, ...]:
    s = session  # type: ignore[assignment]
    return (
        s.cases.derived_snapshot(),  # type: ignore[attr-defined]
        s.db.execute("SELECT change_id FROM changes ORDER BY change_id").fetchall(),  # type: ignore[attr-defined]
        s.db.execute("SELECT * FROM sync_seen ORDER BY envelope_id").fetchall(),  # type: ignore[attr-defined]
        s.db.execute("SELECT * FROM sync_cursors ORDER BY transport").fetchall(),  # type: ignore[attr-defined]
        s.db.execute("SELECT * FROM sync_quarantine").fetchall(),  # type: ignore[attr-defined]
    )


def test_round_trip_and_second_import_changes_nothing(pair: Team) -> None:
    boss, worker = pair.sessions
    case_id = worker.cases.create_case({"nama": "Putri", "tahap": "asesmen"})
    worker.cases.save(case_id, {"catatan": "kunjungan 1"})
    data, count = bundlefile.export_bundle(worker)
    assert count == 2
    report = bundlefile.import_bundle(boss, data)
    assert report.applied == 2 and not report.rejected
    assert boss.cases.read(case_id) == worker.cases.read(case_id)
    before = snapshot(boss)
    again = bundlefile.import_bundle(boss, data)
    assert again.applied == 0 and again.duplicates == again.envelopes
    assert snapshot(boss) == before
    actions = [e.action for e in boss.audit.entries(limit=5)]
    assert "sync" in actions
    assert worker.audit.entries(action="export")


def test_supervisor_bundle_relays_everyone(tmp_path: Path) -> None:
    t = make_team(tmp_path, 2)
    try:
        boss, a, b = t.sessions
        case_id = a.cases.create_case({"nama": "Dewi"})
        bundlefile.import_bundle(boss, bundlefile.export_bundle(a)[0])
        bundlefile.import_bundle(b, bundlefile.export_bundle(boss)[0])
        assert b.cases.read(case_id) == {"nama": "Dewi"}
        # a member's bundle carries only its own changes
        b.cases.save(case_id, {"nama": "Dewi S"})
        _data, count = bundlefile.export_bundle(b)
        assert count == 1
    finally:
        t.close()


def test_selected_cases_and_since(pair: Team) -> None:
    _boss, worker = pair.sessions
    first = worker.cases.create_case({"nama": "A"})
    second = worker.cases.create_case({"nama": "B"})
    _, count = bundlefile.export_bundle(worker, case_ids=[second])
    assert count == 1
    _, count = bundlefile.export_bundle(
        worker, since_hlc=bundlefile.since_date_hlc(wall_clock_ms() + 10**9)
    )
    assert count == 0
    assert first != second


def test_quarantine_far_future_change(pair: Team) -> None:
    boss, worker = pair.sessions
    case_id = worker.cases.create_case({"nama": "Ayu"})
    data, _ = bundlefile.export_bundle(worker)
    # The receiving laptop's clock is two days behind the sender's.
    past = wall_clock_ms() - 2 * MAX_DRIFT_MS
    report = bundlefile.import_bundle(boss, data, now_ms=past)
    assert report.quarantined == 1 and report.applied == 0
    assert not boss.cases.exists(case_id)
    assert [q.change_id for q in SyncState(boss.db).quarantined()]
    # When the clock catches up, the next import releases it.
    other = worker.cases.create_case({"nama": "Bunga"})
    report = bundlefile.import_bundle(boss, bundlefile.export_bundle(worker)[0])
    assert report.released == 1
    assert boss.cases.exists(case_id) and boss.cases.exists(other)
    assert SyncState(boss.db).quarantined() == []


def _assert_rejected(session: object, data: bytes, error: type[SyncError]) -> None:
    before = snapshot(session)
    with pytest.raises(error):
        bundlefile.import_bundle(session, data)  # type: ignore[arg-type]
    assert snapshot(session) == before


def test_truncated_padded_and_foreign_bundles(pair: Team, tmp_path: Path) -> None:
    boss, worker = pair.sessions
    worker.cases.create_case({"nama": "Sari"})
    data, _ = bundlefile.export_bundle(worker)
    for cut in (0, 5, 6, len(data) // 2, len(data) - 1):
        _assert_rejected(boss, data[:cut], FileDamaged)
    _assert_rejected(boss, data + b"\0", FileDamaged)
    _assert_rejected(boss, b"PK\x03\x04 not a bundle", FileDamaged)
    newer = data[:5] + bytes([2]) + data[6:]
    _assert_rejected(boss, newer, FormatTooNew)
    other = make_team(tmp_path / "other", 0)
    try:
        foreign, _ = bundlefile.export_bundle(other.supervisor)
        _assert_rejected(boss, foreign, WrongTeam)
    finally:
        other.close()


def test_bundle_from_non_member_with_right_team_id(pair: Team, tmp_path: Path) -> None:
    boss, worker = pair.sessions
    worker.cases.create_case({"nama": "Sari"})
    ctx = team.load(worker)
    parsed = bundle.parse(bundlefile.export_bundle(worker)[0])
    from fieldcase.crypto import SigningKeyPair

    stranger = SigningKeyPair.generate()
    forged = bundle.build(
        ctx.team.team_id, "0190-stranger", "0" * 13 + ".00000.x", list(parsed.envelopes), stranger
    )
    _assert_rejected(boss, forged, SignerNotMember)
    # Re-signed by the stranger but claiming to be the worker: bad signature.
    forged = bundle.build(
        ctx.team.team_id, worker.account_id, parsed.created_hlc, list(parsed.envelopes), stranger
    )
    _assert_rejected(boss, forged, NotAuthentic)


def test_envelope_tampered_inside_validly_resigned_bundle(pair: Team) -> None:
    """The exporter's signature is fine, but one envelope was altered before signing."""
    boss, worker = pair.sessions
    worker.cases.create_case({"nama": "Sari"})
    parsed = bundle.parse(bundlefile.export_bundle(worker)[0])
    env = bytearray(parsed.envelopes[-1])
    env[-70] ^= 1  # inside the ciphertext
    signing, _ = worker.identity_keys()
    resigned = bundle.build(
        parsed.team_id,
        parsed.exporter,
        parsed.created_hlc,
        [*parsed.envelopes[:-1], bytes(env)],
        signing,
    )
    _assert_rejected(boss, resigned, NotAuthentic)
    assert envelope.parse(bytes(env)).header.sender == worker.account_id
