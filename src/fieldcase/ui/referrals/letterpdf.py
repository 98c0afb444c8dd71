"""Print a referral letter to PDF with ``QPdfWriter`` and log it in the audit chain.

Why in memory: the letter carries the child's initials or name, so it is
rendered into a ``QBuffer`` on the UI thread (Qt text layout belongs
there) and written to the chosen file by a vault job through
:func:`fieldcase.reports.output.write_logged`: the file appears only
together with its ``export`` audit entry, and no temp file of ours holds it
anywhere else. The audit detail names the referral number, the recipient
type and which child items were disclosed — never the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import InvalidInput
from fieldcase.forms import builtin_forms
from fieldcase.referrals.catalog import REGION_LABELS, region_id
from fieldcase.referrals.directory import Directory
from fieldcase.referrals.letter import Letter, build_letter
from fieldcase.referrals.records import referral
from fieldcase.reports.output import write_logged
from fieldcase.ui.caselist import case_code
from fieldcase.vault.session import Session

#: Printer resolution: enough for text, small files.
_DPI = 300


@dataclass(frozen=True)
class LetterJob:
    letter: Letter
    institution_type: str
    index: int


def sender_org(directory: Directory, fields: dict[str, JsonValue]) -> str:
    """The sending unit: the directory's UPTD PPA of the case's region."""
    region = region_id(fields.get("wilayah"))
    if region is not None:
        units = directory.find(region, "uptd_ppa")
        if units:
            return units[0].name
        return f"UPTD PPA {REGION_LABELS[region]}"
    return "UPTD PPA"


def prepare_letter(
    session: Session, case_id: str, index: int, directory: Directory, today: date
) -> LetterJob:
    """Vault job: read the referral and build the letter's content (no file yet)."""
    fields = session.cases.read(case_id)
    found = referral(fields, index)
    if found is None:
        raise InvalidInput("Rujukan ini tidak ada.", "This referral does not exist.")
    institution = directory.get(found.institution_id or "")
    letter = build_letter(
        fields,
        found,
        case_code=case_code(case_id),
        sender_name=session.account.display_name,
        sender_org=sender_org(directory, fields),
        institution=institution,
        forms=builtin_forms(),
        today=today,
    )
    return LetterJob(letter, found.institution_type or "", index)


def render_pdf(letter: Letter) -> tuple[bytes, int]:
    """The letter as A4 PDF bytes and its page count (UI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(_DPI)
    writer.setTitle(f"Surat rujukan {letter.number}")
    writer.setCreator("fieldcase")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 18, 20, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(letter.html())
    rect = writer.pageLayout().paintRectPixels(_DPI)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    pages = document.pageCount()
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data()), pages


def save_letter(
    session: Session, case_id: str, job: LetterJob, pdf: bytes, pages: int, target: Path
) -> Path:
    """Vault job: write the PDF and its audit entry together."""

    def write(temp: Path) -> int:
        temp.write_bytes(pdf)
        return pages

    write_logged(
        session,
        target,
        write,
        {
            "kind": "surat_rujukan",
            "rujukan": job.index,
            "jenis_lembaga": job.institution_type,
            "disclosed": ",".join(job.letter.disclosed),
        },
        case_id=case_id,
    )
    return target


def default_name(case_id: str, index: int) -> str:
    """A file name without the child's name: case code and referral number only."""
    return f"surat-rujukan-{case_code(case_id)}-{index}.pdf"
