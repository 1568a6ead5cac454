"""A push button that shows its key under its name ("Pause" over "Space").

From the mat a person presses keys, not buttons; printing the key on the button teaches it
without a tooltip, which no one on the floor will ever hover over. A button given its own
colours (Start, It hurts) paints a flat face in them rather than the style's bevel, because
styles lighten a bevel's colour and the label's contrast would go with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QWidget

from stretchcoach.ui import theme

KEY_SCALE = 0.72
KEY_FADE = 0.22
"""How far the key's label fades toward the button's face: enough to rank below the name."""


class ShortcutButton(QPushButton):
    def __init__(self, text: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._key = key
        self._colours: Callable[[QPalette], tuple[QColor, QColor]] | None = None
        self._describe()

    @property
    def key(self) -> str:
        return self._key

    def set_colours(self, face: QColor, ink: QColor) -> None:
        """A face of its own, the same in every theme."""
        fixed = (QColor(face), QColor(ink))
        self._set_colours(lambda palette: fixed)

    def set_accent(self) -> None:
        """The theme's accent colour, followed when the system palette changes."""
        self._set_colours(theme.accent_colours)

    def _set_colours(self, colours: Callable[[QPalette], tuple[QColor, QColor]]) -> None:
        self._colours = colours
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.update()

    def setText(self, text: str) -> None:
        if text == self.text():  # "Pause" is set again at every phase: no new layout for that
            return
        super().setText(text)
        self._describe()
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        name, key = self._fonts()
        name_metrics, key_metrics = QFontMetricsF(name), QFontMetricsF(key)
        padding = name_metrics.height() * 0.6
        width = max(name_metrics.horizontalAdvance(self.text()), key_metrics.horizontalAdvance(self._key))
        height = name_metrics.height() + key_metrics.height()
        return QSize(round(width + 2 * padding), round(height + padding))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        if self._colours is None:
            option = QStyleOptionButton()
            self.initStyleOption(option)
            option.text = ""
            self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
            face = palette.color(group, QPalette.ColorRole.Button)
            ink = palette.color(group, QPalette.ColorRole.ButtonText)
        else:
            face, ink = self._paint_face(painter, palette)
        name, key = self._fonts()
        name_height, key_height = QFontMetricsF(name).height(), QFontMetricsF(key).height()
        top = (self.height() - name_height - key_height) / 2
        painter.setFont(name)
        painter.setPen(ink)
        painter.drawText(QRectF(0, top, self.width(), name_height), Qt.AlignmentFlag.AlignCenter, self.text())
        painter.setFont(key)
        painter.setPen(theme.mix(ink, face, KEY_FADE))
        key_box = QRectF(0, top + name_height, self.width(), key_height)
        painter.drawText(key_box, Qt.AlignmentFlag.AlignCenter, self._key)
        painter.end()

    def _paint_face(self, painter: QPainter, palette: QPalette) -> tuple[QColor, QColor]:
        assert self._colours is not None
        face, ink = self._colours(palette)
        if not self.isEnabled():
            window = palette.color(QPalette.ColorRole.Window)
            face, ink = theme.mix(face, window, 0.6), theme.mix(ink, window, 0.5)
        elif self.isDown():
            face = face.darker(125)
        elif self.underMouse():
            face = face.lighter(112)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = min(8.0, box.height() / 5)
        painter.setPen(QPen(face.darker(130), 1))
        painter.setBrush(face)
        painter.drawRoundedRect(box, radius, radius)
        if self.hasFocus():
            painter.setPen(QPen(theme.mix(ink, face, 0.25), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), radius * 0.7, radius * 0.7)
        return face, ink

    def _fonts(self) -> tuple[QFont, QFont]:
        name = QFont(self.font())
        name.setBold(True)
        key = QFont(self.font())
        if key.pixelSize() > 0:
            key.setPixelSize(max(9, round(key.pixelSize() * KEY_SCALE)))
        else:
            key.setPointSizeF(max(7.0, key.pointSizeF() * KEY_SCALE))
        return name, key

    def _describe(self) -> None:
        self.setToolTip(f"{self.text()} ({self._key})")
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(f"Keyboard shortcut: {self._key}")
