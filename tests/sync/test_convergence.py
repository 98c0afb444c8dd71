"""Convergence: 3-5 replicas, random edits (concurrent edits of one field, deletes),
random syncs through every transport → identical views and conflict sets everywhere."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.sync.fakerelay import FakeRelay
from tests.sync.teamkit import Team, make_team

from fieldcase.sync import bundlefile, team
from fieldcase.sync.folder import ExchangeFolder
from fieldcase.sync.relay import RelayClient
from fieldcase.sync.transport import sync
from fieldcase.vault.session import Session

PATHS = ["nama", "status", "catatan", "risiko"]
VALUES = st.sampled_from(["a", "b", "c", 1, None, ["x", "y"]])

op = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 4), VALUES),
    st.tuples(
        st.just("edit"), st.integers(0, 4), st.integers(0, 5), st.sampled_from(PATHS), VALUES
    ),
    st.tuples(st.just("delete"), st.integers(0, 4), st.integers(0, 5), st.sampled_from(PATHS)),
    st.tuples(
        st.just("sync"),
        st.integers(0, 4),
        st.sampled_from(["folder", "relay", "bundle"]),
        st.integers(0, 4),
    ),
)


class World:
    def __init__(self, root: Path, replicas: int) -> None:
        self.team: Team = make_team(root, replicas - 1)
        self.folder_root = root / "exchange"
        members = {
            m.account_id: m.signing_public for m in team.load(self.team.supervisor).roster.members
        }
        self.relay = FakeRelay(members)
        self.cases: list[str] = []

    @property
    def sessions(self) -> list[Session]:
        return self.team.sessions

    def folder(self, s: Session) -> ExchangeFolder:
        return ExchangeFolder(self.folder_root, self.team.team_id, s.account_id)

    def relay_client(self, s: Session) -> RelayClient:
        signing, _ = s.identity_keys()
        client = httpx.Client(base_url="http://relay.test", transport=self.relay.transport())
        return RelayClient(
            "http://relay.test", self.team.team_id, s.account_id, signing, client=client
        )

    def pick(self, i: int) -> Session:
        return self.sessions[i % len(self.sessions)]

    def run(self, step: tuple[object, ...]) -> None:
        kind = step[0]
        s = self.pick(int(step[1]))  # type: ignore[call-overload]
        if kind == "create":
            self.cases.append(s.cases.create_case({"nama": step[2], "status": "baru"}))
            return
        if kind in ("edit", "delete"):
            if not self.cases:
                return
            case_id = self.cases[int(step[2]) % len(self.cases)]  # type: ignore[call-overload]
            if not s.cases.exists(case_id):
                return
            if kind == "edit":
                s.cases.save(case_id, {str(step[3]): step[4]})
            else:
                s.cases.save(case_id, {}, deletes=[str(step[3])])
            return
        how = step[2]
        if how == "folder":
            sync(s, self.folder(s))
        elif how == "relay":
            sync(s, self.relay_client(s))
        else:
            target = self.pick(int(step[3]))  # type: ignore[call-overload]
            if target is not s:
                bundlefile.import_bundle(target, bundlefile.export_bundle(s)[0])

    def settle(self) -> None:
        """Everyone sends everything, then everyone receives everything."""
        for s in self.sessions:
            sync(s, self.folder(s))
        for s in self.sessions:
            sync(s, self.folder(s))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(replicas=st.integers(3, 5), steps=st.lists(op, min_size=5, max_size=30))
def test_replicas_converge(replicas: int, steps: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp), replicas)
        try:
            for step in steps:
                world.run(step)
            world.settle()
            views = [s.cases.derived_snapshot() for s in world.sessions]
            conflicts = [s.cases.conflicts() for s in world.sessions]
            assert all(s.cases.count() == len(world.cases) for s in world.sessions)
            for view, found in zip(views[1:], conflicts[1:], strict=True):
                assert view == views[0]
                assert found == conflicts[0]
            # The incremental view equals a full rebuild from the log.
            first = world.sessions[0]
            first.cases.rebuild()
            assert first.cases.derived_snapshot() == views[0]
        finally:
            world.team.close()
