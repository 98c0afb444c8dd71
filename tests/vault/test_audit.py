"""The audit chain detects any edited, deleted or reordered entry."""

from __future__ import annotations

import pytest

from fieldcase.vault.session import Session


def _fill(session: Session) -> None:
    ids = session.cases.create_cases([{"nama": f"anak {i}"} for i in range(3)])
    for case_id in ids:
        session.view_case(case_id)
        session.cases.save(case_id, {"catatan": "x"})


def test_a_fresh_chain_verifies(session: Session) -> None:
    _fill(session)
    report = session.verify_audit()
    assert report.ok
    actions = [e.action for e in reversed(session.audit.entries())]
    assert actions[:2] == ["account_created", "unlock"]
    assert {"create", "view", "edit"} <= set(actions)


@pytest.mark.parametrize("column", ["ts", "account_id", "action", "case_id", "detail"])
def test_editing_any_field_of_any_entry_is_detected(session: Session, column: str) -> None:
    _fill(session)
    total = session.verify_audit().entries
    for seq in range(1, total + 1):
        original = session.db.execute(
            f"SELECT {column} FROM audit WHERE seq = ?", [seq]
        ).fetchone()[0]
        session.db.execute(f"UPDATE audit SET {column} = ? WHERE seq = ?", ["tampered", seq])
        report = session.verify_audit()
        assert not report.ok
        assert report.first_broken_seq == seq
        session.db.execute(f"UPDATE audit SET {column} = ? WHERE seq = ?", [original, seq])
    assert session.verify_audit().ok


def test_deleting_any_entry_is_detected(session: Session) -> None:
    _fill(session)
    total = session.verify_audit().entries
    for seq in range(1, total + 1):
        row = session.db.execute("SELECT * FROM audit WHERE seq = ?", [seq]).fetchone()
        session.db.execute("DELETE FROM audit WHERE seq = ?", [seq])
        report = session.verify_audit()
        assert not report.ok
        assert report.first_broken_seq == seq
        session.db.execute(f"INSERT INTO audit VALUES ({','.join('?' * len(row))})", row)
    assert session.verify_audit().ok


def test_swapping_two_entries_is_detected(session: Session) -> None:
    _fill(session)
    cols = "ts, account_id, action, case_id, detail, prev_hash, hash"
    a = session.db.execute(f"SELECT {cols} FROM audit WHERE seq = 3").fetchone()
    b = session.db.execute(f"SELECT {cols} FROM audit WHERE seq = 4").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    session.db.execute(f"UPDATE audit SET {sets} WHERE seq = 3", list(b))
    session.db.execute(f"UPDATE audit SET {sets} WHERE seq = 4", list(a))
    report = session.verify_audit()
    assert not report.ok
    assert report.first_broken_seq == 3


def test_rewriting_the_whole_tail_without_the_head_is_detected(session: Session) -> None:
    _fill(session)
    last = session.verify_audit().entries
    session.db.execute("DELETE FROM audit WHERE seq = ?", [last])
    report = session.verify_audit()
    assert not report.ok
    assert "removed" in report.reason
