"""The history page: a month of practice, the weekly streak, the last sessions and pain over time.

Everything shown is computed from the records handed in (`show_history`) by the pure functions
of `core.progress`; the page knows nothing of the database. Deleting is keyboard-safe: each
delete asks first, with "Keep" as the default button, so Space or Enter from the mat keeps the
history, and only a deliberate Tab (or click) reaches the delete button.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stretchcoach.core.events import Outcome
from stretchcoach.core.plan_format import clock_time
from stretchcoach.core.progress import (
    DEFAULT_WEEKLY_GOAL,
    minutes_by_day,
    pain_points,
    pain_trend,
    week_of,
    weekly_streak,
)
from stretchcoach.core.session_record import SessionRecord
from stretchcoach.ui.widgets.month_calendar import MonthCalendar, shift_month
from stretchcoach.ui.widgets.page_type import height_unit, size_type
from stretchcoach.ui.widgets.pain_chart import PainChart
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

RECENT_SESSIONS = 60
"""Sessions listed; the calendar, streak and chart use all of them."""
KEY_ROLE = Qt.ItemDataRole.UserRole
OUTCOME_WORDS = {
    Outcome.FINISHED: "finished",
    Outcome.STOPPED: "stopped early",
    Outcome.PAIN: "stopped: it hurt",
    None: "did not end (the app closed)",
}
FIRST_TIME = (
    "Nothing here yet — your history begins with your first session.\n\n"
    "Each session you do is kept here: the days you stretched, the minutes, and, if you answer "
    "the quick 0–10 question, how your back felt before and after. Aim for 3 days a week: "
    "a rest day never breaks your streak."
)


def session_line(record: SessionRecord) -> str:
    """ "Tue 24 Nov 2026 08:00 · Quick relief · 5:53 · finished · pain 4 → 3"."""
    parts = [
        f"{record.local_start:%a %d %b %Y %H:%M}",
        record.routine_name,
        clock_time(record.active_seconds),
        OUTCOME_WORDS[record.outcome],
    ]
    if record.pain_before is not None or record.pain_after is not None:
        before = "–" if record.pain_before is None else str(record.pain_before)
        after = "–" if record.pain_after is None else str(record.pain_after)
        parts.append(f"pain {before} → {after}")
    if record.note:
        parts.append(f"“{record.note}”")
    return " · ".join(parts)


def confirm(parent: QWidget, title: str, text: str, destroy: str) -> bool:
    """Ask before deleting; "Keep" is the default and has the focus, so Space and Enter keep."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, title, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(text)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    delete = box.addButton(destroy, QMessageBox.ButtonRole.DestructiveRole)
    delete.setAutoDefault(False)
    delete.setDefault(False)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    keep.setFocus()
    box.exec()
    return box.clickedButton() is delete


