"""The case file, as a person uses it: open from the list, reveal, read, lock.

The child's name is a canary: it must appear in no widget until "Show
identity" is clicked, and in none again after Ctrl+L.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import Person

from fieldcase.core.changes import JsonValue
from fieldcase.forms import builtin_forms
from fieldcase.forms.custom import builtin_procedure
from fieldcase.ui.casefile import CaseFileWindow
from fieldcase.ui.casefile_data import MASK, load_case_file
from fieldcase.ui.controller import Controller
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.referrals.dialogs import ReferralDialog
from fieldcase.vault.session import Session

CANARY = "Kenanga Canarywati"
ALIAS = "Nana Canary"
#: 02:00 UTC is 10:00 WITA (Lombok); the police report is due 3×24 h later.
COMPLAINT = "2025-03-01T02:00:00Z"
POLICE_DUE = "04/03/2025 10:00 WITA"

CASE: dict[str, JsonValue] = {
    "nama": CANARY,
    "nama_panggilan": ALIAS,
    "umur": 13,
    "waktu_pengaduan": COMPLAINT,
    "jenis_kekerasan": ["seksual"],
    "wilayah": "Lombok",
    "tingkat_risiko": "sedang",
    "tahap": "penerimaan_pengaduan",
    "status": "aktif",
}


# ------------------------------------------------------------------ helpers


def _item_texts(item: QTreeWidgetItem) -> Iterator[str]:
    for column in range(item.columnCount()):
        yield item.text(column)
        yield item.toolTip(column)
    for index in range(item.childCount()):
        yield from _item_texts(item.child(index))


def _columns(model: QAbstractItemModel, root: QModelIndex) -> int:
    try:
        return model.columnCount(root)
    except TypeError:  # list models keep columnCount private in PySide6
        return 1


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    root = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(root)):
        for column in range(_columns(model, root)):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
        first = model.index(row, 0, root)
        if model.rowCount(first) > 0:
            yield from _model_texts(model, first)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """Every text a person could read in ``widget`` (or hover over)."""
    yield widget.windowTitle()
    yield widget.toolTip()
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        yield widget.text()
    if isinstance(widget, QTreeWidget):
        for index in range(widget.topLevelItemCount()):
            yield from _item_texts(widget.topLevelItem(index))
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())


def all_texts() -> str:
    return "\n".join(t for w in QApplication.allWidgets() for t in widget_texts(w))


def tree_rows(tree: QTreeWidget) -> list[list[str]]:
    rows = []
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows.append([item.text(c) for c in range(item.columnCount())])
        for child in range(item.childCount()):
            sub = item.child(child)
            rows.append([sub.text(c) for c in range(sub.columnCount())])
    return rows


def tree_text(tree: QTreeWidget) -> str:
    return "\n".join(" | ".join(row) for row in tree_rows(tree))


def open_from_list(
    window: MainWindow, person: Person, qtbot: QtBot, case_id: str
) -> CaseFileWindow:
    """Select the case's row and press Enter, as a person would."""
    row = next(r for r in range(window.model.rowCount()) if window.model.case_id(r) == case_id)
    window.table.setFocus()
    window.table.selectRow(row)
    assert window.open_action.isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    found = person.wait_for(lambda: window.case_files.windows.get(case_id))
    person.wait(lambda: found.data is not None)
    return found


def view_entries(session: Session, case_id: str) -> list[dict[str, object]]:
    return [e.detail for e in session.audit.entries(case_id=case_id, action="view")]


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def case_id(session: Session) -> str:
    """The canary case, then a later edit: risk "sedang" → "tinggi"."""
    created = session.cases.create_case(CASE)
    session.cases.save(created, {"tingkat_risiko": "tinggi"})
    return created


@pytest.fixture
def window(session: Session, case_id: str, qtbot: QtBot) -> MainWindow:
    shown = MainWindow(session)
    qtbot.addWidget(shown)
    shown.show()
    return shown


# ------------------------------------------------------------------ tests


def test_identity_is_masked_until_asked_and_every_view_is_logged(
    window: MainWindow, session: Session, case_id: str, person: Person, qtbot: QtBot
) -> None:
    case_file = open_from_list(window, person, qtbot, case_id)

    assert case_file.code.text() == case_id.replace("-", "")[-8:]
    assert case_file.region.text() == "Lombok"
    assert case_file.risk.text() == "Tinggi"
    assert [label.text() for label in case_file.identity_labels] == [MASK] * 3
    assert CANARY not in all_texts()
    assert ALIAS not in all_texts()
    assert view_entries(session, case_id) == [{"fields": len(CASE)}]

    person.click(case_file.identity_button)
    person.wait(lambda: case_file.revealed)

    assert case_file.identity_labels[0].text() == CANARY
    assert case_file.identity_labels[1].text() == ALIAS
    assert case_file.identity_labels[2].text() == "13"
    assert CANARY in all_texts()
    assert view_entries(session, case_id) == [{"identity": True}, {"fields": len(CASE)}]
    views = tree_rows(case_file.views)
    assert len(views) == 2
    assert views[0][1] == "Anda"
    assert "identitas" in views[0][2]

    person.click(case_file.identity_button)  # hide again
    assert not case_file.revealed
    assert case_file.identity_labels[0].text() == MASK
    assert len(tree_rows(case_file.views)) == 2
    assert CANARY not in all_texts()


