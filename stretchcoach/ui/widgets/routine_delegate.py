"""Paints a routine in the picker's list: its name over a line of facts, or a broken file's problems.

A file that cannot be run is greyed out but can still be selected, so its whole list of
problems can be read beside it.

Painting the text ourselves (rather than setting it on the item) keeps a routine file's strings
plain text: nothing from a file is ever interpreted as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from stretchcoach.ui.widgets.text_fit import wrapped_height

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_PROBLEM_LINES = 3
NAME_SCALE = 1.3

_Index = QModelIndex | QPersistentModelIndex
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


@dataclass(frozen=True, slots=True)
class ListEntry:
    """What one line of the list shows; the page that fills the list decides the words."""

    title: str
    facts: str = ""
    problems: tuple[str, ...] = ()

    @property
    def runnable(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.runnable:
            return [self.facts]
        shown = list(self.problems[:MAX_PROBLEM_LINES])
        if len(self.problems) > MAX_PROBLEM_LINES:
            shown.append(f"… and {len(self.problems) - MAX_PROBLEM_LINES} more")
        return ["Cannot be used:", *shown]


class RoutineDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row = index.data(ENTRY_ROLE)
        if not isinstance(row, ListEntry):
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)

        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        enabled = row.runnable and bool(item.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = item.palette.color(group, role)
        name_font, detail_font = _fonts(item.font)
        padding = QFontMetricsF(detail_font).height() * 0.5
        area = QRectF(item.rect).adjusted(padding, padding / 2, -padding, -padding / 2)
        painter.save()
        painter.setPen(ink)
        top = area.top()
        for font, text in _blocks(row, name_font, detail_font):
            painter.setFont(font)
            height = wrapped_height(font, text, int(area.width()))
            painter.drawText(QRectF(area.left(), top, area.width(), height), _WRAP, text)
            top += height
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        row = index.data(ENTRY_ROLE)
        if not isinstance(row, ListEntry):
            return super().sizeHint(option, index)
        name_font, detail_font = _fonts(option.font)
        padding = QFontMetricsF(detail_font).height()
        view = option.widget
        width = (view.viewport().width() if isinstance(view, QAbstractItemView) else 300) - padding
        height = sum(
            wrapped_height(font, text, int(width)) for font, text in _blocks(row, name_font, detail_font)
        )
        return QSize(200, round(height + padding))


def _blocks(row: ListEntry, name: QFont, detail: QFont) -> list[tuple[QFont, str]]:
    return [(name, row.title)] + [(detail, line) for line in row.lines()]


def _fonts(base: QFont) -> tuple[QFont, QFont]:
    name = QFont(base)
    name.setBold(True)
    if base.pixelSize() > 0:
        name.setPixelSize(round(base.pixelSize() * NAME_SCALE))
    else:
        name.setPointSizeF(base.pointSizeF() * NAME_SCALE)
    return name, QFont(base)
