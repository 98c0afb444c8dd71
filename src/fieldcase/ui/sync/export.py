"""Export a ``.fcbundle`` from the app: everything, everything since a date, or some cases.

The same exporter as ``fieldcase sync export`` (``bundlefile.export_bundle``),
so the bundle is identical and the export is written to the audit log the
same way (one ``export`` entry with counts). The work and the file write run
on the vault thread; the file is written atomically, so a full USB stick
leaves no half bundle behind.

"Since a date" means since local midnight of that day on this laptop (what a
person means by a date), turned into the HLC lower bound the exporter uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.errors import InvalidInput
from fieldcase.sync import bundlefile
from fieldcase.sync.folder import write_atomic
from fieldcase.ui.operations import user_message
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.sync.strings import T
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

#: Asks where to save; None when cancelled (injectable for tests).
ChooseSave = Callable[[QWidget], Path | None]

_CASE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def choose_save_with_dialog(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, T.EXPORT_TITLE, "", T.EXPORT_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == ".fcbundle" else path.with_name(path.name + ".fcbundle")


def parse_case_ids(text: str) -> list[str]:
    """Case ids, one per line (commas and spaces also separate); bad input is refused."""
    ids: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in re.split(r"[\s,;]+", line.strip()):
            if not part:
                continue
            if _CASE_ID.fullmatch(part) is None:
                raise InvalidInput(
                    T.pair("EXPORT_BAD_CASE")[0].format(line=number),
                    T.pair("EXPORT_BAD_CASE")[1].format(line=number),
                )
            ids.append(part)
    if not ids:
        raise InvalidInput(*T.pair("EXPORT_NO_CASES"))
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class Exported:
    path: Path
    changes: int


def export_to(
    session: Session, path: Path, *, since_ms: int | None = None, case_ids: list[str] | None = None
) -> Exported:
    """Vault-thread job: build the bundle (audit-logged by the exporter) and write it."""
    since_hlc = bundlefile.since_date_hlc(since_ms) if since_ms is not None else ""
    data, count = bundlefile.export_bundle(session, since_hlc=since_hlc, case_ids=case_ids)
    write_atomic(path, data)
    return Exported(path, count)


class ExportBundleDialog(QDialog):
    """Choose what to export, then where; the export runs in the background."""

    #: After a bundle was written: the number of changes in it.
    exported = Signal(int)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        choose_save: ChooseSave = choose_save_with_dialog,
        case_ids: list[str] | None = None,
    ) -> None:
        """``case_ids`` pre-selects "Selected cases" (e.g. the rows chosen in the case list)."""
        super().__init__(parent)
        self.setObjectName("exportBundleDialog")
        self.setWindowTitle(T.EXPORT_TITLE)
        self._session: Session | None = session
        self._vault = vault
        self._choose = choose_save
        self.running = False
        hint = QLabel(T.EXPORT_HINT)
        hint.setWordWrap(True)
        self.all_button = QRadioButton(T.EXPORT_ALL)
        self.all_button.setObjectName("exportAll")
        self.since_button = QRadioButton(T.EXPORT_SINCE)
        self.since_button.setObjectName("exportSince")
        self.cases_button = QRadioButton(T.EXPORT_CASES)
        self.cases_button.setObjectName("exportCases")
        self.group = QButtonGroup(self)
        for button in (self.all_button, self.since_button, self.cases_button):
            self.group.addButton(button)
        self.since_button.setChecked(True)
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setObjectName("exportSinceDate")
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setMaximumDate(QDate.currentDate())
        self.cases = QPlainTextEdit()
        self.cases.setObjectName("exportCaseIds")
        self.cases.setPlaceholderText("0190f5c2-7a3b-7c00-8000-00000000aa01")
        self.cases.setTabChangesFocus(True)
        self.cases.setMaximumHeight(140)
        if case_ids:
            self.cases.setPlainText("\n".join(case_ids))
            self.cases_button.setChecked(True)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(T.EXPORT_SAVE)
        self.save_button.setObjectName("exportSave")
        make_primary(self.save_button)
        self.close_button = QPushButton(T.CLOSE)
        self.close_button.setObjectName("exportClose")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.group.buttonToggled.connect(lambda *_: self._enable())
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.all_button)
        layout.addWidget(self.since_button)
        layout.addWidget(self.since)
        layout.addWidget(self.cases_button)
        layout.addWidget(self.cases)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(520, 360)
        self._enable()

    def _enable(self) -> None:
        idle = not self.running
        self.since.setEnabled(idle and self.since_button.isChecked())
        self.cases.setEnabled(idle and self.cases_button.isChecked())
        for widget in (self.all_button, self.since_button, self.cases_button, self.save_button):
            widget.setEnabled(idle)
        self.close_button.setEnabled(idle)

    def _since_ms(self) -> int:
        day = self.since.date()
        local = datetime(day.year(), day.month(), day.day()).astimezone()
        return int(local.timestamp() * 1000)

    def save(self) -> None:
        session = self._session
        if session is None or self.running:
            return
        since_ms: int | None = None
        case_ids: list[str] | None = None
        try:
            if self.cases_button.isChecked():
                case_ids = parse_case_ids(self.cases.toPlainText())
            elif self.since_button.isChecked():
                since_ms = self._since_ms()
        except InvalidInput as error:
            set_feedback(self.status, user_message(error), "error")
            return
        path = self._choose(self)
        if path is None:
            return
        self.running = True
        self._enable()
        set_feedback(self.status, T.EXPORT_WORKING, "hint")
        operation = self._vault.run(
            "sync.export",
            lambda: export_to(session, path, since_ms=since_ms, case_ids=case_ids),
        )
        operation.succeeded.connect(self._done)
        operation.failed.connect(self._failed)
        operation.finished.connect(self._over)

    def _done(self, result: Exported) -> None:
        set_feedback(
            self.status, T.EXPORT_DONE.format(count=result.changes, name=result.path.name), "ok"
        )
        self.exported.emit(result.changes)

    def _failed(self, error: BaseException) -> None:
        set_feedback(self.status, user_message(error), "error")

    def _over(self) -> None:
        self.running = False
        self._enable()

    def reject(self) -> None:
        if self.running:
            return  # the export ends by itself; closing now would hide its outcome
        super().reject()

    def clear(self) -> None:
        """On lock: forget the session (a running export still finishes first)."""
        self._session = None