def test_double_click_opens_the_case_file(
    window: MainWindow, case_id: str, person: Person, qtbot: QtBot
) -> None:
    index = window.model.index(0, 0)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    case_file = person.wait_for(lambda: window.case_files.windows.get(case_id))
    person.wait(lambda: case_file.data is not None)
    assert CANARY not in all_texts()


def test_open_action_opens_the_selected_case_once(
    window: MainWindow, session: Session, case_id: str, person: Person
) -> None:
    assert not window.open_action.isEnabled()
    window.table.selectRow(0)
    window.open_action.trigger()
    first = person.wait_for(lambda: window.case_files.windows.get(case_id))
    window.open_action.trigger()  # already open: raised, not read (and logged) again
    assert window.case_files.windows[case_id] is first
    assert len(view_entries(session, case_id)) == 1


def test_deadlines_show_the_police_report_in_wita_and_overdue_as_text(
    window: MainWindow, case_id: str, person: Person, qtbot: QtBot
) -> None:
    case_file = open_from_list(window, person, qtbot, case_id)
    rows = tree_rows(case_file.deadlines)
    police = next(r for r in rows if r[2].startswith("Laporan ke polisi"))
    assert police[1] == POLICE_DUE
    assert "TERLAMBAT" in police[0]
    assert police[0].startswith("⚠")


def test_stage_timeline_says_where_the_case_stands(
    window: MainWindow, case_id: str, person: Person, qtbot: QtBot
) -> None:
    case_file = open_from_list(window, person, qtbot, case_id)
    stages = dict((label, state) for label, state in tree_rows(case_file.stages))
    # The current stage is marked by a symbol and its tooltip, not by colour alone.
    assert stages["➤ Penerimaan pengaduan"] == "✓ selesai"
    assert "tahap saat ini" in case_file.stages.topLevelItem(0).toolTip(0)
    assert stages["Rencana intervensi layanan"] == "○ belum"
    assert any(state.startswith("▶ sedang berjalan") for state in stages.values())


def test_history_lists_the_later_edit_with_old_and_new(
    window: MainWindow, session: Session, case_id: str, person: Person, qtbot: QtBot
) -> None:
    session.cases.save(case_id, {"nama": "Kenanga Canarywati Putri"})
    case_file = open_from_list(window, person, qtbot, case_id)
    history = tree_text(case_file.history)
    assert "Anda" in history
    risk = next(r for r in tree_rows(case_file.history) if r[0].startswith("Tingkat risiko"))
    assert risk[1].startswith("Sedang")
    assert risk[2].startswith("→ Tinggi")
    name = next(r for r in tree_rows(case_file.history) if r[0].startswith("Nama anak"))
    assert name[1:] == [MASK, f"→ {MASK}"]
    assert "Canary" not in history

    person.click(case_file.identity_button)
    person.wait(lambda: case_file.revealed)
    name = next(r for r in tree_rows(case_file.history) if r[0].startswith("Nama anak"))
    assert name[1:] == [CANARY, "→ Kenanga Canarywati Putri"]


def test_a_saved_change_refreshes_the_open_case_file(
    window: MainWindow, session: Session, case_id: str, person: Person, qtbot: QtBot
) -> None:
    case_file = open_from_list(window, person, qtbot, case_id)
    assert case_file.history.topLevelItemCount() == 2

    session.cases.save(case_id, {"status": "ditutup"})
    window.wizards.caseSaved.emit(case_id)  # what a finished wizard says

    person.wait(lambda: case_file.history.topLevelItemCount() == 3)
    assert case_file.status.text() == "Ditutup"
    assert len(view_entries(session, case_id)) == 2  # the re-read is a view too
    assert CANARY not in all_texts()


def test_ctrl_l_in_the_app_closes_the_case_file(
    controller: Controller, store_with_case: str, person: Person, qtbot: QtBot
) -> None:
    signin = controller.signin
    signin.refresh_accounts()
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    case_file = open_from_list(window, person, qtbot, store_with_case)
    person.click(case_file.identity_button)
    person.wait(lambda: case_file.revealed)
    assert CANARY in all_texts()

    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    person.wait(lambda: controller.session is None and signin.isVisible())
    assert not any(
        w.isVisible() and w.objectName() == "caseFile" for w in QApplication.topLevelWidgets()
    )
    assert CANARY not in all_texts()
    assert ALIAS not in all_texts()


