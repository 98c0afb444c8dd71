"""The sync of one unlocked session: transports, their status, the background run, cancel.

Why one object between the windows and the sync engine: the panel, the
status-bar indicator and the automatic schedule all show and start the same
sync, and only one may run at a time.

Threads: every vault read and the sync itself run on the vault thread
(``VaultWorker``), in order with the lock; the relay's health check is plain
network I/O and runs on a small thread of its own so that a slow network
never holds up the vault. Progress is emitted from the vault thread and
arrives queued on the UI thread. Cancel sets an event the sync checks
between whole steps (``fieldcase.sync.steps``): an envelope is sent and
marked, or a page is imported in one transaction, or neither.

Nothing shown or logged here holds case content: counts, times, ids of
transports, and the bilingual messages of :class:`FieldcaseError`.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PySide6.QtCore import QObject, Signal

from fieldcase.core.errors import FieldcaseError
from fieldcase.sync import enrolserver, exporter, team
from fieldcase.sync.errors import NotInTeam
from fieldcase.sync.folder import ExchangeFolder, require_mounted
from fieldcase.sync.gcpause import gc_paused
from fieldcase.sync.relay import RelayClient, unreachable
from fieldcase.sync.steps import Progress, StepReport, iter_steps, pending_count
from fieldcase.sync.transport import Transport
from fieldcase.ui.operations import log_bug, user_message
from fieldcase.ui.sync.autosync import AutoSync
from fieldcase.ui.sync.settings import AccountSync, SyncSettings
from fieldcase.ui.sync.strings import T
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_S = 4.0

# Transport states (TransportState.status).
NOT_CONFIGURED = "not_configured"
CHECKING = "checking"
REACHABLE = "reachable"
UNREACHABLE = "unreachable"
ERROR = "error"
MANUAL = "manual"


@dataclass
class TransportState:
    """One row of the panel."""

    kind: str  # "server", "folder" or "bundle"
    place: str | None  # URL or folder; None when not configured
    status: str = NOT_CONFIGURED
    last_ms: int | None = None
    pending: int | None = None
    failure: BaseException | None = None  # the last failure, shown in the current language

    @property
    def error(self) -> str:
        return user_message(self.failure) if self.failure is not None else ""


@dataclass
class SyncOutcome:
    """What one run did, per transport kind."""

    reports: dict[str, StepReport] = field(default_factory=dict)
    #: kind → the failure (a FieldcaseError, or a bug shown generically).
    errors: dict[str, BaseException] = field(default_factory=dict)
    cancelled: bool = False
    finished_ms: int = 0

    @property
    def sent(self) -> int:
        return sum(r.sent_changes for r in self.reports.values())

    @property
    def applied(self) -> int:
        return sum(r.applied for r in self.reports.values())

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.reports.values())

    @property
    def quarantined(self) -> int:
        return sum(i.quarantined for r in self.reports.values() for i in r.imports)


#: Makes the transport for (session, kind, place) on the vault thread; returns it
#: and a function that releases it. Injectable for tests.
TransportFactory = Callable[[Session, str, str], tuple[Transport, Callable[[], None]]]


def _http_client(url: str) -> httpx.Client:
    # TCP_NODELAY: httpx writes headers and body separately (docs/sync-protocol.md).
    transport = httpx.HTTPTransport(
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)], retries=1
    )
    return httpx.Client(base_url=url, timeout=httpx.Timeout(30.0, connect=5.0), transport=transport)


def default_transports(
    session: Session, kind: str, place: str
) -> tuple[Transport, Callable[[], None]]:
    ctx = team.load(session)
    if kind == "folder":
        require_mounted(Path(place))
        folder = ExchangeFolder(Path(place), ctx.team.team_id, session.account_id)
        return folder, lambda: None
    signing, _ = session.identity_keys()
    client = RelayClient(
        place, ctx.team.team_id, session.account_id, signing, client=_http_client(place)
    )
    return client, client.close


def check_health(url: str) -> bool:
    """True if the relay answers its health check (network only; no vault)."""
    try:
        with httpx.Client(base_url=url, timeout=HEALTH_TIMEOUT_S) as http:
            return http.get("/v1/health").status_code == 200
    except (httpx.HTTPError, ValueError):
        return False


def transport_key(session: Session, kind: str, place: str) -> str:
    """The cursor key a transport uses (see ExchangeFolder.key, RelayClient.key)."""
    team_id = team.load(session).team.team_id
    if kind == "folder":
        return f"folder:{team_id}"
    return f"relay:{place.rstrip('/')}:{team_id}"


@dataclass(frozen=True)
class _Snapshot:
    in_team: bool
    pending: dict[str, int]


def _snapshot(session: Session, config: AccountSync) -> _Snapshot:
    """Vault-thread job: team membership and pending counts per configured transport."""
    try:
        team.load(session)
    except NotInTeam:
        return _Snapshot(False, {})
    pending: dict[str, int] = {}
    for kind, place in (("server", config.server), ("folder", config.folder)):
        if place:
            pending[kind] = pending_count(session, transport_key(session, kind, place))
    return _Snapshot(True, pending)


class SyncService(QObject):
    """One session's sync: state for the views, ``sync_now``, ``cancel``, automatic runs."""

    #: States, busy flag or messages changed: views refresh from the properties.
    changed = Signal()
    #: A human line about the running sync (already in the current language).
    progressed = Signal(str, int, int)
    #: A run ended (its :class:`SyncOutcome`).
    finished = Signal(object)
    #: Changes were applied from others: case lists and conflict counts are stale.
    synced = Signal(int)

    # Emitted on the health-check thread, delivered queued on the UI thread.
    _health = Signal(str, bool)
    _preflight = Signal(object, bool)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        auto: AutoSync | None = None,
        health: Callable[[str], bool] = check_health,
        transports: TransportFactory = default_transports,
        clock_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        super().__init__(parent)
        self._session: Session | None = session
        self._vault = vault
        self.settings = SyncSettings(data_dir, session.account_id)
        self.config = self.settings.load()
        self.auto = auto if auto is not None else AutoSync(self)
        self.auto.due.connect(self._auto_due)
        self.auto.scheduled.connect(lambda _ms, _retry: self.changed.emit())
        self._health_check = health
        self._transports = transports
        self._clock_ms = clock_ms
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldcase-health")
        self._health.connect(self._on_health)
        self._preflight.connect(self._after_preflight)
        #: Changes per envelope (smaller only in tests, to have several steps).
        self.batch = exporter.BATCH
        self._cancel: threading.Event | None = None
        self._run: _Run | None = None
        self._auto_run = False
        self.in_team = True
        self.busy = False
        self.cancelling = False
        self.cancelled = False  # the last run was cancelled
        # Words are kept as functions and rendered when read, so that a language
        # switch shows in the next refresh (i18n).
        self._message: Callable[[], str] = str
        self._errors: list[Callable[[], str]] = []
        self.states: dict[str, TransportState] = {
            "server": TransportState("server", self.config.server),
            "folder": TransportState("folder", self.config.folder),
            "bundle": TransportState("bundle", None, MANUAL),
        }
        self._apply_config()

    # ------------------------------------------------------------ state

    @property
    def message(self) -> str:
        """The running line, or the last run's summary, in the current language."""
        return self._message()

    @property
    def error(self) -> str:
        """The last failures, one per line, in the current language."""
        return "\n".join(render() for render in self._errors)

    def show_error(self, render: Callable[[], str]) -> None:
        """Show a message from a view (e.g. a bad server address) like a failure."""
        self._errors = [render]
        self.changed.emit()

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def configured(self) -> list[str]:
        """Kinds that can sync now (server first: it is the quickest way round)."""
        return [k for k in ("server", "folder") if self.states[k].place]

    def _apply_config(self) -> None:
        for kind in ("server", "folder"):
            state = self.states[kind]
            place = self.config.server if kind == "server" else self.config.folder
            if place != state.place:
                state.place, state.failure, state.pending = place, None, None
            if not place:
                state.status = NOT_CONFIGURED
        for kind, state in self.states.items():
            state.last_ms = self.config.last_ms.get(kind)

    def refresh(self) -> None:
        """Re-read pending counts (vault thread) and check reachability (network thread)."""
        session = self._session
        if session is None:
            return
        config = self.config
        operation = self._vault.run("sync.status", lambda: _snapshot(session, config), quiet=True)
        operation.succeeded.connect(self._on_snapshot)
        operation.failed.connect(self._on_snapshot_failed)
        folder = self.states["folder"]
        if folder.place:
            folder.status = REACHABLE if Path(folder.place).is_dir() else UNREACHABLE
        server = self.states["server"]
        if server.place:
            if server.status not in (REACHABLE, UNREACHABLE, ERROR):
                server.status = CHECKING
            url = server.place
            future = self._checker.submit(self._health_check, url)
            future.add_done_callback(lambda f: self._health_done(url, f))
        self.changed.emit()

    def _health_done(self, url: str, future: Future[bool]) -> None:
        try:
            ok = bool(future.result())
        except Exception:  # a broken checker must not leave "Checking…" for ever
            ok = False
        with contextlib.suppress(RuntimeError):  # the service was deleted meanwhile
            self._health.emit(url, ok)

    def _on_health(self, url: str, ok: bool) -> None:
        state = self.states["server"]
        if self._session is None or state.place != url:
            return
        if ok:
            state.status = REACHABLE
            if not self.auto.active and self.in_team:
                self.auto.start()
        elif state.status != ERROR:
            state.status = UNREACHABLE
        self.changed.emit()

    def _on_snapshot(self, snapshot: _Snapshot) -> None:
        if self._session is None:
            return
        self.in_team = snapshot.in_team
        for kind, count in snapshot.pending.items():
            self.states[kind].pending = count
        self.changed.emit()

    def _on_snapshot_failed(self, error: BaseException) -> None:
        self._errors = [lambda: user_message(error)]
        self.changed.emit()

    # ------------------------------------------------------------ configuration

    def set_folder(self, path: Path | None) -> None:
        self.config = self.settings.update(folder=str(path) if path else None)
        self._apply_config()
        self.refresh()

    def set_server(self, url: str | None) -> None:
        self.config = self.settings.update(server=url.rstrip("/") if url else None)
        self._apply_config()
        self.states["server"].status = NOT_CONFIGURED if not url else CHECKING
        if not url:
            self.auto.stop()
        self.refresh()

    def mark_exported(self) -> None:
        """A bundle was exported: the bundle row's "last" time."""
        when = self._clock_ms()
        self.config = self.settings.mark_synced("bundle", when)
        self.states["bundle"].last_ms = when
        self.changed.emit()

    # ------------------------------------------------------------ running

    def start(self) -> None:
        """On unlock: show the status, and sync by itself once the relay answers."""
        self.refresh()

    def sync_now(self, kinds: list[str] | None = None, *, auto: bool = False) -> bool:
        """Start a background sync through ``kinds`` (default: all configured); False if
        one is already running, nothing is configured, or the session is gone."""
        session = self._session
        chosen = [k for k in (kinds or self.configured) if self.states[k].place]
        if session is None or self.busy or not chosen:
            if not chosen and not auto:
                self.show_error(lambda: T.NOTHING_CONFIGURED)
            return False
        targets = [(k, str(self.states[k].place)) for k in chosen]
        cancel = threading.Event()
        self._cancel = cancel
        self._auto_run = auto
        self.busy, self.cancelling, self.cancelled = True, False, False
        self._message, self._errors = (lambda: T.STARTING), []
        self.changed.emit()
        run = _Run(session, targets, self._transports, self.batch)
        self._run = run
        server = next((place for kind, place in targets if kind == "server"), None)
        if server is None:
            self._next_step(run)
            return True
        # Ask the relay first, off the vault thread: offline, a sync step would hold
        # the vault thread for the whole connect timeout; a health check does not.
        future = self._checker.submit(self._health_check, server)
        future.add_done_callback(lambda f: self._preflight_done(run, f))
        return True

    def _preflight_done(self, run: _Run, future: Future[bool]) -> None:
        try:
            ok = bool(future.result())
        except Exception:
            ok = False
        with contextlib.suppress(RuntimeError):  # the service was deleted meanwhile
            self._preflight.emit(run, ok)

    def _after_preflight(self, run: _Run, ok: bool) -> None:
        if run is not self._run:
            return
        if not ok:
            run.skip("server", unreachable())
        if self._session is None or (self._cancel is not None and self._cancel.is_set()):
            operation = self._vault.run("sync.stop", run.stop)
            operation.succeeded.connect(self._on_finished)
            operation.failed.connect(self._on_crashed)
            return
        self._next_step(run)

    def _next_step(self, run: _Run) -> None:
        operation = self._vault.run("sync.step", run.step, quiet=True)
        operation.succeeded.connect(lambda step: self._stepped(run, step))
        operation.failed.connect(self._on_crashed)

    def _stepped(self, run: _Run, step: _Step) -> None:
        if step.done:
            self._on_finished(run.outcome)
            return
        cancel = self._cancel
        if self._session is None or cancel is None or cancel.is_set():
            operation = self._vault.run("sync.stop", run.stop)
            operation.succeeded.connect(self._on_finished)
            operation.failed.connect(self._on_crashed)
            return
        if step.progress is not None:
            self._on_progress(step.kind, step.progress)
        self._next_step(run)

    def cancel(self) -> None:
        if self._cancel is not None and self.busy:
            self._cancel.set()
            self.cancelling = True
            self._message = lambda: T.CANCELLING
            self.changed.emit()

    def _on_progress(self, kind: str, progress: Progress) -> None:
        if not self.busy or self.cancelling:
            return
        phase, done, total = progress.phase, progress.done, progress.total
        if phase == "push":
            self.states[kind].pending = max(0, total - done)
            self._message = lambda: T.PUSHING.format(done=done, total=total)
        else:
            self._message = lambda: T.PULLING.format(done=done)
        self.progressed.emit(self.message, done, total)
        self.changed.emit()

    def _on_finished(self, outcome: SyncOutcome) -> None:
        self.busy, self.cancelling, self._cancel, self._run = False, False, None, None
        if self._session is None:
            return
        for kind, report in outcome.reports.items():
            if not report.cancelled:
                self.config = self.settings.mark_synced(kind, outcome.finished_ms)
            state = self.states[kind]
            state.failure = None
            state.status = REACHABLE
        for kind, failure in outcome.errors.items():
            state = self.states[kind]
            state.failure = failure
            state.status = UNREACHABLE if kind == "server" else ERROR
        self._apply_config()
        self.cancelled = outcome.cancelled
        self._message = lambda: _summary(outcome)
        self._errors = [_failure_line(k, e) for k, e in outcome.errors.items()]
        if self.auto.active and self._auto_run:
            if "server" in outcome.errors:
                self.auto.failed()
            else:
                self.auto.succeeded()
        elif "server" in outcome.reports and not self.auto.active:
            self.auto.start()  # a manual sync proved the server reachable
            self.auto.succeeded()
        self.finished.emit(outcome)
        if outcome.applied:
            self.synced.emit(outcome.applied)
        self.refresh()

    def _on_crashed(self, error: BaseException) -> None:
        self.busy, self.cancelling, self._cancel, self._run = False, False, None, None
        self._message, self._errors = str, [lambda: user_message(error)]
        if self.auto.active and self._auto_run:
            self.auto.failed()
        self.changed.emit()

    def _auto_due(self) -> None:
        if self._session is None:
            return
        if "server" not in self.configured:
            self.auto.stop()
            return
        if self.busy or not self.in_team or not self.sync_now(["server"], auto=True):
            self.auto.skipped()

    def close(self) -> None:
        """On lock: stop the schedule and cancel a run (it ends at its next step)."""
        self.auto.stop()
        if self._cancel is not None:
            self._cancel.set()
        self._session = None
        self._checker.shutdown(wait=False, cancel_futures=True)


