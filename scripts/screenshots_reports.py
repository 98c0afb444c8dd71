"""Screenshots of the supervisor's reports, for review: ``screenshots_reports.py OUTDIR``.

Builds a throw-away data folder with a fictional supervisor whose vault holds
demo cases with referrals, plan rows and service dates
(:func:`fieldcase.core.demo_services.demo_cases_with_services`, the same
fiction as the training sandbox, so medians and deadline compliance have
something to show), then saves:

- ``dashboard.png``: the statistics dashboard at 1366×720, counted on the
  vault thread exactly as in the app;
- ``exports.png``: the export dialog (case table, SIMFONI, budget) opened
  from the dashboard;
- ``unit-costs.png``: the admin's unit-cost table, with one cell typed wrong
  so the inline error shows;
- ``monthly-report-page1.png``: page 1 of the monthly report PDF.
  PySide6-Essentials has no QtPdf to render a PDF back, so the page is
  painted onto an image by the same code that paints the PDF
  (``PrintedDocument.page_image``).

Run by ``make screenshots`` under Xvfb; nothing touches a real data folder.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts")]

from screenshots import save, settle, wait_until  # noqa: E402  (the other screenshot script)

from fieldcase.core.demo_services import demo_cases_with_services  # noqa: E402
from fieldcase.core.roles import Role  # noqa: E402
from fieldcase.reports.monthly import monthly_report  # noqa: E402
from fieldcase.ui.operations import VaultWorker  # noqa: E402
from fieldcase.ui.reports.dashboard import DashboardWidget  # noqa: E402
from fieldcase.ui.reports.pdf import monthly_document, monthly_title  # noqa: E402
from fieldcase.ui.reports.unitcosts import UnitCostsDialog  # noqa: E402
from fieldcase.vault.accounts import AccountStore  # noqa: E402

#: A fictional supervisor and passphrase: screenshots only.
SUPERVISOR = ("Rina Supervisor", "teh manis sore di Medan 9")
DEMO_CASES = 600
DASHBOARD_SIZE = (1366, 720)  # a 1366×768 screen minus the taskbar
REPORT_MONTH = "2026-03"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: screenshots_reports.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    os.environ["TZ"] = "Asia/Jakarta"
    if hasattr(time, "tzset"):
        time.tzset()
    logging.getLogger("fieldcase").addHandler(logging.NullHandler())
    app = QApplication([argv[0]])
    with tempfile.TemporaryDirectory(prefix="fieldcase-screenshots-reports-") as tmp:
        store = AccountStore(Path(tmp))
        name, secret = SUPERVISOR
        created = store.create(name, Role.SUPERVISOR, secret)
        worker = VaultWorker()
        session = worker.call(lambda: store.unlock(created.info.id, secret), timeout=120)
        try:
            cases = list(demo_cases_with_services(DEMO_CASES))
            worker.call(lambda: session.cases.create_cases(cases), 300)
            dashboard = DashboardWidget(session, worker, data_dir=Path(tmp))
            dashboard.setWindowTitle("fieldcase — Statistik")
            dashboard.resize(*DASHBOARD_SIZE)
            dashboard.show()
            shown: list[int] = []
            dashboard.statisticsShown.connect(shown.append)
            wait_until(app, lambda: bool(shown), timeout=120)
            settle(app, 0.5)
            save(app, dashboard, outdir / "dashboard.png")

            exports = dashboard.open_exports()
            if exports is None:
                raise RuntimeError("the supervisor's dashboard offered no exports")
            exports.adjustSize()
            save(app, exports, outdir / "exports.png")
            exports.close()

            costs = UnitCostsDialog(Path(tmp), Role.ADMIN)
            costs.model.setData(costs.model.index(6, 1), "3.750.000")  # safe house, Batam
            costs.model.setData(costs.model.index(2, 3), "1,5 juta")  # typed wrong: shown red
            costs.show()
            save(app, costs, outdir / "unit-costs.png")
            costs.dirty = False  # fiction: close without asking
            costs.close()

            now = datetime.now(UTC)
            report = worker.call(lambda: monthly_report(session, REPORT_MONTH, None, now))
            document = monthly_document(report, monthly_title(REPORT_MONTH, None))
            page = document.page_image(0, width=1240)
            target = outdir / "monthly-report-page1.png"
            if not page.save(str(target)):
                raise OSError(f"could not write {target}")
            print(f"{target} ({page.width()}×{page.height()}), {document.pages} pages")
            dashboard.clear()
            dashboard.close()
        finally:
            worker.call(session.lock)
            worker.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
