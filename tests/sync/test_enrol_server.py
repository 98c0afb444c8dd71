"""Enrolment through the real relay server on 127.0.0.1: two data dirs, request to sync."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import cheap_kdf
from tests.sync.relaykit import Relay, running_relay
from tests.sync.teamkit import Team, make_team, new_account

from fieldcase.core.roles import Role
from fieldcase.sync import enrolserver, team
from fieldcase.sync.errors import EnrolmentError, NotAuthentic, WrongTeam
from fieldcase.sync.relay import RelayRefused
from fieldcase.sync.transport import sync
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState

CANARY_NAME = "Kanari Pemohon Zq7"


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    with running_relay(tmp_path / "server") as running:
        yield running


@pytest.fixture
def boss_team(tmp_path: Path, relay: Relay) -> Iterator[Team]:
    """A supervisor's team registered on the server, enrolment open."""
    t = make_team(tmp_path / "team", 0)
    boss = t.supervisor
    ctx = team.load(boss)
    relay.storage.add_team(ctx.team.team_id, ctx.team.team_public, int(time.time() * 1000))
    client = enrolserver.client_for(boss, relay.url)
    enrolserver.open_enrolment(boss, client)
    client.close()
    yield t
    t.close()


@pytest.fixture
def applicant(tmp_path: Path) -> Iterator[Session]:
    """A new account on another laptop, in no team yet."""
    folder = tmp_path / "new-laptop"
    folder.mkdir()
    s = new_account(AccountStore(folder, kdf_params=cheap_kdf), CANARY_NAME, Role.PENDAMPING)
    yield s
    if not s.locked:
        s.lock()