def test_ctrl_l_in_the_case_file_locks_the_app(
    controller: Controller, store_with_case: str, person: Person, qtbot: QtBot
) -> None:
    signin = controller.signin
    signin.refresh_accounts()
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    case_file = open_from_list(window, person, qtbot, store_with_case)
    person.click(case_file.identity_button)
    person.wait(lambda: case_file.revealed)

    case_file.activateWindow()
    case_file.setFocus()
    qtbot.keyClick(case_file, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    person.wait(lambda: controller.session is None and signin.isVisible())
    assert CANARY not in all_texts()


@pytest.fixture
def store_with_case(session: Session) -> str:
    """The canary case in Ani's account, locked again: the app unlocks it itself."""
    created = session.cases.create_case(CASE)
    session.lock()
    return created


def test_masking_is_an_allow_list(session: Session) -> None:
    """Unknown fields, free text and a name typed into a choice field stay masked."""
    created = session.cases.create_case(
        {
            **CASE,
            "nama_ibu": "Ibu Canary",  # a custom form's field: unknown, so masked
            "catatan": "rumah dekat masjid Canary",  # free text
            "tingkat_risiko": "Canary",  # not one of the choices
        }
    )
    data = load_case_file(session, created, builtin_procedure(), builtin_forms(), reveal=False)
    shown = "\n".join(f"{c.label} {c.old} {c.new}" for row in data.history for c in row.changes)
    assert "Canary" not in shown
    assert "Seksual" in shown and "Lombok" in shown
    assert all(value == MASK for _label, value in data.identity)

    revealed = load_case_file(session, created, builtin_procedure(), builtin_forms(), reveal=True)
    assert revealed.identity[0][1] == CANARY
    assert [e.detail for e in session.audit.entries(case_id=created, action="view")] == [
        {"identity": True},
        {"fields": len(CASE) + 2},
    ]


def test_the_case_file_shows_service_streams_and_opens_a_referral(
    window: MainWindow, case_id: str, person: Person, qtbot: QtBot
) -> None:
    """Referrals are reached from the case file; details in tests/ui/referrals/."""
    case_file = open_from_list(window, person, qtbot, case_id)
    streams = tree_rows(case_file.streams)
    assert len(streams) == 8
    assert all(state.startswith("○") for _label, state in streams)
    assert tree_rows(case_file.referrals) == [["Belum ada rujukan."]]
    assert not case_file.status_button.isEnabled()
    assert not case_file.withdraw_button.isEnabled()

    qtbot.keyClick(case_file, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # "Ruju&kan baru"
    dialog = person.wait_for(lambda: case_file.findChild(ReferralDialog))
    person.wait(lambda: dialog.snapshot is not None)
    assert dialog.region.currentData() == "lombok"
    assert CANARY not in all_texts()
    case_file.clear()
    assert not dialog.isVisible()


def test_referral_records_show_in_the_history_while_the_identity_stays_masked(
    session: Session,
) -> None:
    from datetime import date

    from fieldcase.referrals.catalog import STREAM_BY_ID
    from fieldcase.referrals.directory import load_directory
    from fieldcase.referrals.rules import ConsentInput
    from fieldcase.referrals.service import ReferralInput, create_referral, record_consent

    today = date(2025, 3, 3)
    puskesmas = load_directory().find("lombok", "puskesmas")[0]
    created = session.cases.create_case({**CASE, "kronologi": "Narasi Canary"})
    record_consent(
        session,
        created,
        ConsentInput(puskesmas.id, puskesmas.name, "puskesmas", "diberikan", "diberikan",
                     "orang_tua", "tertulis", today, ("kesehatan",)),
        today,
    )  # fmt: skip
    create_referral(
        session,
        created,
        ReferralInput(puskesmas, STREAM_BY_ID["kesehatan"], ("pep",), "", today),
        today,
    )
    data = load_case_file(session, created, builtin_procedure(), builtin_forms(), reveal=False)
    shown = "\n".join(f"{c.label} {c.old} {c.new}" for row in data.history for c in row.changes)
    assert "Canary" not in shown
    assert puskesmas.name in shown
    assert "Rujukan #1: lembaga (direktori)" in shown
    assert "Persetujuan berbagi #1: cakupan" in shown
    assert [r.status for r in data.referral_rows] == ["Dikirim"]
    assert [c.status for c in data.consent_rows] == ["✓ berlaku"]


def test_a_language_switch_rebuilds_the_open_case_file_masked(
    window: MainWindow, session: Session, case_id: str, person: Person, qtbot: QtBot
) -> None:
    from fieldcase import i18n

    case_file = open_from_list(window, person, qtbot, case_id)
    person.click(case_file.identity_button)
    person.wait(lambda: case_file.revealed)
    case_file.setGeometry(40, 50, 1100, 640)
    size = case_file.geometry().size()
    views_before = len(view_entries(session, case_id))

    i18n.set_language("en")
    rebuilt = person.wait_for(lambda: window.case_files.windows.get(case_id))
    assert rebuilt is not case_file
    person.wait(lambda: rebuilt.data is not None)
    assert rebuilt.risk.text() == "High"
    assert rebuilt.identity_button.text() == "Show identity"
    assert [label.text() for label in rebuilt.identity_labels] == [MASK] * 3
    assert rebuilt.geometry().size() == size  # where it stood
    assert len(view_entries(session, case_id)) == views_before + 1  # read again: logged
    QApplication.processEvents()  # the old window's deletion must not forget the new one
    qtbot.wait(50)
    assert window.case_files.windows.get(case_id) is rebuilt
    assert CANARY not in all_texts()
