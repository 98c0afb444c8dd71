"""The A4 printing: every heading printed and kept with what follows, previews match."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot
from tests.reports.kit import enriched_cases

from fieldcase.core.changes import JsonValue
from fieldcase.reports.monthly import build_monthly
from fieldcase.reports.stats import compute
from fieldcase.ui.reports.pdf import CHART_SCALE, CHART_WIDTH, PrintedDocument, monthly_document

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _headings(document: PrintedDocument) -> list[tuple[str, int, int]]:
    """(text, page of the heading, page where the next block ends) of every heading."""
    layout = document.doc.documentLayout()
    height = document.body.height()
    found = []
    block = document.doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            assert block.layout().lineCount() > 0, block.text()  # laid out, so printed
            page = int(layout.blockBoundingRect(block).top() // height)
            after = int(layout.blockBoundingRect(block.next()).top() // height)
            found.append((block.text(), page, after))
        block = block.next()
    return found


@pytest.mark.parametrize("count", [150, 500])
def test_monthly_report_headings_stay_with_their_content(
    qtbot: QtBot, report_cases: list[dict[str, JsonValue]], count: int
) -> None:
    cases = report_cases if count == len(report_cases) else list(enriched_cases(count))
    stats = compute([(str(i), c) for i, c in enumerate(cases)], now=NOW, period="2026-03")
    report = build_monthly(stats, "2026-03", None)
    document = monthly_document(report, "Laporan bulanan")
    headings = _headings(document)
    assert len(headings) >= 12
    assert [h for h in headings if h[1] != h[2]] == []  # never alone at a page's foot
    # Each chart is drawn in, at the page's text width and print resolution.
    for chart in report.charts:
        image = document.doc.resource(
            QTextDocument.ResourceType.ImageResource.value, QUrl(f"chart:{chart.name}")
        )
        assert isinstance(image, QImage) and image.width() == CHART_WIDTH * CHART_SCALE
    data = document.pdf_bytes()
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == document.pages
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for heading, _page, _after in headings:
        assert " ".join(heading.split()) in text
    assert f"Halaman {document.pages} dari {document.pages}" in text
    page = document.page_image(0, width=620)
    assert page.width() == 620 and page.height() == round(620 * 297 / 210)