def _summary(outcome: SyncOutcome) -> str:
    lines = [T.CANCELLED] if outcome.cancelled else []
    if not outcome.cancelled:
        lines.append(T.DONE.format(sent=outcome.sent, applied=outcome.applied))
    if outcome.rejected:
        lines.append(T.REJECTED.format(count=outcome.rejected))
    if outcome.quarantined:
        lines.append(T.QUARANTINED.format(count=outcome.quarantined))
    return " ".join(lines)


def _failure_line(kind: str, failure: BaseException) -> Callable[[], str]:
    # The engine's messages already name the server or the folder; a bug's does not.
    if isinstance(failure, FieldcaseError):
        return lambda: user_message(failure)
    return lambda: f"{T.SERVER if kind == 'server' else T.FOLDER}: {user_message(failure)}"


@dataclass
class _Step:
    """What one step job reports back: done, or which transport moved and how far."""

    done: bool
    kind: str = ""
    progress: Progress | None = None


class _Run:
    """One sync run spread over many vault jobs, one whole step each.

    Why not one long job: the vault thread runs jobs in order, so a sync of
    thousands of changes in one job would keep a person from opening a case
    until it ends. Between steps other jobs (and a lock) get their turn.
    Only the vault thread calls :meth:`step` and :meth:`stop`.
    """

    def __init__(
        self,
        session: Session,
        targets: list[tuple[str, str]],
        factory: TransportFactory,
        batch: int,
    ) -> None:
        self.session = session
        self.targets = list(targets)
        self.factory = factory
        self.batch = batch
        self.outcome = SyncOutcome()
        self._current: tuple[str, Generator[Progress, None, None], Callable[[], None]] | None
        self._current = None
        self._report = StepReport()

    def step(self) -> _Step:
        """Vault-thread job: one step; opens the next transport when one is through."""
        while True:
            if self._current is None:
                if not self.targets:
                    self.outcome.finished_ms = time.time_ns() // 1_000_000
                    return _Step(True)
                kind, place = self.targets.pop(0)
                try:
                    transport, release = self.factory(self.session, kind, place)
                except Exception as error:
                    self._fail(kind, error)
                    continue
                self._report = StepReport()
                steps = iter_steps(self.session, transport, self._report, batch=self.batch)
                self._current = (kind, steps, release)
                if isinstance(transport, RelayClient):
                    try:  # supervisors publish the roster first (409 = already there)
                        enrolserver.publish_roster(self.session, transport)
                    except Exception as error:
                        self._close()
                        self._fail(kind, error)
                        continue
            kind, steps, _ = self._current
            try:
                with gc_paused():
                    progress = next(steps)
            except StopIteration:
                self._close()
                self.outcome.reports[kind] = self._report
                continue
            except Exception as error:
                self._close()
                self._fail(kind, error)
                continue
            return _Step(False, kind, progress)

    def skip(self, kind: str, error: Exception) -> None:
        """Leave out a transport that failed before its turn (the relay's health check)."""
        self.targets = [(k, p) for k, p in self.targets if k != kind]
        self.outcome.errors[kind] = error

    def stop(self) -> SyncOutcome:
        """Vault-thread job after a cancel: let go of the transport; the vault is consistent."""
        if self._current is not None:
            kind = self._current[0]
            self._close()
            self._report.cancelled = True
            self.outcome.reports[kind] = self._report
        self.outcome.cancelled = True
        self.outcome.finished_ms = time.time_ns() // 1_000_000
        return self.outcome

    def _close(self) -> None:
        if self._current is not None:
            _, steps, release = self._current
            self._current = None
            try:
                steps.close()
            finally:
                release()

    def _fail(self, kind: str, error: Exception) -> None:
        if not isinstance(error, FieldcaseError):  # a bug: logged by type and place
            log_bug(error, f"sync.{kind}")
        self.outcome.errors[kind] = error
