"""The worklist home: what is due, what waits for my approval, my drafts — most urgent first.

Real vaults (the cheap-KDF store), the real procedure file, the real vault
thread. The clock is fixed: 2025-03-10 00:00 UTC is 08:00 WITA in Lombok.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE

from fieldcase import i18n
from fieldcase.core.changes import JsonValue
from fieldcase.core.roles import Role
from fieldcase.forms.custom import builtin_procedure
from fieldcase.ui.caselist import case_code
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.worklist import KindRole, TargetRole, WorklistModel, WorklistWidget
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session
from fieldcase.vault.worklist import Urgency, WorkKind, WorklistBuilder, build_worklist

NOW = datetime(2025, 3, 10, 0, 0, tzinfo=UTC)
CANARY = "Melati Canarysari"

_BASE: dict[str, JsonValue] = {
    "nama": CANARY,
    "jenis_kekerasan": ["seksual"],
    "wilayah": "Lombok",
    "tingkat_risiko": "rendah",
    "tahap": "penerimaan_pengaduan",
    "status": "aktif",
}
#: Police report (3×24 h) overdue since 04/03.
OVERDUE: dict[str, JsonValue] = {**_BASE, "waktu_pengaduan": "2025-03-01T02:00:00Z"}
#: Police report due 10/03 18:00 WITA: later today.
TODAY: dict[str, JsonValue] = {**_BASE, "waktu_pengaduan": "2025-03-07T10:00:00Z"}
#: Police report due 12/03: not today.
LATER: dict[str, JsonValue] = {**_BASE, "waktu_pengaduan": "2025-03-09T00:00:00Z"}
#: Closed: nothing is due, however old.
CLOSED: dict[str, JsonValue] = {**OVERDUE, "status": "ditutup"}
#: A service plan waiting for the supervisor.
PLAN: dict[str, JsonValue] = {"tahap": "rencana_layanan", "tanggal_rencana": "2025-03-08"}
#: A closure the supervisor sent back: the worker's turn until the case changes.
SENT_BACK: dict[str, JsonValue] = {"tahap": "terminasi", "persetujuan_terminasi": "perlu_perbaikan"}


@pytest.fixture
def supervisor(store: AccountStore) -> Iterator[Session]:
    created = store.create("Sari Supervisor", Role.SUPERVISOR, PASSPHRASE)
    opened = store.unlock(created.info.id, PASSPHRASE)
    yield opened
    opened.lock()


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()


def _fill(session: Session) -> dict[str, str]:
    names = ("overdue", "today", "later", "closed", "plan", "sent_back")
    ids = session.cases.create_cases([OVERDUE, TODAY, LATER, CLOSED, PLAN, SENT_BACK])
    return dict(zip(names, ids, strict=True))


# ------------------------------------------------------------------ the query


def test_due_and_overdue_first_then_drafts_for_a_case_worker(session: Session) -> None:
    cases = _fill(session)
    draft = session.drafts.save("penerimaan", {"nama": CANARY})
    worklist = build_worklist(session, builtin_procedure(), NOW)
    rows = [(i.kind, i.urgency, i.target) for i in worklist.items]
    assert rows == [
        (WorkKind.DEADLINE, Urgency.OVERDUE, cases["overdue"]),
        (WorkKind.DEADLINE, Urgency.TODAY, cases["today"]),
        (WorkKind.DRAFT, Urgency.DRAFT, draft),
    ]
    assert worklist.cases_checked == 5  # the closed case is not even read
    overdue = worklist.items[0]
    assert overdue.title.id.startswith("Laporan ke polisi")
    assert overdue.when.id == "04/03/2025 10:00 WITA"
    assert CANARY not in repr(worklist)


def test_an_immediate_rule_shows_when_it_fell_due(session: Session) -> None:
    high_risk = {**LATER, "tingkat_risiko": "tinggi"}  # a high-risk response is due at once
    session.cases.create_cases([high_risk])
    items = build_worklist(session, builtin_procedure(), NOW).items
    immediate = [i for i in items if i.when.id.endswith("(segera)")]
    assert [i.urgency for i in immediate] == [Urgency.OVERDUE]
    assert immediate[0].when.id == "09/03/2025 08:00 WITA (segera)"
    assert immediate[0].when.en == "09/03/2025 08:00 WITA (immediately)"


def test_a_supervisor_sees_what_waits_for_approval(supervisor: Session) -> None:
    cases = _fill(supervisor)
    approvals = [
        i.target
        for i in build_worklist(supervisor, builtin_procedure(), NOW).items
        if i.kind is WorkKind.APPROVAL
    ]
    assert approvals == [cases["plan"]]
    # The worker changes the closure that was sent back: it waits for approval again.
    supervisor.cases.save(cases["sent_back"], {"tanggal_terminasi": "2025-03-09"})
    approvals = [
        i.target
        for i in build_worklist(supervisor, builtin_procedure(), NOW).items
        if i.kind is WorkKind.APPROVAL
    ]
    assert sorted(approvals) == sorted([cases["plan"], cases["sent_back"]])


def test_later_refreshes_recompute_only_changed_cases(session: Session) -> None:
    cases = _fill(session)
    builder = WorklistBuilder(builtin_procedure())
    chunks = builder.plan(session)
    assert sum(len(c) for c in chunks) == 5
    for chunk in chunks:
        builder.compute(session, chunk, NOW)
    assert len(builder.finish(session, NOW).items) == 2
    assert builder.plan(session) == []  # nothing changed
    session.cases.save(cases["overdue"], {"tanggal_lp": "2025-03-09"})  # police report made
    assert [c for chunk in builder.plan(session) for c, _ in chunk] == [cases["overdue"]]
    # ...and the clock alone moves "later" into "today" without reading it again.
    later = datetime(2025, 3, 11, 23, 0, tzinfo=UTC)  # 12/03 07:00 WITA, due 08:00
    items = builder.finish(session, later).items
    assert (cases["later"], Urgency.TODAY) in [(i.target, i.urgency) for i in items]


# ------------------------------------------------------------------ the model


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, session: Session) -> None:
    _fill(session)
    session.drafts.save("penerimaan", {})
    model = WorklistModel()
    qtmodeltester.check(model)
    model.set_items(build_worklist(session, builtin_procedure(), NOW).items)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    model.clear()
    qtmodeltester.check(model)


def test_overdue_is_said_in_words_and_with_an_icon(qtbot: QtBot, session: Session) -> None:
    _fill(session)
    model = WorklistModel()
    model.set_items(build_worklist(session, builtin_procedure(), NOW).items)
    first = model.index(0, 0)
    assert "TERLAMBAT" in model.data(first)
    assert not model.data(first, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(first, KindRole) == "deadline"
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) is not None  # red, but not alone
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Laporan ke polisi") and "\n" in tip  # with the rule behind it
    i18n.set_language("en")
    try:
        assert "OVERDUE" in model.data(first)
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Status"
    finally:
        i18n.set_language("id")


# ------------------------------------------------------------------ the widget


def _shown(qtbot: QtBot, session: Session, vault: VaultWorker) -> WorklistWidget:
    widget = WorklistWidget(session, vault, clock=lambda: NOW, chunk=2)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


def test_widget_loads_on_the_vault_thread_and_opens_cases_and_drafts(
    qtbot: QtBot, session: Session, vault: VaultWorker
) -> None:
    cases = _fill(session)
    draft = session.drafts.save("penerimaan", {"nama": CANARY}, case_id=cases["later"])
    widget = _shown(qtbot, session, vault)
    with qtbot.waitSignal(widget.loaded, timeout=10000) as loaded:
        widget.refresh()
        assert widget.loading
        assert "Memuat" in widget.status.text()
        assert QApplication.overrideCursor() is None  # background work: no wait cursor
    assert loaded.args == [3]
    assert not widget.loading
    status = widget.status.text()
    assert "1 terlambat · 1 jatuh tempo hari ini · 1 draf" in status
    assert "0 " not in status.split("—")[0]  # empty kinds are not listed
    assert widget.table.selectionModel().selectedRows()[0].row() == 0  # Enter works at once
    model = widget.model
    assert model.data(model.index(0, 2)) == case_code(cases["overdue"])
    assert model.data(model.index(2, 2)) == case_code(cases["later"])

    # Keyboard: the table has focus, Enter on the first row opens its case.
    widget.table.setFocus()
    widget.table.selectRow(0)
    with qtbot.waitSignal(widget.openCase) as opened:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert opened.args == [cases["overdue"]]
    widget.table.selectRow(2)
    with qtbot.waitSignal(widget.resumeDraft) as resumed:
        widget.open_button.click()
    assert resumed.args == [draft]
    assert model.data(model.index(2, 0), TargetRole) == draft


def test_empty_state_helps_and_clear_drops_everything(
    qtbot: QtBot, session: Session, vault: VaultWorker
) -> None:
    widget = _shown(qtbot, session, vault)
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.refresh()
    assert widget.empty.isVisible()
    assert "Tidak ada yang jatuh tempo hari ini" in widget.empty.text()
    assert not widget.table.isVisible()

    session.cases.create_cases([OVERDUE])
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.refresh()
    assert widget.model.rowCount() == 1 and widget.table.isVisible()

    widget.refresh()  # a refresh in flight when the vault is locked: its outcome is dropped
    widget.clear()
    qtbot.wait(200)
    assert widget.model.rowCount() == 0
    assert widget.status.text() == ""
    assert not widget.refresh_button.isEnabled()
    widget.refresh()  # after a lock: does nothing
    assert not widget.loading


def test_words_follow_the_language_switch(
    qtbot: QtBot, session: Session, vault: VaultWorker
) -> None:
    session.cases.create_cases([OVERDUE])
    widget = _shown(qtbot, session, vault)
    assert widget.heading.text().startswith("Hari ini")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=10_000)  # computed on show
    assert widget.status.text().startswith("1 terlambat — dari 1 kasus terbuka")
    i18n.set_language("en")
    try:
        assert widget.heading.text().startswith("Today")
        assert widget.open_button.text() == "&Open"
        assert widget.status.text().startswith("1 overdue — from 1 open case(s)")
        assert widget.model.data(widget.model.index(0, 0)) == "OVERDUE"
    finally:
        i18n.set_language("id")
    assert widget.refresh_button.text() == "&Muat ulang"
