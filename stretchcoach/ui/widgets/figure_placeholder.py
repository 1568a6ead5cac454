"""The illustration area, until there are illustrations: a stick figure in the body position.

A later issue puts a drawing of each exercise here. Until then the area still earns its place:
a glance from the mat tells whether to be on your back, on all fours or standing, and what
to have at hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.core.model import BodyPosition, Prop
from stretchcoach.ui import theme

# Each figure in a 100 × 60 box standing on a floor at y = 56: the head's centre, then strokes.
_Stroke = tuple[tuple[float, float], ...]
_FIGURES: dict[BodyPosition, tuple[tuple[float, float], tuple[_Stroke, ...]]] = {
    BodyPosition.LYING_ON_BACK: (
        (14, 47),
        (((21, 49), (56, 51), (69, 36), (84, 53)), ((28, 50), (44, 53))),
    ),
    BodyPosition.LYING_ON_FRONT: (
        (14, 47),
        (((21, 50), (90, 53)), ((27, 51), (18, 55), (6, 55))),
    ),
    BodyPosition.ALL_FOURS: (
        (20, 23),
        (((27, 28), (66, 28)), ((30, 29), (30, 55)), ((66, 28), (66, 55), (86, 55))),
    ),
    BodyPosition.KNEELING: (
        (48, 9),
        (((48, 15), (48, 38)), ((48, 38), (52, 55), (32, 55)), ((48, 19), (44, 36))),
    ),
    BodyPosition.STANDING: (
        (50, 7),
        (
            ((50, 13), (50, 34)),
            ((50, 34), (44, 55)),
            ((50, 34), (56, 55)),
            ((50, 17), (44, 33)),
            ((50, 17), (56, 33)),
        ),
    ),
}

_PROP_NAMES = {
    Prop.PILLOW: "a small pillow",
    Prop.TOWEL: "a towel",
    Prop.WALL: "a wall",
    Prop.DOORWAY: "an open doorway",
    Prop.BOOKS: "a few books",
}


def props_text(props: Sequence[Prop]) -> str:
    names = [_PROP_NAMES[prop] for prop in props]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"You need {listed}"


class FigurePlaceholder(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._position: BodyPosition | None = None
        self._props = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 0)
        self.setAccessibleName("Illustration")

    def sizeHint(self) -> QSize:
        return QSize(400, 260)

    def set_figure(self, position: BodyPosition | None, props: Sequence[Prop] = ()) -> None:
        self._position = position
        self._props = props_text(props)
        self.setAccessibleDescription(". ".join(part for part in (self.caption, self._props) if part))
        self.update()

    @property
    def caption(self) -> str:
        return self._position.label if self._position is not None else ""

    @property
    def props(self) -> str:
        return self._props

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Window)
        ink = palette.color(QPalette.ColorRole.WindowText)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        panel = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = min(panel.width(), panel.height()) * 0.06
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.mix(background, ink, 0.06))
        painter.drawRoundedRect(panel, radius, radius)

        text_size = max(12.0, min(panel.height() * 0.09, panel.width() * 0.06))
        font = QFont(self.font())
        font.setPixelSize(round(text_size))
        line = QFontMetricsF(font).height()
        lines = [text for text in (self.caption, self._props) if text]
        art = panel.adjusted(panel.width() * 0.08, panel.height() * 0.08, -panel.width() * 0.08, 0)
        art.setBottom(panel.bottom() - panel.height() * 0.06 - line * len(lines))
        if self._position is not None and art.height() > 20:
            self._paint_figure(painter, art, theme.mix(background, ink, 0.55))
        painter.setFont(font)
        painter.setPen(ink)
        top = art.bottom() + panel.height() * 0.02
        for text in lines:
            box = QRectF(panel.left() + 8, top, panel.width() - 16, line)
            elided = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)
            top += line
        painter.end()

    def _paint_figure(self, painter: QPainter, area: QRectF, colour: QColor) -> None:
        assert self._position is not None
        head, strokes = _FIGURES[self._position]
        scale = min(area.width() / 100, area.height() / 60)
        origin = QPointF(area.center().x() - 50 * scale, area.center().y() - 30 * scale)

        def point(x: float, y: float) -> QPointF:
            return QPointF(origin.x() + x * scale, origin.y() + y * scale)

        pen = QPen(colour, max(2.0, 3.2 * scale), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(point(0, 58), point(100, 58))
        path = QPainterPath()
        for stroke in strokes:
            path.moveTo(point(*stroke[0]))
            for x, y in stroke[1:]:
                path.lineTo(point(x, y))
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.drawEllipse(point(*head), 5.5 * scale, 5.5 * scale)
