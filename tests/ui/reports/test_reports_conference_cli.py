"""Conference summary PDF from the case file; the PDF commands of the CLI."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.cli import main
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.reports import files
from fieldcase.ui.reports.conference import export_conference_pdf
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _answer(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def answer(_parent: QWidget | None, _title: str, name: str, _filter: str) -> Path:
        asked.append(name)
        return path

    monkeypatch.setattr(files, "ask_save_path", answer)
    return asked


def test_supervisor_prints_a_conference_summary(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case_id = next(iter(supervisor.cases.case_ids()))
    target = tmp_path / "konferensi.pdf"
    _answer(monkeypatch, target)
    parent = QWidget()
    qtbot.addWidget(parent)
    job = export_conference_pdf(parent, supervisor, vault, case_id, notify=False)
    with qtbot.waitSignal(job.saved, timeout=20000):
        pass
    text = _text(target)
    name = str(supervisor.cases.read(case_id)["nama"])
    assert "Ringkasan Konferensi Kasus" in text and " ".join(name.split()) in text
    assert "Tenggat terbuka" in text
    [export] = supervisor.audit.entries(action="export")
    assert export.case_id == case_id and export.detail["kind"] == "conference"
    assert export.detail["format"] == "pdf"
    assert [v.case_id for v in supervisor.audit.entries(action="view")] == [case_id]


def test_unassigned_worker_is_refused_before_any_dialog(
    worker: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = list(worker.cases.case_ids())
    other = next(i for i in ids if worker.cases.read(i).get("petugas") != "Pendamping 01")
    asked = _answer(monkeypatch, tmp_path / "x.pdf")
    parent = QWidget()
    qtbot.addWidget(parent)
    job = export_conference_pdf(parent, worker, vault, other, notify=False)
    with qtbot.waitSignal(job.failed, timeout=10000) as failed:
        pass
    assert "supervisor" in failed.args[0] and asked == []
    assert not (tmp_path / "x.pdf").exists()
    assert worker.audit.entries(action="export") == [] and worker.audit.entries(action="view") == []


@pytest.fixture
def cli_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fieldcase.cli.AccountStore", partial(AccountStore, kdf_params=cheap_kdf))
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASSPHRASE)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.usefixtures("cli_store")
def test_cli_monthly_pdf(
    qapp: QApplication, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "account", "create", "--name", "Ani", "--role", "pendamping")[0] == 0
    out = tmp_path / "m.pdf"
    code, _, err = _run(capsys, "report", "monthly-pdf", "--month", "2026-03", "--out", str(out))
    assert code == 1 and "supervisor" in err and not out.exists()
    assert _run(capsys, "account", "create", "--name", "Sri", "--role", "supervisor")[0] == 0
    case = tmp_path / "case.json"
    case.write_text('{"nama": "Putri Wijaya", "wilayah": "Bali", "waktu_pengaduan": "2026-03-02"}')
    assert _run(capsys, "--account", "Sri", "case", "new", "--json", str(case))[0] == 0
    code, _printed, err = _run(
        capsys, "--account", "Sri", "report", "monthly-pdf", "--month", "2026-03", "--out", str(out)
    )
    assert code == 0, err
    text = _text(out)
    assert "Maret 2026" in text and "<5" in text and "Putri" not in text


def test_assigned_worker_prints_the_summary_of_their_case(
    worker: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case_id = worker.cases.create_cases(
        [{"nama": "Sari Lestari", "wilayah": "Bali", "petugas": "Ani, Pendamping 01"}]
    )[0]
    target = tmp_path / "milik-saya.pdf"
    asked = _answer(monkeypatch, target)
    parent = QWidget()
    qtbot.addWidget(parent)
    job = export_conference_pdf(parent, worker, vault, case_id)
    with qtbot.waitSignal(job.saved, timeout=20000):
        pass
    assert asked == [f"ringkasan-konferensi-{case_id[:8]}.pdf"]
    assert "Sari Lestari" in _text(target)
    assert job.message is not None and target.name in job.message.text()
    job.message.close()
    [export] = worker.audit.entries(action="export")
    assert export.case_id == case_id


@pytest.mark.usefixtures("cli_store")
def test_cli_conference_pdf(
    qapp: QApplication, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "account", "create", "--name", "Sri", "--role", "supervisor")[0] == 0
    case = tmp_path / "case.json"
    case.write_text('{"nama": "Putri Wijaya", "wilayah": "Bali", "waktu_pengaduan": "2026-03-02"}')
    code, out, _ = _run(capsys, "case", "new", "--json", str(case))
    assert code == 0
    case_id = out.strip().splitlines()[-1]
    target = tmp_path / "k.pdf"
    code, printed, err = _run(capsys, "report", "conference-pdf", case_id, "--out", str(target))
    assert code == 0, err
    assert "Putri" not in printed and "Putri Wijaya" in _text(target)


def test_case_file_button_prints_the_summary(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fieldcase.ui.casefile import CaseFileWindow

    case_id = next(iter(supervisor.cases.case_ids()))
    target = tmp_path / "dari-berkas.pdf"
    _answer(monkeypatch, target)
    window = CaseFileWindow(supervisor, case_id, vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.data is not None, timeout=20000)
    assert window.conference_button.isVisible()
    qtbot.mouseClick(window.conference_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=20000)
    assert "Ringkasan Konferensi Kasus" in _text(target)
    assert [e.detail["kind"] for e in supervisor.audit.entries(action="export")] == ["conference"]
