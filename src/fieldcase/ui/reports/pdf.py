"""Print the reports' HTML to A4 PDF (QPdfWriter), and draw the same pages as images.

``reports/`` builds each document as HTML for ``QTextDocument`` (no Qt there);
this module lays it out on A4, fills its ``chart:NAME`` images with the
dashboard's bar charts and paints it page by page with a footer ("Halaman 1
dari 3"). The PDF is produced in memory: nothing of a case touches a
temporary file but the one :func:`~fieldcase.reports.output.write_logged`
renames into place together with its audit entry.

One painting path serves the PDF and :func:`page_images` (PNG previews and the
screenshots): PySide6-Essentials ships no QtPdf to render a PDF back, so a
preview is the same pages painted onto a ``QImage`` laid out at the same
resolution, which is exactly what went into the PDF.

Qt objects here must be used on the GUI thread (fonts, text layout); the
vault thread only writes the finished bytes and the audit entry.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from fieldcase.reports.access import require_conference, require_export
from fieldcase.reports.charts_data import Bar, Chart
from fieldcase.reports.conference import build_conference
from fieldcase.reports.monthly import ChartData, MonthlyReport, monthly_report
from fieldcase.reports.output import write_logged
from fieldcase.vault.audit import DetailValue
from fieldcase.vault.session import Session

#: Print resolution: text and charts stay sharp on paper; a page is ~100 KB.
DPI = 300
MM_PER_INCH = 25.4
MARGIN_MM = 18.0
FOOTER_MM = 8.0
#: Width of a report chart in CSS pixels: the text width of A4 with our margins.
CHART_WIDTH = 640
CHART_SCALE = 3

_app: QGuiApplication | None = None


def ensure_gui_app() -> None:
    """An offscreen QGuiApplication for the CLI (fonts and painting need one)."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication([sys.argv[0] if sys.argv else "fieldcase", "-platform", "offscreen"])


def _dots(mm: float) -> float:
    return mm / MM_PER_INCH * DPI


class _LayoutDevice:
    """A 1×1 image at :data:`DPI`: text is laid out for print, whatever the screen is."""

    def __init__(self) -> None:
        self.image = QImage(1, 1, QImage.Format.Format_ARGB32)
        dots_per_metre = round(DPI / MM_PER_INCH * 1000)
        self.image.setDotsPerMeterX(dots_per_metre)
        self.image.setDotsPerMeterY(dots_per_metre)


