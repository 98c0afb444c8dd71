"""Where a report goes: the save dialog, and the logged writing of a chart PNG.

The dialog is one function (:func:`ask_save_path`) so tests replace it the
way a person would answer it. Writing goes through
:func:`~fieldcase.reports.output.write_logged`: no file without its
``export`` entry in the audit chain, none of it before the role check.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from fieldcase.core.errors import InvalidInput
from fieldcase.reports.access import require_export
from fieldcase.reports.output import write_logged
from fieldcase.vault.session import Session


def default_folder() -> Path:
    """The person's Documents folder (home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def ask_save_path(parent: QWidget | None, title: str, name: str, filter_: str) -> Path | None:
    """Ask where to save ``name``; None when the person cancels. The suffix is enforced."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(default_folder() / name), filter_)
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(name).suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def save_png_logged(session: Session, image: QImage, out: Path, chart: str) -> None:
    """Write a chart PNG and its ``export`` entry (supervisor only; vault thread).

    QImage is reentrant: the image was drawn on the UI thread and is only
    read here.
    """
    require_export(session)

    def write(temp: Path) -> int:
        if not image.save(str(temp), "PNG"):  # type: ignore[call-overload]  # the stub is wrong
            raise InvalidInput(
                "Gambar tidak dapat disimpan di folder itu. Pilih folder lain.",
                "The image could not be saved in that folder. Choose another folder.",
            )
        return 1

    write_logged(session, out, write, {"kind": "chart", "format": "png", "chart": chart})