_OPEN: list[enrolserver.RelayClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _client(s: Session, relay: Relay, team_id: str | None = None) -> enrolserver.RelayClient:
    made = enrolserver.client_for(s, relay.url, team_id)
    _OPEN.append(made)
    return made


def test_request_approve_fetch_then_sync(boss_team: Team, applicant: Session, relay: Relay) -> None:
    boss = boss_team.supervisor
    team_id = boss_team.team_id
    mine = _client(applicant, relay, team_id)
    posted = enrolserver.post_request(applicant, mine)
    assert posted.team_fingerprint == team.fingerprint(team.load(boss).team.team_public)
    # Not approved yet: a clear "wait", nothing stored.
    with pytest.raises(enrolserver.EnrolmentPending):
        enrolserver.fetch_answer(applicant, mine)
    assert SyncState(applicant.db).team() is None

    sup = _client(boss, relay)
    [waiting] = enrolserver.pending(boss, sup)
    assert waiting.account_id == applicant.account_id
    assert waiting.request is not None and waiting.request.display_name == CANARY_NAME
    assert waiting.fingerprint == posted.request_fingerprint
    enrolserver.approve(boss, sup, applicant.account_id, posted.request_fingerprint.lower())
    assert team.load(boss).roster.member(applicant.account_id) is not None

    assert enrolserver.fetch_answer(applicant, mine) == team_id
    assert team.load(applicant).roster.member(applicant.account_id) is not None
    assert enrolserver.pending(boss, sup) == []  # the applicant withdrew the done request

    # The new member syncs through the same server right away.
    worker = _client(applicant, relay)
    case_id = applicant.cases.create_case({"nama": "Lestari", "risiko": "sedang"})
    sync(applicant, worker)
    sync(boss, sup)
    assert boss.cases.read(case_id) == applicant.cases.read(case_id)
    while _OPEN:
        _OPEN.pop().close()

    # The server holds public keys and ciphertext only: no name in its files.
    relay.storage.close()
    for path in relay.db_path.parent.iterdir():
        data = path.read_bytes()
        assert CANARY_NAME.encode() not in data, path.name
        assert b"UPTD PPA Mataram" not in data, path.name


def test_wrong_fingerprint_is_refused_and_enrols_nobody(
    boss_team: Team, applicant: Session, relay: Relay
) -> None:
    boss = boss_team.supervisor
    enrolserver.post_request(applicant, _client(applicant, relay, boss_team.team_id))
    version = team.load(boss).roster.version
    with pytest.raises(enrolserver.FingerprintMismatch):
        enrolserver.approve(boss, _client(boss, relay), applicant.account_id, "AAAA BBBB")
    assert team.load(boss).roster.version == version
    enrolserver.reject(boss, _client(boss, relay), applicant.account_id)
    assert enrolserver.pending(boss, _client(boss, relay)) == []


def test_wrong_team_is_refused(
    boss_team: Team, applicant: Session, relay: Relay, tmp_path: Path
) -> None:
    # A team that never opened enrolment on this server.
    other = make_team(tmp_path / "other", 0)
    try:
        other_boss = other.supervisor
        octx = team.load(other_boss)
        relay.storage.add_team(octx.team.team_id, octx.team.team_public, 0)
        with pytest.raises(RelayRefused) as closed:
            enrolserver.post_request(applicant, _client(applicant, relay, other.team_id))
        assert closed.value.code == "enrolment_closed"
        # The other team's supervisor cannot read this team's requests.
        enrolserver.post_request(applicant, _client(applicant, relay, boss_team.team_id))
        stranger = _client(other_boss, relay, boss_team.team_id)
        with pytest.raises(RelayRefused) as refused:
            stranger.call("GET", f"/v1/teams/{boss_team.team_id}/enrolment/requests")
        assert refused.value.status == 401
        # An answer made by the other team, sealed for this applicant and slot (a
        # server mixing up teams): refused by its certificate, nothing stored.
        answer = team.answer_request(other_boss, team.make_request(applicant))
        sealed = enrolserver.seal_to_public_key(
            applicant.identity_keys()[1].public_bytes,
            answer,
            enrolserver._answer_aad(boss_team.team_id, applicant.account_id),
        )
        relay.storage.put_enrolment_answer(
            boss_team.team_id, applicant.account_id, sealed, int(time.time() * 1000)
        )
        with pytest.raises(WrongTeam):
            enrolserver.fetch_answer(applicant, _client(applicant, relay, boss_team.team_id))
        assert SyncState(applicant.db).team() is None
    finally:
        other.close()


def _approve(boss: Session, relay: Relay, applicant: Session, team_id: str) -> None:
    posted = enrolserver.post_request(applicant, _client(applicant, relay, team_id))
    enrolserver.approve(
        boss, _client(boss, relay), applicant.account_id, posted.request_fingerprint
    )


def _stored_answer(relay: Relay, team_id: str, account_id: str) -> bytes:
    found = relay.storage.enrolment_request(team_id, account_id, int(time.time() * 1000))
    assert found is not None and found.answer is not None
    return found.answer


def test_tampered_and_replayed_answers_are_refused(
    boss_team: Team, applicant: Session, relay: Relay, tmp_path: Path
) -> None:
    boss, team_id = boss_team.supervisor, boss_team.team_id
    now = int(time.time() * 1000)
    _approve(boss, relay, applicant, team_id)
    good = _stored_answer(relay, team_id, applicant.account_id)
    mine = _client(applicant, relay, team_id)

    # Tampered: any flipped byte fails the seal; nothing stored.
    for position in (0, 40, len(good) // 2, len(good) - 1):
        bad = bytearray(good)
        bad[position] ^= 0x01
        relay.storage.put_enrolment_answer(team_id, applicant.account_id, bytes(bad), now)
        with pytest.raises(NotAuthentic):
            enrolserver.fetch_answer(applicant, mine)
        assert SyncState(applicant.db).team() is None

    # Replayed from another account: a second applicant's answer in this slot.
    folder = tmp_path / "third-laptop"
    folder.mkdir()
    second = new_account(AccountStore(folder, kdf_params=cheap_kdf), "Budi", Role.PENDAMPING)
    try:
        _approve(boss, relay, second, team_id)
        theirs = _stored_answer(relay, team_id, second.account_id)
        relay.storage.put_enrolment_answer(team_id, applicant.account_id, theirs, now)
        with pytest.raises(NotAuthentic):
            enrolserver.fetch_answer(applicant, mine)
        assert SyncState(applicant.db).team() is None
    finally:
        second.lock()

    # The genuine answer still works, once; a replay of it afterwards changes nothing.
    relay.storage.put_enrolment_answer(team_id, applicant.account_id, good, now)
    assert enrolserver.fetch_answer(applicant, mine) == team_id
    roster_before = SyncState(applicant.db).roster()
    relay.storage.put_enrolment_answer(team_id, applicant.account_id, good, now)
    with pytest.raises(EnrolmentError):
        enrolserver.fetch_answer(applicant, mine)
    assert SyncState(applicant.db).roster() == roster_before


def test_a_replayed_signed_request_is_refused(
    boss_team: Team, applicant: Session, relay: Relay
) -> None:
    """Resending the exact bytes of a signed answer fetch: 401 replayed."""
    team_id = boss_team.team_id
    _approve(boss_team.supervisor, relay, applicant, team_id)
    sent: list[httpx.Request] = []
    http = httpx.Client(base_url=relay.url, event_hooks={"request": [sent.append]}, timeout=10.0)
    signing, _ = applicant.identity_keys()
    mine = enrolserver.RelayClient(relay.url, team_id, applicant.account_id, signing, client=http)
    path = f"/v1/teams/{team_id}/enrolment/requests/{applicant.account_id}/answer"
    assert mine.call("GET", path).status_code == 200
    again = httpx.get(relay.url + path, headers=dict(sent[-1].headers))
    assert again.status_code == 401 and again.json()["error"] == "replayed"
    mine.close()


def test_oversized_request_is_refused(boss_team: Team, applicant: Session, relay: Relay) -> None:
    team_id = boss_team.team_id
    mine = _client(applicant, relay, team_id)
    body = b'{"signing_public": "x", "sealed": "' + b"A" * 20_000 + b'"}'
    with pytest.raises(RelayRefused) as refused:
        mine.call(
            "PUT",
            f"/v1/teams/{team_id}/enrolment/requests/{applicant.account_id}",
            body,
            "application/json",
        )
    assert refused.value.status == 413
    assert relay.storage.enrolment_requests(team_id, 0) == []
