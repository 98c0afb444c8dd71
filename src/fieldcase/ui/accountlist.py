"""How one account looks in the sign-in list: the name in bold, the role below it,
and a training badge that stays readable when the row is selected.

Why a delegate: on a shared laptop people find themselves by name at a
glance; with name and role in the same plain text, and the training mark
lost in the selection colour, the wrong account gets picked. The item's
text stays the plain two-line version for screen readers and tests.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fieldcase.ui import texts
from fieldcase.ui.style import TRAINING_BADGE_BACKGROUND, TRAINING_BADGE_BORDER, TRAINING_TEXT
from fieldcase.vault.accounts import AccountInfo

#: The role under which each item carries its :class:`AccountInfo`.
AccountRole = Qt.ItemDataRole.UserRole + 1

_PADDING = 8
_LINE_GAP = 3
_BADGE_PADDING = 6
#: Secondary, but still readable on a dim screen (contrast ≈ 7:1 on white).
_ROLE_COLOUR = "#545454"

AnyIndex = QModelIndex | QPersistentModelIndex


def _name_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * 1.1)
    return font


def _badge_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * 0.85)
    return font


class AccountDelegate(QStyledItemDelegate):
    """Paints an :class:`AccountInfo` item: name, optional training badge, role."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        name = QFontMetrics(_name_font(option.font))
        role = QFontMetrics(option.font)
        width = max(name.horizontalAdvance(texts.TRAINING) * 3, 200)
        return QSize(width, 2 * _PADDING + name.height() + _LINE_GAP + role.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        info = index.data(AccountRole)
        if not isinstance(info, AccountInfo):
            super().paint(painter, option, index)
            return
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""  # the background and selection only; text is drawn below
        widget = view_option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        area = option.rect.adjusted(_PADDING + 2, _PADDING, -_PADDING, -_PADDING)
        painter.save()
        try:
            name_font = _name_font(option.font)
            name_metrics = QFontMetrics(name_font)
            badge_width = 0
            if info.training:
                badge_width = self._paint_badge(painter, option.font, area, name_metrics)
            painter.setFont(name_font)
            painter.setPen(text_colour)
            name_rect = QRect(area.left(), area.top(), area.width(), name_metrics.height())
            name_rect.setRight(area.right() - badge_width)
            elided = name_metrics.elidedText(
                info.display_name, Qt.TextElideMode.ElideRight, name_rect.width()
            )
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(name_rect, align, elided)

            role_metrics = QFontMetrics(option.font)
            role_rect = QRect(
                area.left(),
                name_rect.bottom() + 1 + _LINE_GAP,
                area.width(),
                role_metrics.height(),
            )
            painter.setFont(option.font)
            painter.setPen(text_colour if selected else QColor(_ROLE_COLOUR))
            role_text = texts.DAMAGED_ACCOUNT if info.damaged else texts.role_label(info.role)
            role = role_metrics.elidedText(
                role_text, Qt.TextElideMode.ElideRight, role_rect.width()
            )
            painter.drawText(role_rect, align, role)
        finally:
            painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, base: QFont, area: QRect, name: QFontMetrics) -> int:
        """The amber "PELATIHAN / TRAINING" badge at the right end of the name line."""
        font = _badge_font(base)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(texts.TRAINING) + 2 * _BADGE_PADDING
        height = metrics.height() + 4
        badge = QRect(
            area.right() - width, area.top() + (name.height() - height) // 2, width, height
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(TRAINING_BADGE_BORDER)))
        painter.setBrush(QColor(TRAINING_BADGE_BACKGROUND))
        painter.drawRoundedRect(badge, 3, 3)
        painter.setFont(font)
        painter.setPen(QColor(TRAINING_TEXT))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, texts.TRAINING)
        return width + _PADDING
