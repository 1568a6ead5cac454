"""Pain before and after each session over time, drawn with QPainter.

`paint_pain_chart` draws into any rectangle, so the window's chart and the physio's PDF report
are the same picture. Before is a line of filled dots, after a line of rings; the x axis is
time (days), so a gap without sessions shows as a gap; sessions closer together than a few
pixels are averaged into one point.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.core.progress import PainPoint
from stretchcoach.ui import theme

PIXELS_PER_POINT = 4.0
"""At most one point every this many pixels; more sessions than that are averaged together."""
DOTS_UP_TO = 120
"""Points are marked with dots only while there are few enough to tell apart."""


@dataclass(frozen=True, slots=True)
class ChartInks:
    ink: QColor
    grid: QColor
    before: QColor
    after: QColor

    @classmethod
    def of(cls, palette: QPalette) -> ChartInks:
        ink = palette.color(QPalette.ColorRole.WindowText)
        base = palette.color(QPalette.ColorRole.Window)
        return cls(
            ink, theme.mix(ink, base, 0.82), theme.readable(15, 0.75, base), theme.readable(205, 0.7, base)
        )


def paint_pain_chart(
    painter: QPainter, area: QRectF, points: Sequence[PainPoint], inks: ChartInks, font: QFont
) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())  # the device's, so a 300 dpi PDF measures right
    legend_h = metrics.height() * 1.4
    left = metrics.horizontalAdvance("10") + metrics.height() * 0.6
    bottom = metrics.height() * 1.5
    plot = QRectF(
        area.left() + left, area.top() + legend_h, area.width() - left - 8, area.height() - legend_h - bottom
    )
    painter.setPen(inks.ink)
    for score in (0, 5, 10):
        y = plot.bottom() - plot.height() * score / 10
        painter.setPen(QPen(inks.grid, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(inks.ink)
        label = QRectF(area.left(), y - metrics.height() / 2, left - 6, metrics.height())
        painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(score))
    _legend(painter, QRectF(plot.left(), area.top(), plot.width(), legend_h), inks, metrics)
    if not points:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No pain scores yet")
        painter.restore()
        return
    first, last = points[0].day, points[-1].day
    span = max(1, (last - first).days)

    def x_of(index: int) -> float:
        return (
            plot.left() + plot.width() * (points[index].day - first).days / span
            if span
            else plot.center().x()
        )

    def y_of(score: float) -> float:
        return plot.bottom() - plot.height() * score / 10

    columns = max(1, int(plot.width() / PIXELS_PER_POINT))
    radius = max(2.0, min(5.0, plot.width() / max(1, min(len(points), columns)) / 2.5))
    for attribute, colour, filled in (("before", inks.before, True), ("after", inks.after, False)):
        line = _averaged(
            (
                (x_of(i), score)
                for i, point in enumerate(points)
                if (score := getattr(point, attribute)) is not None
            ),
            plot.left(),
            plot.width() / columns,
        )
        dots = [QPointF(x, y_of(score)) for x, score in line]
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(dots) > 1:
            painter.drawPolyline(dots)
        if len(dots) <= DOTS_UP_TO:
            painter.setBrush(colour if filled else inks.grid)
            for dot in dots:
                painter.drawEllipse(dot, radius, radius)
    painter.setPen(inks.ink)
    axis = QRectF(plot.left(), plot.bottom() + 4, plot.width(), bottom - 4)
    painter.drawText(axis, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"{first:%d %b %Y}")
    if last != first:
        painter.drawText(axis, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"{last:%d %b %Y}")
    painter.restore()


def _legend(painter: QPainter, box: QRectF, inks: ChartInks, metrics: QFontMetricsF) -> None:
    x = box.left()
    middle = box.center().y()
    for label, colour, filled in (("before", inks.before, True), ("after the session", inks.after, False)):
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour if filled else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(x + 6, middle), 5, 5)
        painter.setPen(inks.ink)
        width = metrics.horizontalAdvance(label) + 4
        painter.drawText(QRectF(x + 16, box.top(), width, box.height()), Qt.AlignmentFlag.AlignVCenter, label)
        x += 16 + width + 24


def _averaged(placed: Iterable[tuple[float, int]], left: float, bucket: float) -> list[tuple[float, float]]:
    """One point per `bucket` pixels, the mean of the scores that fall in it: years of daily
    scores would otherwise be a scribble (and slow to stroke), where a smoothed line shows the trend."""
    sums: dict[int, list[float]] = {}
    for x, score in placed:
        column = sums.setdefault(int((x - left) / bucket), [0.0, 0.0, 0.0])
        column[0] += x
        column[1] += score
        column[2] += 1
    return [(x / count, total / count) for x, total, count in (sums[key] for key in sorted(sums))]


class PainChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: Sequence[PainPoint] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 160)
        self.setAccessibleName("Pain before and after sessions, 0 to 10")

    def set_points(self, points: Sequence[PainPoint]) -> None:
        self._points = points
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_pain_chart(
            painter, QRectF(self.rect()), self._points, ChartInks.of(self.palette()), self.font()
        )
        painter.end()
