"""SqliteStorage on its own: concurrent puts, cursor order, idempotency, schema guard."""

from __future__ import annotations

import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fieldcase.server.records import (
    DatabaseTooNew,
    DatabaseUnreadable,
    EnvelopeConflict,
    Member,
    Replayed,
    RosterNotNewer,
    RosterRecord,
    SeenSignature,
    StorageUnavailable,
    StoredRoster,
    TeamKeyMismatch,
    UnknownTeam,
)
from fieldcase.server.sqlitestore import SCHEMA_VERSION
from fieldcase.server.storage import SqliteStorage, Storage

TEAM = "team-1"
KEY = bytes(range(32))


@pytest.fixture
def team_storage(storage: SqliteStorage) -> SqliteStorage:
    assert storage.add_team(TEAM, KEY, 0) is True
    return storage


def test_sqlite_storage_implements_the_protocol(storage: SqliteStorage) -> None:
    checked: Storage = storage
    assert checked is storage


def test_teams_are_registered_once_with_one_key(storage: SqliteStorage) -> None:
    assert storage.team_key(TEAM) is None
    assert storage.add_team(TEAM, KEY, 1) is True
    assert storage.add_team(TEAM, KEY, 2) is False
    with pytest.raises(TeamKeyMismatch):
        storage.add_team(TEAM, bytes(32), 3)
    assert storage.team_key(TEAM) == KEY


def test_rosters_replace_members_and_only_move_forward(team_storage: SqliteStorage) -> None:
    def record(version: int, *ids: str) -> RosterRecord:
        members = tuple(Member(i, bytes([n]) * 32, "supervisor") for n, i in enumerate(ids))
        return RosterRecord(StoredRoster(TEAM, version, f"v{version}", b"s"), members)

    team_storage.save_roster(record(1, "a", "b"), 0)
    team_storage.save_roster(record(3, "b", "c"), 0)
    assert team_storage.member(TEAM, "a") is None
    assert team_storage.member(TEAM, "c") is not None
    with pytest.raises(RosterNotNewer):
        team_storage.save_roster(record(3, "a"), 0)
    with pytest.raises(UnknownTeam):
        team_storage.save_roster(RosterRecord(StoredRoster("nobody", 1, "x", b"s"), ()), 0)
    roster = team_storage.roster(TEAM)
    assert roster is not None and (roster.version, roster.text) == (3, "v3")


def test_put_is_idempotent_and_conflicts_on_other_bytes(team_storage: SqliteStorage) -> None:
    first = team_storage.put_envelope(TEAM, "e", "a", b"one", 0)
    assert (first.cursor, first.created) == (1, True)
    again = team_storage.put_envelope(TEAM, "e", "b", b"one", 0)
    assert (again.cursor, again.created) == (1, False)
    with pytest.raises(EnvelopeConflict):
        team_storage.put_envelope(TEAM, "e", "a", b"two", 0)
    with pytest.raises(UnknownTeam):
        team_storage.put_envelope("nobody", "e", "a", b"one", 0)
    # A failed job in a batch does not disturb the next write.
    assert team_storage.put_envelope(TEAM, "f", "a", b"two", 0).cursor == 2


def test_concurrent_puts_get_distinct_strictly_increasing_cursors(
    team_storage: SqliteStorage,
) -> None:
    """32 threads x 50 puts: cursors 1..N, each once, in commit order per thread."""
    threads, per_thread = 32, 50
    barrier = threading.Barrier(threads)

    def worker(n: int) -> list[int]:
        barrier.wait()
        return [
            team_storage.put_envelope(TEAM, f"t{n}-{i}", f"acc{n}", os.urandom(64), 0).cursor
            for i in range(per_thread)
        ]

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(worker, range(threads)))
    everything = sorted(c for cursors in results for c in cursors)
    assert everything == list(range(1, threads * per_thread + 1))
    for cursors in results:  # one client's later put always gets a later cursor
        assert cursors == sorted(cursors)


def test_concurrent_puts_of_one_id_store_it_once(team_storage: SqliteStorage) -> None:
    threads = 16
    barrier = threading.Barrier(threads)

    def worker(_: int) -> tuple[int, bool]:
        barrier.wait()
        result = team_storage.put_envelope(TEAM, "same", "a", b"bytes", 0)
        return result.cursor, result.created

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(worker, range(threads)))
    assert {cursor for cursor, _ in results} == {1}
    assert sum(created for _, created in results) == 1


