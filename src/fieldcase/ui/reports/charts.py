"""Horizontal bar charts drawn with QPainter (PySide6-Essentials has no QtCharts).

One painting function serves the dashboard, its PNG exports and the PDF, so a
chart looks the same wherever a supervisor meets it. Horizontal bars because
category names (forms of ESA, deadlines) are long and must be read whole.
Every bar has its value written beside it and the axis has numbered ticks:
the chart is read by its words and numbers, never by colour alone, and it
survives a black-and-white printer. A suppressed count (``<5``, ``*``) gets
no bar at all: its length would give the count away.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from fieldcase.reports.charts_data import Chart
from fieldcase.ui.reports.labels import T

BAR = QColor("#1f5fa8")
INK = QColor("#1a1a1a")
MUTED = QColor("#4a4a4a")
GRID = QColor("#d0d0d0")
#: Point size of labels and values; big enough to read on a 1366-px laptop and on paper.
FONT_POINTS = 9.0
#: Width of a saved PNG in logical pixels (saved at twice that for sharp printing).
EXPORT_WIDTH = 800
EXPORT_SCALE = 2
_PAD = 8.0


def chart_font(bold: bool = False, points: float = FONT_POINTS) -> QFont:
    """The application's font at a fixed size: the same on screen, PNG and PDF."""
    font = QFont(QApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10^k) giving about ``ticks`` intervals up to ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(max(factor * power, 1.0))
    return float(10 * power)


def _number(value: float) -> str:
    return f"{value:g}"


def row_height(metrics: QFontMetricsF) -> float:
    return metrics.height() + 10


def chart_height(chart: Chart, *, with_title: bool = True) -> int:
    """Logical height a chart needs at its natural row height (for widgets and PNGs)."""
    metrics = QFontMetricsF(chart_font())
    title = QFontMetricsF(chart_font(bold=True, points=FONT_POINTS + 1)).height() + _PAD
    rows = max(len(chart.bars), 1) * row_height(metrics)
    note = metrics.height() + _PAD / 2 if chart.note else 0.0
    axis = metrics.height() + _PAD
    return math.ceil((title if with_title else 0.0) + rows + axis + note + 2 * _PAD)


def paint_chart(painter: QPainter, area: QRectF, chart: Chart, *, with_title: bool = True) -> None:
    """Draw ``chart`` into ``area`` (logical units); rows shrink to fit a fixed area."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    inner = area.adjusted(_PAD, _PAD, -_PAD, -_PAD)
    top = inner.top()
    if with_title:
        title_font = chart_font(bold=True, points=FONT_POINTS + 1)
        painter.setFont(title_font)
        painter.setPen(INK)
        title_h = QFontMetricsF(title_font).height()
        painter.drawText(
            QRectF(inner.left(), top, inner.width(), title_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetricsF(title_font).elidedText(
                chart.title, Qt.TextElideMode.ElideRight, inner.width()
            ),
        )
        top += title_h + _PAD
    font = chart_font()
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    note_h = metrics.height() + _PAD / 2 if chart.note else 0.0
    axis_h = metrics.height() + _PAD
    if chart.note:
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(
                inner.left(), inner.bottom() - metrics.height(), inner.width(), metrics.height()
            ),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(chart.note, Qt.TextElideMode.ElideRight, inner.width()),
        )
    plot_bottom = inner.bottom() - note_h - axis_h
    if chart.empty:
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(inner.left(), top, inner.width(), max(plot_bottom - top, metrics.height())),
            int(Qt.AlignmentFlag.AlignCenter),
            T.NO_DATA,
        )
        painter.restore()
        return
    count = len(chart.bars)
    row = min(row_height(metrics), max((plot_bottom - top) / count, metrics.height() + 2))
    label_w = min(
        max(metrics.horizontalAdvance(b.label) for b in chart.bars) + _PAD, inner.width() * 0.42
    )
    value_w = max(metrics.horizontalAdvance(b.text) for b in chart.bars) + _PAD
    x0 = inner.left() + label_w
    x1 = max(inner.right() - value_w, x0 + 40)
    lengths = [b.length for b in chart.bars if b.length is not None]
    top_value = chart.maximum if chart.maximum is not None else max(lengths, default=0.0)
    step = nice_step(top_value)
    # The axis ends at the largest value (or the fixed maximum): bars use the whole width.
    axis_max = top_value if top_value > 0 else step
    scale = (x1 - x0) / axis_max
    plot_top = top
    plot_end = top + row * count
    # Grid lines and numbered ticks.
    tick = 0.0
    while tick <= axis_max + 1e-9:
        x = x0 + tick * scale
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(round(x), int(plot_top), round(x), int(plot_end))
        painter.setPen(MUTED)
        text = _number(tick) + ("%" if chart.maximum == 100.0 else "")
        width = metrics.horizontalAdvance(text)
        painter.drawText(
            QRectF(x - width / 2 - 2, plot_end + 2, width + 4, metrics.height()),
            int(Qt.AlignmentFlag.AlignCenter),
            text,
        )
        tick += step
    painter.setPen(QPen(INK, 1))
    painter.drawLine(int(x0), int(plot_top), int(x0), int(plot_end))
    for index, bar in enumerate(chart.bars):
        y = plot_top + index * row
        painter.setPen(INK)
        painter.drawText(
            QRectF(inner.left(), y, label_w - _PAD / 2, row),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - _PAD / 2),
        )
        end = x0
        if bar.length is not None and bar.length > 0:
            bar_h = max(row * 0.62, 2.0)
            width = max(bar.length * scale, 1.5)
            painter.fillRect(QRectF(x0, y + (row - bar_h) / 2, width, bar_h), BAR)
            end = x0 + width
        painter.setPen(INK if bar.length is not None else MUTED)
        painter.drawText(
            QRectF(end + 4, y, inner.right() - end - 4, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bar.text,
        )
    painter.restore()


def chart_image(
    chart: Chart,
    width: int = EXPORT_WIDTH,
    height: int | None = None,
    *,
    scale: int = EXPORT_SCALE,
    with_title: bool = True,
) -> QImage:
    """The chart on white, ``scale`` × the logical size (a PNG for a report or a slide)."""
    logical_h = height if height is not None else chart_height(chart, with_title=with_title)
    image = QImage(width * scale, logical_h * scale, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_chart(painter, QRectF(0, 0, width, logical_h), chart, with_title=with_title)
    finally:
        painter.end()
    return image


def describe(chart: Chart) -> str:
    """The chart as one sentence list, for screen readers (accessible description)."""
    parts = [f"{bar.label}: {bar.text}" for bar in chart.bars] or [T.NO_DATA]
    return f"{chart.title}. " + "; ".join(parts) + (f". {chart.note}" if chart.note else "")


class ChartView(QWidget):
    """Shows one chart at its natural height; its words are also its accessible text."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        # Reachable with Tab so a screen reader announces its name and values.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.chart = chart
        self.set_chart(chart)

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(describe(chart))
        self.setFixedHeight(chart_height(chart, with_title=False))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, chart_height(self.chart, with_title=False))

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            paint_chart(painter, QRectF(self.rect()), self.chart, with_title=False)
            if self.hasFocus():
                painter.setPen(QPen(QColor("#0b2f57"), 2, Qt.PenStyle.DotLine))
                painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        finally:
            painter.end()
