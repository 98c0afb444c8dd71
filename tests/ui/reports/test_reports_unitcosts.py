"""The admin's unit-cost table: model, inline errors, atomic save, reset, roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldcase import i18n
from fieldcase.core.errors import InvalidInput, PermissionDenied
from fieldcase.core.roles import Role
from fieldcase.reports.budget import load_unit_costs
from fieldcase.reports.deidentify import REGIONS
from fieldcase.reports.derive import STREAMS
from fieldcase.reports.unit_costs import (
    admin_costs_path,
    effective_costs,
    full_grid,
    parse_cost,
    save_unit_costs,
    shipped_costs,
)
from fieldcase.ui.reports.unitcosts import (
    UnitCostModel,
    UnitCostsDialog,
    open_unit_costs_dialog,
)

REGION_LIST = list(REGIONS)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


def _dialog(qtbot: QtBot, team: Path, role: Role = Role.ADMIN) -> UnitCostsDialog:
    dialog = UnitCostsDialog(team, role)
    qtbot.addWidget(dialog)
    dialog.confirm_discard = lambda: True
    dialog.show()
    return dialog


def _index(dialog: UnitCostsDialog, stream: str, region: str) -> QModelIndex:
    return dialog.model.index(STREAMS.index(stream), REGION_LIST.index(region))


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    empty = UnitCostModel(editable=True)
    qtmodeltester.check(empty)
    model = UnitCostModel(editable=True)
    model.load(shipped_costs())
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (len(STREAMS), len(REGIONS))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Medan"
    assert model.headerData(0, Qt.Orientation.Vertical) == "Hukum"
    assert model.data(model.index(0, 0)) == "1.500.000"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.EditRole) == "1500000"
    model.setData(model.index(1, 1), "abc")
    qtmodeltester.check(model)  # a wrong cell is still a well-formed model


def test_admin_edits_saves_and_the_budget_reads_it(qtbot: QtBot, team: Path) -> None:
    dialog = _dialog(qtbot, team)
    assert dialog.placeholder.isChecked()  # shipped figures are placeholders
    assert dialog.model.setData(_index(dialog, "rumah_aman", "bali"), "4.250.000")
    dialog.placeholder.setChecked(False)
    assert dialog.dirty and "belum disimpan" in dialog.status.text()
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    path = admin_costs_path(team)
    assert saved.args == [str(path)] and not dialog.dirty
    assert dialog.status.text() == "Tabel biaya satuan tersimpan."
    table = load_unit_costs(path)  # the same reader the CLI and the budget use
    assert table.costs[("rumah_aman", "bali")] == 4_250_000
    assert table.costs[("rumah_aman", "medan")] == 3_500_000
    assert len(table.costs) == len(STREAMS) * len(REGIONS) and not table.placeholder
    assert effective_costs(team).costs == table.costs
    assert [p.name for p in path.parent.iterdir()] == ["unit_costs.csv"]  # no temp left
    # Opened again, the dialog shows the saved table.
    again = _dialog(qtbot, team)
    assert again.model.cost("rumah_aman", "bali") == 4_250_000
    assert not again.placeholder.isChecked()


def test_typing_into_a_cell_through_the_view(qtbot: QtBot, team: Path) -> None:
    dialog = _dialog(qtbot, team)
    index = _index(dialog, "kesehatan", "lombok")
    dialog.view.setCurrentIndex(index)
    dialog.view.edit(index)
    editor = dialog.view.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "1.250.000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: dialog.model.cost("kesehatan", "lombok") == 1_250_000)
    assert dialog.model.data(index) == "1.250.000"


def test_wrong_values_are_marked_and_block_saving(qtbot: QtBot, team: Path) -> None:
    dialog = _dialog(qtbot, team)
    model = dialog.model
    for stream, region, typed in (
        ("hukum", "medan", "-20"),
        ("psikologis", "solo", "1,5"),
        ("lpsk", "batam", "lima ratus"),
    ):
        index = _index(dialog, stream, region)
        assert model.setData(index, typed)
        assert model.data(index) == typed  # kept as typed, not silently reverted
        assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    first = _index(dialog, "hukum", "medan")
    assert model.data(first, Qt.ItemDataRole.ToolTipRole) == "Biaya tidak boleh negatif."
    assert "3 sel belum benar" in dialog.errors.text() and "Hukum · Medan" in dialog.errors.text()
    assert not dialog.save()
    assert dialog.view.currentIndex() == first  # the first wrong cell is selected
    assert not admin_costs_path(team).exists()
    with pytest.raises(InvalidInput):
        model.table()
    i18n.set_language("en")
    try:
        assert model.data(first, Qt.ItemDataRole.ToolTipRole) == "A cost cannot be negative."
        assert "3 cells are not right yet" in dialog.errors.text()
        assert "Legal · Medan" in dialog.errors.text()
        assert model.headerData(0, Qt.Orientation.Vertical) == "Legal"
    finally:
        i18n.set_language("id")
    for stream, region in (("hukum", "medan"), ("psikologis", "solo"), ("lpsk", "batam")):
        model.setData(_index(dialog, stream, region), "0")
    assert dialog.errors.text() == "" and dialog.save()
    assert load_unit_costs(admin_costs_path(team)).costs[("hukum", "medan")] == 0


def test_reset_to_shipped_removes_the_admin_copy(qtbot: QtBot, team: Path) -> None:
    table = full_grid(shipped_costs())
    table.costs[("hukum", "medan")] = 9
    table.placeholder = False
    save_unit_costs(team, table, Role.ADMIN)
    dialog = _dialog(qtbot, team)
    assert dialog.model.cost("hukum", "medan") == 9
    dialog.reset_button.click()
    assert dialog.model.cost("hukum", "medan") == 1_500_000 and dialog.placeholder.isChecked()
    assert admin_costs_path(team).exists()  # not before Save
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    assert saved.args == [""] and not admin_costs_path(team).exists()
    assert "contoh bawaan" in dialog.status.text()


def test_a_broken_admin_copy_is_named_and_the_shipped_table_shown(qtbot: QtBot, team: Path) -> None:
    path = admin_costs_path(team)
    path.parent.mkdir()
    path.write_text(
        "layanan,wilayah,satuan,biaya_satuan,contoh\nhukum,atlantis,per kasus,5,tidak\n",
        encoding="utf-8",
    )
    dialog = _dialog(qtbot, team)
    assert "baris 2" in dialog.status.text() and "atlantis" in dialog.status.text()
    assert dialog.status.property("feedbackKind") == "error"
    assert dialog.model.cost("hukum", "medan") == 1_500_000
    assert dialog.save()  # saving replaces the broken copy
    assert not path.exists()  # the shipped figures again: the broken copy is gone


def test_unsaved_changes_are_asked_about(qtbot: QtBot, team: Path) -> None:
    dialog = _dialog(qtbot, team)
    dialog.model.setData(_index(dialog, "hukum", "bali"), "2000000")
    asked: list[bool] = []

    def keep() -> bool:
        asked.append(True)
        return False

    dialog.confirm_discard = keep
    dialog.close_button.click()
    assert asked and dialog.isVisible()
    dialog.confirm_discard = lambda: True
    dialog.close_button.click()
    assert not dialog.isVisible() and not admin_costs_path(team).exists()


def test_supervisor_reads_only(qtbot: QtBot, team: Path) -> None:
    dialog = _dialog(qtbot, team, Role.SUPERVISOR)
    index = _index(dialog, "hukum", "medan")
    assert not dialog.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert dialog.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not dialog.model.setData(index, "5")
    assert not dialog.save_button.isVisible() and not dialog.reset_button.isVisible()
    assert "Hanya admin tim" in dialog.intro.text()
    with pytest.raises(PermissionDenied):
        save_unit_costs(team, shipped_costs(), Role.SUPERVISOR)
    assert not dialog.save() and "Hanya admin tim" in dialog.status.text()
    assert not admin_costs_path(team).exists()


@pytest.mark.parametrize("role", [Role.PENDAMPING, Role.STAF_RUMAH_AMAN])
def test_other_roles_get_no_table(qtbot: QtBot, team: Path, role: Role) -> None:
    assert open_unit_costs_dialog(None, team, role) is None
    with pytest.raises(PermissionDenied):
        UnitCostsDialog(team, role)
    with pytest.raises(PermissionDenied):
        save_unit_costs(team, shipped_costs(), role)
    assert not admin_costs_path(team).exists()


def test_open_unit_costs_dialog_for_the_admin(qtbot: QtBot, team: Path) -> None:
    dialog = open_unit_costs_dialog(None, team, Role.ADMIN)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Biaya satuan layanan per wilayah"
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1500000", 1_500_000), ("1.500.000", 1_500_000), ("Rp 1 500 000", 1_500_000), ("0", 0)],
)
def test_parse_cost_reads_rupiah(typed: str, value: int) -> None:
    assert parse_cost(typed) == value


@pytest.mark.parametrize("typed", ["", "-1", "1,5", "1.50.000", "abc", "١٢", "99999999999"])
def test_parse_cost_refuses(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_cost(typed)
