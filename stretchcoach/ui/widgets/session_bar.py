"""The strip across the top of a session: which exercise of how many, how long is left in all, and
whether today's doses are cut for a flare-up (plain text from the page; the bar knows no settings).

It is updated at every frame of a session, so it does as little as it can: the progress strip
repaints only when a pixel of it moves, and the clock's label has a fixed size for the session, so
its text changing every second does not lay the page out again.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from stretchcoach.core.plan_format import clock_time
from stretchcoach.ui.widgets.progress_strip import ProgressStrip


class SessionBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise_label = QLabel()
        self.flare_up_label = QLabel()
        self.flare_up_label.setAccessibleName("Flare-up")
        self.flare_up_label.hide()
        self.time_label = QLabel()
        self.progress_strip = ProgressStrip()
        for label in (self.exercise_label, self.flare_up_label, self.time_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._total = 0.0
        self._shown: tuple[int, int] | None = None
        self.progress_strip.setAccessibleName("Whole session progress")
        row = QHBoxLayout()
        row.addWidget(self.exercise_label)
        row.addWidget(self.progress_strip, 1)
        row.addWidget(self.time_label)
        # A line of its own under the bar: beside it, the bar would shrink to nothing at 800×600.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.flare_up_label)

    def set_exercise(self, text: str) -> None:
        self.exercise_label.setText(text)

    def set_flare_up(self, text: str) -> None:
        """ "Flare-up: 70 % of the article's dose", or "" to hide it on an ordinary day."""
        self.flare_up_label.setText(text)
        self.flare_up_label.setVisible(bool(text))

    def set_time(self, elapsed: float, total: float) -> None:
        """Called every frame; the text changes once a second, and only then is it set."""
        if total != self._total:
            self._total = total
            self._fit_time_label()
        self.progress_strip.set_fraction(elapsed / total if total > 0 else 0.0)
        seconds = (round(elapsed), round(max(0.0, total - elapsed)))
        if seconds != self._shown:
            self._shown = seconds
            text = f"{clock_time(seconds[0])} done · {clock_time(seconds[1])} left"
            self.time_label.setText(text)
            self.progress_strip.set_detail(text)

    def set_font_size(self, pixels: int) -> None:
        for label in (self.exercise_label, self.flare_up_label, self.time_label):
            font = label.font()
            font.setPixelSize(pixels)
            label.setFont(font)
        self.progress_strip.setFixedHeight(max(6, pixels // 2))
        self._fit_time_label()

    def _fit_time_label(self) -> None:
        """Wide enough for any time this session can show, every digit at its widest."""
        metrics = QFontMetrics(self.time_label.font())
        widest = max("0123456789", key=metrics.horizontalAdvance)
        longest = re.sub(r"\d", widest, clock_time(self._total))
        self.time_label.setFixedSize(
            metrics.horizontalAdvance(f"{longest} done · {longest} left") + 2, metrics.height()
        )
