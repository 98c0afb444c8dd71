"""The case list model alone: Qt's model contract, lazy blocks, placeholder rows."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldcase import i18n
from fieldcase.core.demo import demo_cases
from fieldcase.core.errors import VaultDamaged
from fieldcase.ui import texts
from fieldcase.ui.caselist import CaseIdRole, CaseListModel, Column, case_code, display_value
from fieldcase.ui.valuelabels import value_label
from fieldcase.vault.casestore import CaseSummary
from fieldcase.vault.session import Session

DISPLAY = Qt.ItemDataRole.DisplayRole


def summary(case_id: str, stage: str | None = "asesmen") -> CaseSummary:
    return CaseSummary(case_id, stage, "aktif", "Lombok", "tinggi", "Pendamping 03", "h", False)


class FakeStore:
    """Records which ids were asked for; can fail or leave some ids out."""

    def __init__(self, fail: bool = False, missing: frozenset[str] = frozenset()) -> None:
        self.calls: list[list[str]] = []
        self.fail = fail
        self.missing = missing

    def summaries(self, ids: Sequence[str]) -> list[CaseSummary]:
        self.calls.append(list(ids))
        if self.fail:
            raise VaultDamaged()
        return [summary(i) for i in ids if i not in self.missing]


def ids(count: int) -> list[str]:
    return [f"0190aaaa-0000-7000-8000-{n:012x}" for n in range(count)]


def test_modeltester_with_no_cases(qtmodeltester: ModelTester, session: Session) -> None:
    model = CaseListModel(session.cases.summaries)
    model.set_case_ids(session.cases.case_ids())
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_modeltester_with_300_cases(qtmodeltester: ModelTester, session: Session) -> None:
    session.cases.create_cases(list(demo_cases(300)))
    model = CaseListModel(session.cases.summaries)
    model.set_case_ids(session.cases.case_ids())
    qtmodeltester.check(model)
    assert model.rowCount() == 300
    model.clear()
    qtmodeltester.check(model)


def test_columns_show_no_names(session: Session) -> None:
    cases = list(demo_cases(120))
    session.cases.create_cases(cases)
    model = CaseListModel(session.cases.summaries)
    model.set_case_ids(session.cases.case_ids())
    names = {c["nama"] for c in cases} | {c["nama_panggilan"] for c in cases}
    shown = {model.index(r, c).data() for r in range(model.rowCount()) for c in range(len(Column))}
    assert not shown & names
    assert {model.index(r, Column.STAGE).data() for r in range(120)} <= {
        value_label("stage", stage) for stage in (c["tahap"] for c in cases)
    }


def test_headers_follow_the_language_switch() -> None:
    model = CaseListModel(FakeStore().summaries)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(Column))]
    assert headers == ["Kode kasus", "Tahap", "Status", "Wilayah", "Risiko", "Petugas"]
    i18n.set_language("en")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(Column))]
    assert headers == ["Case code", "Stage", "Status", "Region", "Risk", "Worker"]


def test_rows_are_read_lazily_in_blocks_with_a_small_cache() -> None:
    store = FakeStore()
    model = CaseListModel(store.summaries, block_size=100, cache_blocks=2)
    all_ids = ids(1000)
    model.set_case_ids(all_ids)
    assert store.calls == []  # nothing read until a row is asked for

    assert model.index(5, Column.REGION).data() == "Lombok"
    assert model.index(99, Column.STAGE).data() == "Asesmen"
    assert store.calls == [all_ids[0:100]]

    model.index(250, Column.RISK).data()
    model.index(950, Column.RISK).data()
    assert [c[0] for c in store.calls] == [all_ids[0], all_ids[200], all_ids[900]]
    assert model.cached_blocks() == 2  # block 0 was evicted (least recently used)
    model.index(0, Column.RISK).data()
    assert len(store.calls) == 4


def test_a_view_reads_only_what_it_shows(qtbot: QtBot) -> None:
    store = FakeStore()
    model = CaseListModel(store.summaries)
    model.set_case_ids(ids(5000))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # paint once, as the screen would
    assert len(store.calls) == 1  # the first block only, not 5000 rows
    view.scrollToBottom()
    view.grab()
    assert len(store.calls) == 2
    assert store.calls[1][-1] == model.case_id(4999)


def test_unreadable_block_gives_placeholder_rows_not_a_crash() -> None:
    store = FakeStore(fail=True)
    model = CaseListModel(store.summaries)
    model.set_case_ids(ids(3))
    index = model.index(1, Column.STAGE)
    assert index.data() == texts.PLACEHOLDER
    assert index.data(Qt.ItemDataRole.ToolTipRole) == texts.ROW_UNREADABLE
    assert model.index(1, Column.CODE).data() == case_code(ids(3)[1])  # still identifiable


def test_a_bug_in_reading_is_also_a_placeholder(caplog: pytest.LogCaptureFixture) -> None:
    child_name = "Sekar Kinanti"

    def broken(_ids: Sequence[str]) -> list[CaseSummary]:
        raise KeyError(child_name)  # an error message that carries content

    model = CaseListModel(broken)
    model.set_case_ids(ids(2))
    assert model.index(0, Column.STATUS).data() == texts.PLACEHOLDER
    assert "KeyError" in caplog.text
    assert "Sekar" not in caplog.text  # the log has the type, never the message


def test_missing_case_is_a_placeholder_row() -> None:
    all_ids = ids(3)
    model = CaseListModel(FakeStore(missing=frozenset({all_ids[1]})).summaries)
    model.set_case_ids(all_ids)
    assert model.index(0, Column.WORKER).data() == "Pendamping 03"
    assert model.index(1, Column.WORKER).data() == texts.PLACEHOLDER
    assert model.index(2, Column.WORKER).data() == "Pendamping 03"


def test_clear_drops_ids_cache_and_store() -> None:
    store = FakeStore()
    model = CaseListModel(store.summaries)
    model.set_case_ids(ids(10))
    model.index(0, 1).data()
    model.clear()
    assert model.rowCount() == 0
    assert model.cached_blocks() == 0
    model.set_case_ids(ids(10))  # even given ids again, it has nothing to read them with
    assert model.index(0, Column.STAGE).data() == texts.PLACEHOLDER
    assert len(store.calls) == 1


def test_case_code_and_full_id() -> None:
    all_ids = ids(2)
    model = CaseListModel(FakeStore().summaries)
    model.set_case_ids(all_ids)
    assert model.index(1, Column.CODE).data() == all_ids[1][-8:]
    assert model.index(1, Column.STAGE).data(CaseIdRole) == all_ids[1]
    assert model.case_id(1) == all_ids[1]
    assert model.case_id(2) is None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("rujukan_layanan", "Rujukan layanan"),
        ("tinggi", "Tinggi"),
        ("DKI Jakarta", "DKI Jakarta"),
        ("Pendamping 03", "Pendamping 03"),
        (None, ""),
    ],
)
def test_display_value(stored: str | None, shown: str) -> None:
    assert display_value(stored) == shown


def test_high_risk_is_bold() -> None:
    model = CaseListModel(FakeStore().summaries)
    model.set_case_ids(ids(1))
    assert model.index(0, Column.RISK).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, Column.REGION).data(Qt.ItemDataRole.FontRole) is None


def test_codes_read_as_words_in_the_current_language() -> None:
    assert value_label("stage", "rencana_layanan") == "Rencana intervensi layanan"
    assert value_label("risk", "tinggi") == "Tinggi"
    assert value_label("status", "ditutup") == "Ditutup"
    assert value_label("region", "DKI Jakarta") == "DKI Jakarta"
    assert value_label("stage", "tahap_baru_organisasi") == "Tahap baru organisasi"
    i18n.set_language("en")
    assert value_label("stage", "rencana_layanan") == "Service plan"
    assert value_label("risk", "tinggi") == "High"
    assert value_label("status", "aktif") == "Active"
