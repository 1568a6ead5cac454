"""A one-page PDF report for a physiotherapist, with Qt's own PDF writer.

What a physio asks about a home programme: how often (sessions per week), how long, whether the
pain changes (the chart of pain before and after each session), what gets skipped, and when it
hurt enough to stop. One A4 page, black on white whatever the window's theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from stretchcoach.core.events import Outcome
from stretchcoach.core.progress import (
    ended,
    local_day,
    minutes_by_week,
    pain_points,
    pain_trend,
    sessions_by_week,
    skipped_exercises,
    week_of,
)
from stretchcoach.core.session_record import SessionRecord
from stretchcoach.ui.widgets.pain_chart import ChartInks, paint_pain_chart

RESOLUTION = 300
WEEKS_SHOWN = 26
LISTED = 8
INK = QColor("#1a1a1a")
FAINT = QColor("#b8b8b8")
BARS = QColor("#3b6ea5")


def write_report(path: Path, records: Sequence[SessionRecord], today: date) -> None:
    """`records` oldest first; an empty history still makes a page that says so."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)
        )
    )
    writer.setTitle("StretchCoach report")
    writer.setCreator("StretchCoach")
    painter = QPainter(writer)
    try:
        _Page(painter, QRectF(0, 0, writer.width(), writer.height()), records, today).paint()
    finally:
        painter.end()


class _Page:
    def __init__(
        self, painter: QPainter, area: QRectF, records: Sequence[SessionRecord], today: date
    ) -> None:
        self.painter = painter
        self.area = area
        self.records = records
        self.today = today
        self.y = area.top()
        self.unit = area.width() / 180  # about a millimetre

    def font(self, points: float, *, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def text(self, line: str, points: float = 10, *, bold: bool = False, gap: float = 1.5) -> None:
        font = self.font(points, bold=bold)
        self.painter.setFont(font)
        self.painter.setPen(INK)
        box = QRectF(self.area.left(), self.y, self.area.width(), self.area.bottom() - self.y)
        used = self.painter.boundingRect(box, Qt.TextFlag.TextWordWrap, line)
        self.painter.drawText(box, Qt.TextFlag.TextWordWrap, line)
        self.y += used.height() + gap * self.unit

    def paint(self) -> None:
        records = self.records
        self.text("StretchCoach — home exercise report", 18, bold=True, gap=1)
        if not records:
            self.text(f"Made on {self.today:%d %B %Y}. No sessions have been recorded yet.", 11)
            return
        first, last = local_day(records[0]), local_day(records[-1])
        weeks = max(1, (week_of(last) - week_of(first)).days // 7 + 1)
        minutes = sum(r.active_seconds for r in records) / 60
        finished = len(ended(records, Outcome.FINISHED))
        self.text(
            f"Period: {first:%d %b %Y} to {last:%d %b %Y} ({weeks} week{'s' if weeks != 1 else ''}) · "
            f"made on {self.today:%d %b %Y}",
            11,
        )
        self.text(
            f"{len(records)} sessions ({len(records) / weeks:.1f} a week), {finished} finished · "
            f"{minutes:.0f} minutes in all ({minutes / weeks:.0f} a week)",
            11,
            gap=3,
        )
        self.text("Sessions per week", 12, bold=True, gap=1)
        self._weeks_chart(self.unit * 40)
        self.text(
            "Pain before and after each session (0 = no pain, 10 = the worst imaginable)", 12, bold=True
        )
        chart = QRectF(self.area.left(), self.y, self.area.width(), self.unit * 85)
        inks = ChartInks(INK, FAINT, QColor("#c0392b"), QColor("#2471a3"))
        paint_pain_chart(self.painter, chart, pain_points(records), inks, self.font(8))
        self.y = chart.bottom() + 2 * self.unit
        self.text(f"Pain trend: {pain_trend(records).summary}", 10, gap=3)
        self._lists()
        self.painter.setFont(self.font(7.5))
        self.painter.setPen(INK)
        self.painter.drawText(
            QRectF(self.area.left(), self.area.bottom() - 6 * self.unit, self.area.width(), 6 * self.unit),
            Qt.TextFlag.TextWordWrap,
            "Pain scores are the user's own answers, asked before and after each session when they chose to "
            "answer. StretchCoach is not medical advice.",
        )

    def _weeks_chart(self, height: float) -> None:
        counts = sessions_by_week(self.records)
        minutes = minutes_by_week(self.records)
        last = week_of(local_day(self.records[-1]))
        mondays = sorted({*counts, last})[-WEEKS_SHOWN:]
        metrics = QFontMetricsF(self.font(7), self.painter.device())
        plot = QRectF(self.area.left(), self.y, self.area.width(), height - metrics.height() * 1.3)
        most = max(7, *(counts.get(m, 0) for m in mondays))
        width = plot.width() / len(mondays)
        painter = self.painter
        painter.setFont(self.font(7))
        for index, monday in enumerate(mondays):
            count = counts.get(monday, 0)
            bar_height = plot.height() * count / most
            bar = QRectF(
                plot.left() + index * width + width * 0.15,
                plot.bottom() - bar_height,
                width * 0.7,
                bar_height,
            )
            painter.fillRect(bar, BARS)
            painter.setPen(INK)
            if count:
                above = QRectF(
                    bar.left() - width,
                    bar.top() - metrics.height(),
                    bar.width() + 2 * width,
                    metrics.height(),
                )
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, f"{count}")
            if index % max(1, len(mondays) // 6) == 0:
                label = QRectF(
                    bar.left() - width, plot.bottom(), bar.width() + 2 * width, metrics.height() * 1.3
                )
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, f"{monday:%d %b}")
        painter.setPen(QPen(FAINT, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self.y += height + self.unit
        recent = [minutes.get(m, 0.0) for m in mondays[-4:]]
        self.text(f"Minutes in the last 4 weeks: {', '.join(f'{m:.0f}' for m in recent)}", 9, gap=3)

    def _lists(self) -> None:
        skipped = skipped_exercises(self.records)
        self.text("What was skipped", 12, bold=True, gap=1)
        if skipped:
            shown = ", ".join(f"{name} ({count}×)" for name, count in skipped[:LISTED])
            more = f", and {len(skipped) - LISTED} more" if len(skipped) > LISTED else ""
            self.text(shown + more, 10, gap=3)
        else:
            self.text("Nothing: every exercise reached was done, at least in part.", 10, gap=3)
        hurt = ended(self.records, Outcome.PAIN)
        self.text(
            f"Stopped because it hurt: {len(hurt)} time{'s' if len(hurt) != 1 else ''}", 12, bold=True, gap=1
        )
        for record in hurt[-LISTED:]:
            where = f" during {record.stopped_exercise}" if record.stopped_exercise else ""
            pain = f", pain before {record.pain_before}" if record.pain_before is not None else ""
            self.text(
                f"{record.local_start:%a %d %b %Y %H:%M} — {record.routine_name}{where}{pain}", 10, gap=0.5
            )
        if len(hurt) > LISTED:
            self.text(f"(and {len(hurt) - LISTED} earlier)", 9)
