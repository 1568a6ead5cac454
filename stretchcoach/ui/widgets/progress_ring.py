"""The ring that counts a phase down: the one thing meant to be read from the floor.

Everything is painted in `paintEvent` from the values the session page sets; the widget has
no timer and no idea of the engine. Sizes are fractions of the ring's diameter, so the digits
grow with the window.

The sweep moves in steps, not continuously: on a hold a quarter of a second at a time (a step
of 1.5° on a 60 s hold, ~5 px at 1280×800, too little to see as a jump from the mat), on the
quarter second so each new figure comes with a step of the sweep, and on reps with the
figure's frames. Smooth motion was 15 frames a second, each a wake, a paint and a flush to the
X server: most of what a running session cost. A step repaints only the stretch of arc it
moves over, and the digits only when the figure changes.

On reps the big figure is the rep ("3", "of 8" under it) and the sweep shows the beat: the voice
counts reps, and a big "1" counting down each half-breath while it says "Three" was confusing.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QRegion
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.core.plan import PhaseKind
from stretchcoach.ui import theme
from stretchcoach.ui.phase_text import countdown

THICKNESS = 0.065
"""The arc's width, as a fraction of the diameter."""
DIGIT_HEIGHT = 0.30
"""The height of a digit, as a fraction of the diameter."""
DIGITS_WIDTH = 0.80
LABEL_HEIGHT = 0.075
LABEL_WIDTH = 0.70
COUNT_DIGIT_HEIGHT = 0.26
"""A rep's figure is a little smaller, to leave room for "of 8" under it."""
PAUSED_LABEL = "Paused"
TEXT_BOX = (0.41, 0.25, 0.32)
"""Where the digits and labels can be, from the centre: half the width, above, below (diameters)."""
LOCAL_REPAINT_TURN = 1 / 4
"""A move of the sweep up to this much of a turn repaints only the arc it moves over; more, the ring."""
SWEEP_STEP_SECONDS = (0.25, 0.5, 1.0)
"""A still phase's sweep moves in the first of these steps that moves it at least a pixel; each
divides a second, so a step always falls on the moment the figure changes."""
DIRTY_SPAN_TURN = 1 / 72
"""The arc a sweep's step covers is repainted as rectangles around points this far apart."""