def test_a_reader_polling_during_writes_never_skips_an_envelope(
    team_storage: SqliteStorage,
) -> None:
    """What a client does: page after its cursor while others write; it must see every id."""
    writers, per_writer = 8, 60
    total = writers * per_writer
    done = threading.Event()

    def write(n: int) -> None:
        for i in range(per_writer):
            team_storage.put_envelope(TEAM, f"w{n}-{i}", "a", b"x", 0)

    def read() -> list[tuple[int, str]]:
        seen: list[tuple[int, str]] = []
        after = 0
        while len(seen) < total:
            finished = done.is_set()  # read before the page: then every write has committed
            page = team_storage.envelopes_after(TEAM, after, 7, 1 << 20)
            seen.extend((e.cursor, e.envelope_id) for e in page.envelopes)
            if page.envelopes:
                after = page.envelopes[-1].cursor
            elif finished:
                break
        return seen

    with ThreadPoolExecutor(writers + 2) as pool:
        readers = [pool.submit(read) for _ in range(2)]
        list(pool.map(write, range(writers)))
        done.set()
        for reader in readers:
            seen = reader.result(timeout=60)
            assert [c for c, _ in seen] == list(range(1, total + 1))
            assert len({i for _, i in seen}) == total


def test_signatures_are_remembered_and_purged(storage: SqliteStorage) -> None:
    storage.remember_signature(SeenSignature("a", b"d1", 100))
    with pytest.raises(Replayed):
        storage.remember_signature(SeenSignature("a", b"d1", 100))
    storage.remember_signature(SeenSignature("b", b"d1", 100))
    storage.remember_signature(SeenSignature("a", b"d2", 300))
    assert storage.purge_signatures(200) == 2
    storage.remember_signature(SeenSignature("a", b"d1", 100))
    with pytest.raises(Replayed):
        storage.remember_signature(SeenSignature("a", b"d2", 300))


def test_a_put_records_its_signature_in_the_same_transaction(
    team_storage: SqliteStorage,
) -> None:
    first = SeenSignature("a", b"s1", 100)
    assert team_storage.put_envelope(TEAM, "e", "a", b"one", 0, seen=first).created
    with pytest.raises(Replayed):
        team_storage.put_envelope(TEAM, "e", "a", b"one", 0, seen=first)
    with pytest.raises(Replayed):  # a replay stores nothing, not even a new envelope
        team_storage.put_envelope(TEAM, "f", "a", b"two", 0, seen=first)
    assert team_storage.envelopes_after(TEAM, 0, 10, 1 << 20).envelopes[-1].envelope_id == "e"
    # A conflict is answered, and its signature stays recorded.
    conflict = SeenSignature("a", b"s2", 100)
    with pytest.raises(EnvelopeConflict):
        team_storage.put_envelope(TEAM, "e", "a", b"other", 0, seen=conflict)
    with pytest.raises(Replayed):
        team_storage.remember_signature(conflict)
    # A refused put (unknown team) leaves no record behind.
    lost = SeenSignature("a", b"s3", 100)
    with pytest.raises(UnknownTeam):
        team_storage.put_envelope("nobody", "e", "a", b"one", 0, seen=lost)
    team_storage.remember_signature(lost)


def test_data_survives_reopening(db_path: Path) -> None:
    first = SqliteStorage(db_path)
    first.add_team(TEAM, KEY, 0)
    first.put_envelope(TEAM, "e", "a", b"kept", 0)
    first.close()
    second = SqliteStorage(db_path)
    try:
        page = second.envelopes_after(TEAM, 0, 10, 1 << 20)
        assert [(e.cursor, e.body) for e in page.envelopes] == [(1, b"kept")]
        assert second.put_envelope(TEAM, "f", "a", b"next", 0).cursor == 2
    finally:
        second.close()
    assert not Path(f"{db_path}-wal").exists()  # the last close checkpointed the WAL


def test_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as caught:
        SqliteStorage(db_path)
    assert "fieldcase-server" in caught.value.message_en
    assert db_path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    with pytest.raises(DatabaseUnreadable):
        SqliteStorage(db_path)


def test_a_file_that_is_not_a_database_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseUnreadable):
        SqliteStorage(db_path)


def test_a_closed_storage_refuses_work(db_path: Path) -> None:
    closing = SqliteStorage(db_path)
    closing.add_team(TEAM, KEY, 0)
    assert closing.team_key(TEAM) == KEY  # opens a reader connection in this thread
    closing.close()
    closing.close()  # twice is fine
    with pytest.raises(StorageUnavailable):
        closing.team_key(TEAM)
    with pytest.raises(StorageUnavailable):
        closing.add_team("other", KEY, 0)


def test_reader_connections_are_reused_across_short_lived_threads(
    team_storage: SqliteStorage,
) -> None:
    """The server's worker threads come and go; read connections must not pile up."""
    for _ in range(50):
        thread = threading.Thread(target=team_storage.team_key, args=(TEAM,))
        thread.start()
        thread.join()
    assert len(team_storage._readers) == 1  # white-box: the pool's size
