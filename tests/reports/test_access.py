"""Only a supervisor exports; a worker cannot, from the CLI or the API; the conference rule."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.cli import main
from fieldcase.core.errors import PermissionDenied
from fieldcase.core.roles import Role
from fieldcase.reports.budget import export_budget, load_unit_costs
from fieldcase.reports.conference import export_conference_html
from fieldcase.reports.export import export_cases
from fieldcase.reports.service import statistics_for
from fieldcase.reports.simfoni import export_simfoni
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _cheap_cli_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's account store with the tests' cheap KDF (the real one costs ~1 s/unlock)."""
    monkeypatch.setattr("fieldcase.cli.AccountStore", partial(AccountStore, kdf_params=cheap_kdf))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize("role", [Role.PENDAMPING, Role.STAF_RUMAH_AMAN, Role.ADMIN])
def test_non_supervisors_cannot_export_from_the_cli(
    role: Role,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "account", "create", "--name", "Ani", "--role", role.value)[0] == 0
    out = tmp_path / "x.csv"
    commands = [
        ["report", "export", "--format", "csv", "--out", str(out)],
        ["report", "export", "--format", "xlsx", "--out", str(out)],
        ["report", "stats"],
        ["report", "simfoni", "--month", "2026-03", "--out", str(out)],
        ["report", "budget", "--out", str(out)],
        ["report", "monthly", "--month", "2026-03", "--out", str(out)],
    ]
    for command in commands:
        code, _, err = run(capsys, *command)
        assert code == 1 and "supervisor" in err, command
        assert not out.exists()
    assert list(tmp_path.glob(".fieldcase-*")) == []


def test_supervisor_cli_export_and_stats(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "account", "create", "--name", "Sri", "--role", "supervisor")[0] == 0
    case = tmp_path / "case.json"
    case.write_text(
        '{"nama": "Putri Wijaya", "wilayah": "Bali", "waktu_pengaduan": "2026-03-02T10:00"}'
    )
    assert run(capsys, "case", "new", "--json", str(case))[0] == 0
    code, out, _ = run(
        capsys, "report", "export", "--format", "xlsx", "--out", str(tmp_path / "k.xlsx")
    )
    assert code == 0 and "1 kasus" in out
    code, out, _ = run(capsys, "report", "stats", "--region", "Bali", "--period", "2026-03")
    assert code == 0 and "bali" in out and "<5" in out and "Putri" not in out
    code, _, err = run(capsys, "report", "stats", "--period", "Maret")
    assert code == 1 and "TTTT-BB" in err


def test_api_refuses_a_worker(session: Session, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        export_cases(session, tmp_path / "x.csv", "csv")
    with pytest.raises(PermissionDenied):
        statistics_for(session, NOW)
    with pytest.raises(PermissionDenied):
        export_simfoni(session, tmp_path / "x.csv", "2026-01")
    with pytest.raises(PermissionDenied):
        export_budget(session, tmp_path / "x.xlsx", load_unit_costs())
    assert session.audit.entries(action="export") == []


def test_conference_for_supervisor_and_assigned_worker_only(
    store: AccountStore, tmp_path: Path
) -> None:
    ani = store.create("Ani", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(ani.info.id, PASSPHRASE) as worker:
        mine = worker.cases.create_case(
            {
                "nama": "Putri Wijaya",
                "petugas": "Ani",
                "wilayah": "Bali",
                "waktu_pengaduan": "2026-03-02T10:00",
                "jenis_kekerasan": ["seksual"],
                "rujukan[1].layanan_rujukan": "hukum",
                "rujukan[1].status_rujukan": "dikirim",
                "rujukan[1].narahubung_penerima": "Bu Rina",
            }
        )
        other = worker.cases.create_case({"nama": "Dewi", "petugas": "Budi"})
        html = export_conference_html(worker, mine, tmp_path / "k.html", NOW)
        assert (
            "Putri Wijaya" in html
            and "Bu Rina" in html
            and "Laporan ke polisi" in html
            and "terlewat" in html
        )
        with pytest.raises(PermissionDenied):
            export_conference_html(worker, other, tmp_path / "o.html", NOW)
        assert not (tmp_path / "o.html").exists()
        views = worker.audit.entries(case_id=mine, action="view")
        exports = worker.audit.entries(case_id=mine, action="export")
        assert len(views) == 1 and len(exports) == 1
        assert exports[0].detail["kind"] == "conference"
        assert worker.audit.entries(case_id=other, action="view") == []