class ProgressRing(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 0.0
        self._remaining = 0.0
        self._kind = PhaseKind.PREPARE
        self._label = ""
        self._paused = False
        self._count: tuple[int, int] | None = None
        self._step = 0.0
        self._swept: tuple[float, float] | None = None
        """The stretch of the turn the sweep has moved over since the ring was last painted,
        and the pixels marked for it."""
        self._swept_pixels = QRegion()
        self._font_cache: dict[tuple[int, str, str, float], QFont] = {}
        self._ink_cache: dict[tuple[PhaseKind, bool, int], tuple[QColor, QColor]] = {}
        self._shape: tuple[int, int, QPointF, QRectF, float] | None = None
        self._pen_cache: tuple[tuple[PhaseKind, bool, int, float], QColor, QPen, QPen] | None = None
        """The size the geometry was worked out for, and the geometry: asked for several times
        a frame, and each of the widget's own answers is a call across into Qt."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName("Time left in this step")

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    def set_phase(self, kind: PhaseKind, label: str) -> None:
        self._kind = kind
        self._label = label
        self._fraction = 0.0
        self._count = None
        self._describe()
        self.update()

    def set_count(self, number: int, total: int) -> None:
        """Show the rep instead of the seconds, until the next `set_phase`."""
        self._count = (number, total)
        self._describe()
        self.update()

    def set_sweep_step(self, step: float) -> None:
        """Draw the sweep in steps of this fraction of the phase, counted back from its end so the
        last step ends the arc exactly as the phase ends (0: follow every fraction given)."""
        if step < 0:
            raise ValueError(f"a sweep step cannot be negative, not {step}")
        self._step = step

    def sweep_step_for(self, seconds: float) -> float:
        """The step a still phase of `seconds` sweeps in: a quarter second, or a coarser divisor of a
        second where the ring is so small or the phase so long that a quarter would not move a pixel."""
        if seconds <= 0:
            return 1.0
        pixel = self.pixel_step()
        for step_seconds in SWEEP_STEP_SECONDS:
            if step_seconds / seconds >= pixel:
                return min(1.0, step_seconds / seconds)
        return min(1.0, SWEEP_STEP_SECONDS[-1] / seconds)

    def set_progress(self, fraction: float, remaining: float) -> None:
        changed_text = self._count is None and countdown(remaining) != countdown(self._remaining)
        before = self._fraction
        self._fraction = self._stepped(min(1.0, max(0.0, fraction)))
        self._remaining = max(0.0, remaining)
        if changed_text:
            self._describe()
        if abs(self._fraction - before) > LOCAL_REPAINT_TURN:
            self.update()
            return
        dirty = QRegion()
        if self._fraction != before:
            dirty = self._arc_between(before, self._fraction)
            low, high = sorted((before, self._fraction))
            if self._swept is not None:
                low, high = min(low, self._swept[0]), max(high, self._swept[1])
            self._swept = (low, high)
            self._swept_pixels = self._swept_pixels.united(dirty)
        if changed_text:
            dirty = dirty.united(self._words_box())
        if not dirty.isEmpty():
            self.update(dirty)

    def _stepped(self, fraction: float) -> float:
        """`fraction` put back to the last step it has reached (a step's worth from the end at a time)."""
        if self._step <= 0 or fraction >= 1.0:
            return fraction
        steps_left = math.ceil(round((1.0 - fraction) / self._step, 6))
        return max(0.0, 1.0 - steps_left * self._step)

    def pixel_step(self) -> float:
        """The change of fraction that moves the arc's end by one device pixel."""
        _, square, _ = self._geometry()
        pixels = math.pi * max(square.width(), 1.0) * self.devicePixelRatioF()
        return 1.0 / pixels

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self._describe()
        self.update()

    @property
    def fraction(self) -> float:
        return self._fraction

    @property
    def remaining(self) -> float:
        return self._remaining

    @property
    def text(self) -> str:
        """The big figure as painted: the seconds left, or the rep."""
        return countdown(self._remaining) if self._count is None else str(self._count[0])

    @property
    def count_text(self) -> str:
        """The small line under a rep's figure ("of 8"), or "" when counting seconds."""
        return "" if self._count is None else f"of {self._count[1]}"

    @property
    def label(self) -> str:
        """The label as painted: the phase's, or "Paused"."""
        return PAUSED_LABEL if self._paused else self._label

    @property
    def kind(self) -> PhaseKind:
        return self._kind

    def colour(self) -> QColor:
        return self._inks()[0]

    def _inks(self) -> tuple[QColor, QColor]:
        """The accent and the track, worked out once per phase kind, pause and palette: choosing a
        readable accent takes a few dozen contrast sums, too many to do for every frame."""
        palette = self.palette()
        key = (self._kind, self._paused, palette.cacheKey())
        cached = self._ink_cache.get(key)
        if cached is None:
            accent = theme.paused_colour(palette) if self._paused else theme.phase_colour(self._kind, palette)
            cached = (accent, theme.track_colour(palette))
            if len(self._ink_cache) > 32:
                self._ink_cache.clear()
            self._ink_cache[key] = cached
        return cached

    def _pens(self, palette: QPalette, thickness: float) -> tuple[QColor, QPen, QPen]:
        """The accent, and the pens for the track and the sweep, made again only when the inks or
        the width change rather than for every frame."""
        key = (self._kind, self._paused, palette.cacheKey(), thickness)
        if self._pen_cache is None or self._pen_cache[0] != key:
            accent, track = self._inks()
            self._pen_cache = (
                key,
                accent,
                QPen(track, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap),
                QPen(accent, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap),
            )
        return self._pen_cache[1:]

    def diameter(self) -> float:
        return float(min(self.width(), self.height()))

    def digit_height(self) -> float:
        """How tall the countdown's digits are painted, in pixels."""
        font = self._digits_font(self.diameter(), self.text)
        return QFontMetricsF(font).tightBoundingRect("0").height()

    def label_height(self) -> float:
        """How tall the label's capitals are painted, in pixels."""
        font = self._label_font(self.diameter(), self.label or "H")
        return QFontMetricsF(font).tightBoundingRect("H").height()

    def _geometry(self) -> tuple[QPointF, QRectF, float]:
        """The centre, the square the arc is drawn in, and the arc's width."""
        width, height = self.width(), self.height()
        shape = self._shape
        if shape is not None and shape[0] == width and shape[1] == height:
            return shape[2], shape[3], shape[4]
        diameter = float(min(width, height))
        centre = QPointF(width / 2, height / 2)
        thickness = max(4.0, diameter * THICKNESS)
        inset = thickness / 2 + 1
        square = QRectF(
            centre.x() - diameter / 2 + inset,
            centre.y() - diameter / 2 + inset,
            diameter - 2 * inset,
            diameter - 2 * inset,
        )
        self._shape = (width, height, centre, square, thickness)
        return centre, square, thickness

    def _arc_end(self, fraction: float) -> QRect:
        """The pixels the arc's round end covers at `fraction`, with a margin for antialiasing."""
        return QRect(*self._arc_ends((fraction,))[0])

    def _arc_ends(self, fractions: tuple[float, ...]) -> list[tuple[int, int, int, int]]:
        """`_arc_end` for each fraction, as x, y, width, height: worked out in plain numbers, as
        the rectangles around a sweep's step are every frame of a rep."""
        centre, square, thickness = self._geometry()
        x, y = centre.x(), centre.y()
        radius = square.width() / 2
        reach = thickness / 2 + 2
        boxes = []
        for fraction in fractions:
            angle = math.radians(90.0 - fraction * 360.0)
            end_x, end_y = x + radius * math.cos(angle), y - radius * math.sin(angle)
            left, top = math.floor(end_x - reach), math.floor(end_y - reach)
            boxes.append((left, top, math.ceil(end_x + reach) - left, math.ceil(end_y + reach) - top))
        return boxes

    def _arc_between(self, start: float, end: float) -> QRegion:
        """The pixels a move of the sweep from `start` to `end` changes: the arc between, both ends."""
        low, high = sorted((start, end))
        points = max(1, math.ceil((high - low) / DIRTY_SPAN_TURN))
        dirty = QRegion()
        for box in self._arc_ends(tuple(low + (high - low) * point / points for point in range(points + 1))):
            dirty = dirty.united(QRect(*box))
        return dirty

    def _words_box(self) -> QRect:
        diameter = self.diameter()
        centre = QPointF(self.width() / 2, self.height() / 2)
        half_width, above, below = TEXT_BOX
        return QRectF(
            centre.x() - half_width * diameter,
            centre.y() - above * diameter,
            2 * half_width * diameter,
            (above + below) * diameter,
        ).toAlignedRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        diameter = self.diameter()
        if diameter <= 0:
            return
        palette = self.palette()
        centre, square, thickness = self._geometry()
        accent, track_pen, accent_pen = self._pens(palette, thickness)
        swept, self._swept = self._swept, None
        swept_pixels, self._swept_pixels = self._swept_pixels, QRegion()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        reach = thickness / 2 + 2
        margin = (reach * math.sqrt(2) + thickness / 2 + 2) / (math.pi * max(square.width(), 1.0))
        if (
            swept is not None
            and margin <= swept[0] <= swept[1] <= 1.0 - margin
            and event.region().subtracted(swept_pixels).isEmpty()
        ):
            # Only the sweep moved, away from twelve o'clock where the ring's two ends meet:
            # stroke just that stretch of the ring, not the whole of it.
            low, high = swept[0] - margin, swept[1] + margin
            painter.setPen(track_pen)
            _draw_arc(painter, square, low, high)
            painter.setPen(accent_pen)
            _draw_arc(painter, square, max(low, self._fraction), high)
            painter.end()
            return
        painter.setPen(track_pen)
        painter.drawEllipse(square)
        painter.setPen(accent_pen)
        _draw_arc(painter, square, self._fraction, 1.0)

        if not event.region().intersects(self._words_box()):
            painter.end()  # only the sweep's end moved: the digits and label are as they were
            return
        text = self.text
        ink = palette.color(QPalette.ColorRole.WindowText)
        painter.setFont(self._digits_font(diameter, text))
        painter.setPen(ink)
        bounds = QFontMetricsF(painter.font()).tightBoundingRect(text)
        middle = -0.03 if self._count is None else -0.10
        baseline = QPointF(
            centre.x() - bounds.width() / 2 - bounds.left(),
            centre.y() + middle * diameter - bounds.height() / 2 - bounds.top(),
        )
        painter.drawText(baseline, text)
        if self.count_text:
            font = self._label_font(diameter, self.count_text)
            painter.setFont(font)
            box = QRectF(
                centre.x() - diameter / 2,
                centre.y() + 0.06 * diameter,
                diameter,
                QFontMetricsF(font).height(),
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.count_text)

        label = self.label
        if label:
            font = self._label_font(diameter, label)
            metrics = QFontMetricsF(font)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, diameter * LABEL_WIDTH)
            painter.setFont(font)
            painter.setPen(accent)
            box = QRectF(centre.x() - diameter / 2, centre.y() + 0.17 * diameter, diameter, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
        painter.end()

    def _digits_font(self, diameter: float, text: str) -> QFont:
        height = DIGIT_HEIGHT if self._count is None else COUNT_DIGIT_HEIGHT
        return self._fitted_font(diameter, text, bold=True, height=height, width=DIGITS_WIDTH, sample="0")

    def _label_font(self, diameter: float, label: str) -> QFont:
        return self._fitted_font(
            diameter, label, bold=True, height=LABEL_HEIGHT, width=LABEL_WIDTH, sample="H"
        )

    def _fitted_font(
        self, diameter: float, text: str, *, bold: bool, height: float, width: float, sample: str
    ) -> QFont:
        """The largest font whose `sample` glyph is `height` of the diameter, narrowed to fit `width`."""
        key = (round(diameter), "0" * len(text) if text.isdigit() else text, sample, height)
        cached = self._font_cache.get(key)
        if cached is not None:
            return cached
        font = QFont(self.font())
        font.setBold(bold)
        font.setPixelSize(100)
        metrics = QFontMetricsF(font)
        per_pixel_height = metrics.tightBoundingRect(sample).height() / 100
        per_pixel_width = max(metrics.horizontalAdvance(text), 1.0) / 100
        size = min(diameter * height / per_pixel_height, diameter * width / per_pixel_width)
        font.setPixelSize(max(8, int(size)))
        if len(self._font_cache) > 64:
            self._font_cache.clear()
        self._font_cache[key] = font
        return font

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._font_cache.clear()
        super().changeEvent(event)

    def _describe(self) -> None:
        if self._count is None:
            self.setAccessibleDescription(f"{self.label}: {self.text} seconds left")
        else:
            self.setAccessibleDescription(f"Rep {self.text} {self.count_text}: {self.label}")


def _draw_arc(painter: QPainter, square: QRectF, start: float, end: float) -> None:
    """The ring from `start` to `end` (fractions of a turn, clockwise from twelve o'clock)."""
    if end > start:
        painter.drawArc(square, round((90.0 - start * 360.0) * 16), round(-(end - start) * 360.0 * 16))