class PrintedDocument:
    """An HTML document laid out on A4 pages at :data:`DPI`, ready to paint."""

    def __init__(self, html: str, title: str, images: Mapping[str, QImage] | None = None) -> None:
        self.title = title
        self._device = _LayoutDevice()  # kept alive: the layout refers to it
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(self._device.image)
        font = QFont("DejaVu Sans")
        font.setPointSizeF(10)
        self.doc.setDefaultFont(font)
        for name, image in (images or {}).items():
            self.doc.addResource(
                QTextDocument.ResourceType.ImageResource.value, QUrl(f"chart:{name}"), image
            )
        self.doc.setHtml(html)
        page = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Millimeter)
        self.page_w = _dots(page.width())
        self.page_h = _dots(page.height())
        self.margin = _dots(MARGIN_MM)
        self.footer = _dots(FOOTER_MM)
        self.body = QSizeF(
            self.page_w - 2 * self.margin, self.page_h - 2 * self.margin - self.footer
        )
        self.doc.setDocumentMargin(0)
        for frame in self.doc.rootFrame().childFrames():
            if isinstance(frame, QTextTable):  # a table split over pages repeats its header
                table_format = frame.format()
                table_format.setHeaderRowCount(1)
                frame.setFormat(table_format)
        self.doc.setPageSize(self.body)
        self._keep_headings_with_next()

    def _keep_headings_with_next(self, lookahead: int = 6, passes: int = 40) -> None:
        """Move a heading left alone at the foot of a page to the top of the next one.

        QTextDocument has no "keep with next", so a heading whose next few
        blocks (a table's first rows) spill onto the next page gets a page
        break before it. One heading per pass, top to bottom, because each
        push moves everything after it.
        """
        self._relayout()
        layout = self.doc.documentLayout()
        height = self.body.height()
        done: set[int] = set()
        for _ in range(passes):
            block = self.doc.begin()
            pushed = False
            while block.isValid():
                if block.blockFormat().headingLevel() > 0 and block.blockNumber() not in done:
                    top = layout.blockBoundingRect(block).top()
                    page = int(top // height)
                    probe, spills = block.next(), False
                    for _step in range(lookahead):
                        if not probe.isValid():
                            break
                        if int(layout.blockBoundingRect(probe).bottom() // height) > page:
                            spills = True
                            break
                        probe = probe.next()
                    if spills and top - page * height > height / 2:
                        self._push_to_page(block)
                        done.add(block.blockNumber())
                        pushed = True
                        break
                block = block.next()
            if not pushed:
                return

    def _push_to_page(self, block: QTextBlock) -> None:
        """Start ``block`` on a new page (then lay out again: Qt would do it lazily)."""
        fmt = QTextBlockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).mergeBlockFormat(fmt)
        self._relayout()

    def _relayout(self) -> None:
        """Lay the whole document out now.

        Qt lays a changed document out again lazily: without this, blocks after
        a pushed heading have no lines yet, so they would be measured wrong and
        painted not at all.
        """
        self.doc.markContentsDirty(0, self.doc.characterCount())
        self.doc.documentLayout().documentSize()

    @property
    def pages(self) -> int:
        return max(self.doc.pageCount(), 1)

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Page ``index`` (0-based) in device units of :data:`DPI`, footer included."""
        painter.save()
        painter.translate(self.margin, self.margin - index * self.body.height())
        clip = QRectF(0, index * self.body.height(), self.body.width(), self.body.height())
        self.doc.drawContents(painter, clip)
        painter.restore()
        painter.save()
        footer_font = QFont("DejaVu Sans")
        footer_font.setPointSizeF(8)
        painter.setFont(footer_font)
        painter.setPen(QColor("#444444"))
        box = QRectF(
            self.margin,
            self.page_h - self.margin - self.footer * 0.8,
            self.body.width(),
            self.footer,
        )
        painter.drawText(
            box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.title
        )
        painter.drawText(
            box,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"Halaman {index + 1} dari {self.pages}",
        )
        painter.restore()

    def _paint(self, device: QPaintDevice, new_page: QPdfWriter | None) -> None:
        painter = QPainter(device)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            for index in range(self.pages):
                if index and new_page is not None:
                    new_page.newPage()
                self.paint_page(painter, index)
        finally:
            painter.end()

    def pdf_bytes(self) -> bytes:
        """The whole document as a PDF (A4, no margins added by Qt: ours are in the page)."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(DPI)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        writer.setTitle(self.title)
        writer.setCreator("fieldcase")
        self._paint(writer, writer)
        buffer.close()
        return bytes(data.data())

    def page_image(self, index: int = 0, width: int = 1240) -> QImage:
        """Page ``index`` painted exactly as in the PDF, scaled to ``width`` pixels (white)."""
        full = QImage(round(self.page_w), round(self.page_h), QImage.Format.Format_RGB32)
        full.setDotsPerMeterX(self._device.image.dotsPerMeterX())
        full.setDotsPerMeterY(self._device.image.dotsPerMeterY())
        full.fill(QColor("white"))
        painter = QPainter(full)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self.paint_page(painter, index)
        finally:
            painter.end()
        return full.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


# --- the monthly report -------------------------------------------------------------------


def report_chart(data: ChartData) -> Chart:
    """A monthly-report chart (suppressed bars already left out) in the dashboard's style."""
    bars = tuple(
        Bar(label, float(value), str(value))
        for label, value in zip(data.labels, data.values, strict=True)
    )
    note = ""
    if data.suppressed:
        note = "Tidak digambar (<5 atau *): " + ", ".join(data.suppressed)
    return Chart(data.name, data.title, bars, note=note)


def monthly_document(report: MonthlyReport, title: str) -> PrintedDocument:
    """The monthly report laid out with its charts drawn in.

    Each chart gets the page's full text width and the height its bars need
    (the HTML's placeholder size is a default; a chart of two age bands
    should not leave half a page empty).
    """
    from fieldcase.ui.reports.charts import chart_height, chart_image

    html = report.html
    images: dict[str, QImage] = {}
    for data in report.charts:
        chart = report_chart(data)
        height = chart_height(chart, with_title=False)
        images[data.name] = chart_image(
            chart, CHART_WIDTH, height, scale=CHART_SCALE, with_title=False
        )
        html = re.sub(
            rf'src="chart:{re.escape(data.name)}" width="\d+" height="\d+"',
            f'src="chart:{data.name}" width="{CHART_WIDTH}" height="{height}"',
            html,
        )
    return PrintedDocument(html, title, images)


def monthly_title(month: str, region: str | None) -> str:
    from fieldcase.reports.deidentify import region_code
    from fieldcase.reports.monthly import label, month_title

    where = label(region_code(region)) if region else "Semua wilayah"
    return f"Laporan bulanan {where} {month_title(month)}"


def write_pdf_logged(
    session: Session,
    out: Path,
    data: bytes,
    detail: Mapping[str, DetailValue],
    *,
    rows: int,
    case_id: str | None = None,
) -> None:
    """Write finished PDF bytes and their ``export`` entry together (vault thread)."""

    def write(temp: Path) -> int:
        temp.write_bytes(data)
        return rows

    write_logged(session, out, write, {**detail, "format": "pdf"}, case_id=case_id)


def export_monthly_pdf(
    session: Session, out: Path, month: str, region: str | None, now: datetime
) -> MonthlyReport:
    """The monthly report as PDF in one go (CLI; supervisor only), logged as an export."""
    ensure_gui_app()
    report = monthly_report(session, month, region, now)  # checks the role
    data = monthly_document(report, monthly_title(month, region)).pdf_bytes()
    write_monthly_pdf(session, out, data, month, region, report.cases)
    return report


def write_monthly_pdf(
    session: Session, out: Path, data: bytes, month: str, region: str | None, rows: int
) -> None:
    """Write the monthly report PDF and its ``export`` entry (supervisor only; vault thread)."""
    require_export(session)
    detail: dict[str, DetailValue] = {"kind": "monthly", "month": month, "region": region or ""}
    write_pdf_logged(session, out, data, detail, rows=rows)


# --- the case-conference summary ----------------------------------------------------------

CONFERENCE_TITLE = "Ringkasan Konferensi Kasus — RAHASIA"


def conference_html(session: Session, case_id: str, now: datetime) -> str:
    """Check access, log the view of the case, and build its summary (vault thread)."""
    fields = session.cases.read(case_id)
    require_conference(session, fields)
    fields = session.view_case(case_id)  # the "view" entry, with the case id
    return build_conference(case_id, fields, len(session.cases.history(case_id)), now)


def conference_document(html: str) -> PrintedDocument:
    return PrintedDocument(html, CONFERENCE_TITLE)


def write_conference_pdf(session: Session, case_id: str, out: Path, data: bytes) -> None:
    """Write the summary PDF and its ``export`` entry (access checked again: it identifies)."""
    require_conference(session, session.cases.read(case_id))
    write_pdf_logged(session, out, data, {"kind": "conference"}, rows=1, case_id=case_id)


def export_conference_pdf_file(session: Session, case_id: str, out: Path, now: datetime) -> None:
    """The conference summary as PDF in one go (CLI), logged as a view and an export."""
    ensure_gui_app()
    html = conference_html(session, case_id, now)
    write_conference_pdf(session, case_id, out, conference_document(html).pdf_bytes())
