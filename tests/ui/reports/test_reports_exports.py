"""The export dialog: the CLI's exports from the app, logged, supervisor only."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from tests.reports.kit import identifying_values

from fieldcase import i18n
from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import PermissionDenied
from fieldcase.core.roles import Role
from fieldcase.reports.budget import export_budget, load_unit_costs
from fieldcase.reports.deidentify import EXPORT_COLUMNS
from fieldcase.reports.export import export_cases
from fieldcase.reports.simfoni import COLUMNS as SIMFONI_COLUMNS
from fieldcase.reports.simfoni import export_simfoni
from fieldcase.reports.unit_costs import admin_costs_path, full_grid, save_unit_costs
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.reports import files
from fieldcase.ui.reports.dashboard import DashboardWidget
from fieldcase.ui.reports.exports import ExportDialog
from fieldcase.vault.audit import DetailValue
from fieldcase.vault.session import Session

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class SaveDialog:
    """The save dialog answered like a person would: a path, or cancel (None)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[str] = []
        monkeypatch.setattr(files, "ask_save_path", self)

    def __call__(
        self, _parent: QWidget | None, _title: str, name: str, _filter: str
    ) -> Path | None:
        self.asked.append(name)
        return self.answer


def _dialog(
    qtbot: QtBot, session: Session, vault: VaultWorker, data_dir: Path | None = None
) -> ExportDialog:
    dialog = ExportDialog(session, vault, data_dir=data_dir, month="2026-03", clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return path.read_text(encoding="utf-8-sig")


def _no_identifying_value(path: Path, cases: list[dict[str, JsonValue]]) -> None:
    text = _text(path)
    leaked = [value for value in identifying_values(cases) if value in text]
    assert leaked == []


def test_dashboard_opens_the_export_dialog_and_the_case_csv_is_the_clis(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report_cases: list[dict[str, JsonValue]],
) -> None:
    dashboard = DashboardWidget(supervisor, vault, clock=lambda: NOW, data_dir=tmp_path)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitSignal(dashboard.statisticsShown, timeout=20000).wait()
    button = dashboard.findChild(QPushButton, "exports")
    assert button is not None and button.text() == "Ekspor data…"
    button.click()
    dialog = dashboard.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.month.date().toString("yyyy-MM") == "2026-11"  # the dashboard's last month
    target = tmp_path / "kasus.csv"
    save = SaveDialog(monkeypatch, target)
    with qtbot.waitSignal(dashboard.exported, timeout=20000) as done:
        dialog.cases_csv.click()
    assert done.args == [str(target)] and save.asked == ["kasus-tanpa-identitas-2026-11-20.csv"]
    assert f"({len(report_cases)} kasus)" in dialog.status.text()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(EXPORT_COLUMNS) and len(rows) == len(report_cases) + 1
    _no_identifying_value(target, report_cases)
    # The very function the CLI calls writes the same file.
    cli = tmp_path / "cli.csv"
    export_cases(supervisor, cli, "csv")
    assert cli.read_bytes() == target.read_bytes()
    entries = [e.detail for e in supervisor.audit.entries(action="export")]
    wanted: dict[str, DetailValue] = {
        "kind": "deidentified",
        "format": "csv",
        "since": "",
        "rows": len(report_cases),
    }
    assert entries.count(wanted) == 2  # the app's export and the CLI's, one entry each
    assert list(tmp_path.glob(".fieldcase-*")) == []
    dashboard.clear()  # locking closes the dialog with the session
    assert dashboard.export_dialog is None


def test_case_xlsx_since_a_month(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report_cases: list[dict[str, JsonValue]],
) -> None:
    dialog = _dialog(qtbot, supervisor, vault)
    assert not dialog.since.isEnabled()
    dialog.since_check.setChecked(True)
    assert dialog.since.isEnabled()
    dialog.since.setDate(dialog.since.date().fromString("2026-06-01", "yyyy-MM-dd"))
    target = tmp_path / "kasus.xlsx"
    SaveDialog(monkeypatch, target)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.cases_xlsx.click()
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    months = [row[list(EXPORT_COLUMNS).index("bulan_pengaduan")] for row in rows[1:]]
    assert months and all(str(m) >= "2026-06" for m in months)
    assert len(rows) - 1 < len(report_cases)
    _no_identifying_value(target, report_cases)
    entry = supervisor.audit.entries(action="export")[0]
    assert entry.detail["format"] == "xlsx" and entry.detail["since"] == "2026-06"


def test_simfoni_csv_of_the_chosen_month(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report_cases: list[dict[str, JsonValue]],
) -> None:
    dialog = _dialog(qtbot, supervisor, vault)
    assert dialog.month.date().toString("yyyy-MM") == "2026-03"
    target = tmp_path / "simfoni.csv"
    save = SaveDialog(monkeypatch, target)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.simfoni_csv.click()
    assert save.asked == ["simfoni-ppa-2026-03.csv"]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(SIMFONI_COLUMNS)
    assert rows[1:] and {row[1] for row in rows[1:]} == {"2026-03"}
    _no_identifying_value(target, report_cases)
    cli = tmp_path / "cli.csv"
    export_simfoni(supervisor, cli, "2026-03")
    assert cli.read_bytes() == target.read_bytes()
    entry = supervisor.audit.entries(action="export")[-1]
    assert entry.detail == {
        "kind": "simfoni",
        "format": "csv",
        "month": "2026-03",
        "rows": len(rows) - 1,
    }


def test_budget_uses_the_admins_costs_and_the_growth_scenario(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report_cases: list[dict[str, JsonValue]],
) -> None:
    data_dir = tmp_path / "team"
    data_dir.mkdir()
    dialog = _dialog(qtbot, supervisor, vault, data_dir)
    assert dialog.costs_note.property("feedbackKind") == "error"  # placeholders: warned
    table = full_grid(load_unit_costs())
    table.costs[("rumah_aman", "medan")] = 4_250_000
    table.placeholder = False
    save_unit_costs(data_dir, table, Role.ADMIN)
    dialog.retranslate()
    assert "admin" in dialog.costs_note.text() and dialog.costs_note.property("feedbackKind") == (
        "hint"
    )
    dialog.growth.setValue(12.5)
    target = tmp_path / "anggaran.xlsx"
    save = SaveDialog(monkeypatch, target)
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.budget_xlsx.click()
    assert save.asked == ["model-penganggaran-2026-11-20.xlsx"]
    book = openpyxl.load_workbook(target, read_only=True)
    names = [sheet.title for sheet in book.worksheets]
    assert names == [
        "Biaya satuan",
        "Per kasus",
        "Per wilayah",
        "Per layanan",
        "Per bulan",
        "Skenario",
    ]
    costs = list(book["Biaya satuan"].iter_rows(values_only=True))
    assert ("rumah_aman", "medan", "per kasus", 4250000, "tidak") in costs
    scenario = dict(book["Skenario"].iter_rows(values_only=True))
    assert scenario["kenaikan_kasus_persen"] == 12.5
    assert "PERHATIAN" not in scenario
    planned = scenario["biaya_direncanakan"]
    assert scenario["proyeksi_biaya_direncanakan"] == round(planned * 1.125)
    _no_identifying_value(target, report_cases)
    cli = tmp_path / "cli.xlsx"
    export_budget(supervisor, cli, load_unit_costs(admin_costs_path(data_dir)), 12.5)
    cli_scenario = dict(
        openpyxl.load_workbook(cli, read_only=True)["Skenario"].iter_rows(values_only=True)
    )
    assert cli_scenario == scenario
    entry = supervisor.audit.entries(action="export")[-1]
    assert entry.detail == {
        "kind": "budget",
        "format": "xlsx",
        "growth": 12.5,
        "rows": len(report_cases),
    }


def test_cancel_and_failure_leave_nothing(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dialog = _dialog(qtbot, supervisor, vault)
    save = SaveDialog(monkeypatch, None)
    dialog.cases_csv.click()
    assert save.asked and not vault.busy
    save.answer = out / "missing-folder" / "kasus.csv"
    with qtbot.waitSignal(dialog.failed, timeout=20000) as failed:
        dialog.cases_xlsx.click()
    assert "Folder tujuan tidak ada" in failed.args[0]
    assert dialog.status.property("feedbackKind") == "error"
    assert all(button.isEnabled() for button in dialog.buttons)
    assert supervisor.audit.entries(action="export") == []
    assert list(out.iterdir()) == []


def test_a_worker_gets_no_export_and_the_functions_refuse(
    worker: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dialog = _dialog(qtbot, worker, vault, tmp_path)
    assert dialog.buttons == []
    assert [b.objectName() for b in dialog.findChildren(QPushButton)] == [""]  # Close only
    assert "supervisor" in dialog.intro.text()
    save = SaveDialog(monkeypatch, out / "x.csv")
    messages: list[str] = []
    dialog.failed.connect(messages.append)
    dialog.export_cases("csv")  # a click that somehow happened still produces nothing
    dialog.export_simfoni()
    dialog.export_budget()
    assert len(messages) == 3 and all("Hanya supervisor" in m for m in messages)
    assert save.asked == [] and not vault.busy
    with pytest.raises(PermissionDenied):
        export_cases(worker, out / "a.csv", "csv")
    with pytest.raises(PermissionDenied):
        export_cases(worker, out / "a.xlsx", "xlsx")
    with pytest.raises(PermissionDenied):
        export_simfoni(worker, out / "b.csv", "2026-03")
    with pytest.raises(PermissionDenied):
        export_budget(worker, out / "c.xlsx", load_unit_costs(), 10.0)
    assert list(out.iterdir()) == []
    assert worker.audit.entries(action="export") == []
    # The worker's dashboard has no way to the dialog at all.
    dashboard = DashboardWidget(worker, vault, clock=lambda: NOW)
    qtbot.addWidget(dashboard)
    assert dashboard.findChild(QPushButton, "exports") is None
    assert dashboard.open_exports() is None


def test_export_words_follow_the_language(
    supervisor: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    dialog = _dialog(qtbot, supervisor, vault)
    assert dialog.cases_box.title() == "Tabel kasus tanpa identitas"
    try:
        i18n.set_language("en")
        assert dialog.windowTitle() == "Export data (de-identified)"
        assert dialog.cases_box.title() == "De-identified case table"
        assert dialog.budget_xlsx.text() == "Save XLSX…"
        assert "PLACEHOLDER" in dialog.costs_note.text()
    finally:
        i18n.set_language("id")
    assert dialog.simfoni_box.title() == "Tabel siap SIMFONI PPA"


def test_enter_in_a_field_starts_nothing_and_one_export_runs_at_a_time(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, supervisor, vault)
    save = SaveDialog(monkeypatch, tmp_path / "kasus.csv")
    for field in (dialog.growth, dialog.month):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert save.asked == [] and not vault.busy
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.cases_csv.click()
        assert not any(button.isEnabled() for button in dialog.buttons)
    assert all(button.isEnabled() for button in dialog.buttons)


def test_locking_while_an_export_runs_is_safe(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dashboard = DashboardWidget(supervisor, vault, clock=lambda: NOW)
    qtbot.addWidget(dashboard)
    dialog = dashboard.open_exports()
    assert dialog is not None
    target = tmp_path / "kasus.xlsx"
    SaveDialog(monkeypatch, target)
    dialog.cases_xlsx.click()
    dashboard.clear()  # the controller locks right after
    qtbot.waitUntil(lambda: not vault.busy, timeout=20000)
    qtbot.wait(50)  # the outcome reaches the deleted dialog's (dropped) slots
    assert dashboard.export_dialog is None
    assert target.exists() and len(supervisor.audit.entries(action="export")) == 1