class HistoryPage(QWidget):
    back = Signal()
    delete_requested = Signal(str)
    """The key of a session the user confirmed deleting."""
    delete_all_requested = Signal()
    export_csv_requested = Signal()
    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Your history")
        self._records: Sequence[SessionRecord] = ()
        self._minutes: dict[date, float] = {}
        self._today = date.today()
        self.heading = self._label(bold=True)
        self.heading.setText("Your history")
        self.summary = self._label()
        self.summary.setAccessibleName("Streak and minutes")
        self.first_time = self._label()
        self.first_time.setText(FIRST_TIME)
        self.first_time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calendar = MonthCalendar()
        self.previous_button = QPushButton("◀ Earlier month (PgUp)")
        self.next_button = QPushButton("Later month (PgDn) ▶")
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Last sessions")
        self.sessions.setWordWrap(True)
        self.chart = PainChart()
        self.trend = self._label()
        self.delete_button = QPushButton("Delete session… (Del)")
        self.delete_all_button = QPushButton("Delete all history…")
        self.csv_button = QPushButton("Export CSV…")
        self.report_button = QPushButton("Report for a physio (PDF)…")
        for button in (self.delete_button, self.delete_all_button, self.csv_button, self.report_button):
            button.setAutoDefault(False)
        self.back_action = QAction("Back", self)
        self.back_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)
        self.back_button = ShortcutButton("Back", "Esc")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete_action = self._shortcut(Qt.Key.Key_Delete)
        self.earlier_action = self._shortcut(Qt.Key.Key_PageUp)
        self.later_action = self._shortcut(Qt.Key.Key_PageDown)
        self._build_layout()
        self._connect_signals()
        self.show_history((), date.today())

    def _shortcut(self, key: Qt.Key) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    @staticmethod
    def _label(*, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    def _build_layout(self) -> None:
        months = QHBoxLayout()
        months.addWidget(self.previous_button)
        months.addStretch(1)
        months.addWidget(self.next_button)
        left = QVBoxLayout()
        left.addWidget(self.calendar, 3)
        left.addLayout(months)
        left.addWidget(self.chart, 2)
        left.addWidget(self.trend)
        right = QVBoxLayout()
        right.addWidget(self.sessions, 1)
        grid = QGridLayout()
        grid.addWidget(self.delete_button, 0, 0)
        grid.addWidget(self.delete_all_button, 0, 1)
        grid.addWidget(self.csv_button, 1, 0)
        grid.addWidget(self.report_button, 1, 1)
        right.addLayout(grid)
        self.content = QWidget()
        columns = QHBoxLayout(self.content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 3)
        columns.addSpacing(16)
        columns.addLayout(right, 2)
        self.body = QStackedWidget()
        self.body.addWidget(self.first_time)
        self.body.addWidget(self.content)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.back_button)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.body, 1)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_action.trigger)
        self.back_action.triggered.connect(self.back)
        self.previous_button.clicked.connect(self.on_earlier)
        self.next_button.clicked.connect(self.on_later)
        self.earlier_action.triggered.connect(self.on_earlier)
        self.later_action.triggered.connect(self.on_later)
        self.delete_button.clicked.connect(self.on_delete)
        self.delete_action.triggered.connect(self.on_delete)
        self.delete_all_button.clicked.connect(self.on_delete_all)
        self.csv_button.clicked.connect(self.export_csv_requested)
        self.report_button.clicked.connect(self.report_requested)
        self.sessions.currentRowChanged.connect(self.on_current_changed)

    @property
    def records(self) -> Sequence[SessionRecord]:
        return self._records

    def show_history(
        self, records: Sequence[SessionRecord], today: date, goal: int = DEFAULT_WEEKLY_GOAL
    ) -> None:
        """`records` oldest first, as `History.sessions()` gives them."""
        self._records, self._today = records, today
        self._minutes = minutes_by_day(records)
        streak = weekly_streak(records, today, goal)
        this_week = sum(minutes for day, minutes in self._minutes.items() if week_of(day) == week_of(today))
        weeks = f"{streak.weeks} week{'' if streak.weeks == 1 else 's'}"
        self.summary.setText(
            f"Streak: {weeks} in a row at {goal} days a week · this week {streak.days_this_week} of {goal} "
            f"days, {this_week:.0f} minutes · {len(records)} session{'' if len(records) == 1 else 's'} in all"
        )
        self.body.setCurrentWidget(self.content if records else self.first_time)
        self.summary.setVisible(bool(records))
        self.calendar.show_month(today.replace(day=1), self._minutes, today)
        self.sessions.clear()
        for record in reversed(records[-RECENT_SESSIONS:]):
            item = QListWidgetItem(session_line(record))
            item.setData(KEY_ROLE, record.key)
            self.sessions.addItem(item)
        points = pain_points(records)
        self.chart.set_points(points)
        self.trend.setText(f"Pain trend: {pain_trend(records).summary}")
        for button in (self.delete_all_button, self.csv_button, self.report_button):
            button.setEnabled(bool(records))
        self.on_current_changed()

    def focus_first(self) -> None:
        if self.sessions.count():
            self.sessions.setCurrentRow(0)
            self.sessions.setFocus()
        else:
            self.setFocus()

    @Slot()
    def on_current_changed(self) -> None:
        self.delete_button.setEnabled(self.sessions.currentItem() is not None)

    @Slot()
    def on_earlier(self) -> None:
        self.calendar.show_month(shift_month(self.calendar.month, -1), self._minutes, self._today)

    @Slot()
    def on_later(self) -> None:
        self.calendar.show_month(shift_month(self.calendar.month, 1), self._minutes, self._today)

    @Slot()
    def on_delete(self) -> None:
        item = self.sessions.currentItem()
        if item is None:
            return
        if confirm(self, "Delete this session?", item.text(), "Delete session"):
            self.delete_requested.emit(str(item.data(KEY_ROLE)))

    @Slot()
    def on_delete_all(self) -> None:
        count = len(self._records)
        text = (
            f"All {count} sessions will be deleted, with their pain scores and notes. This cannot be undone."
        )
        if confirm(self, "Delete all your history?", text, "Delete all history"):
            self.delete_all_requested.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type to read from a chair: sized from the window's height, like the session page."""
        unit = height_unit(event.size().height())
        size_type(
            unit,
            (
                (self.heading, 5.5),
                (self.summary, 3.0),
                (self.first_time, 3.4),
                (self.sessions, 2.6),
                (self.trend, 2.4),
                (self.calendar, 2.4),
                (self.chart, 2.2),
                (self.back_button, 2.6),
                *((button, 2.3) for button in self._buttons()),
            ),
            floor=13,
        )
        margin = round(2.5 * unit)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        super().resizeEvent(event)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.previous_button,
            self.next_button,
            self.delete_button,
            self.delete_all_button,
            self.csv_button,
            self.report_button,
        )
