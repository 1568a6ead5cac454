"""The start page: every routine with its length at the user's settings, the chosen one in full, Start.

The chosen routine's doses can be changed in place; the page only reports a change, and the
window saves it and hands back rows planned at the new settings (`set_rows`). A routine file is
someone's text, so every string from one is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretchcoach.core.doses import dose_choices, flare_up_text
from stretchcoach.ui.appearance import apply_text_scale, set_text_factor
from stretchcoach.ui.routine_rows import RoutineRow, dose_text
from stretchcoach.ui.widgets.dose_editor import DoseEditor, ExerciseDoses
from stretchcoach.ui.widgets.routine_delegate import ENTRY_ROLE, ListEntry, RoutineDelegate
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SCALE = 1.15
"""The picker is read from a chair, not the floor: a little larger than the desktop's text is enough."""
REFERENCE_HEIGHT = 760
"""The page's height in the default window; a taller page (a large screen) grows its text with it."""
LARGEST_GROWTH = 1.75


def _scale(widget: QWidget, scale: float = 1.0, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setBold(bold)
    widget.setFont(font)
    set_text_factor(widget, PAGE_SCALE * scale)


def _label(*, scale: float = 1.0, bold: bool = False, name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    _scale(label, scale, bold=bold)
    if name:
        label.setAccessibleName(name)
    return label


def _list_entry(row: RoutineRow) -> ListEntry:
    if row.runnable:
        return ListEntry(row.title, row.summary())
    return ListEntry(row.title, problems=row.problems or ("unknown problem",))


class RoutineDetails(QScrollArea):
    """Everything about one routine: what it is, where it comes from, how to keep safe, what is in it.

    Its exercises come with an editor for each dose the article lets the user choose.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: RoutineRow | None = None
        self.name_label = _label(scale=1.8, bold=True, name="Routine")
        self.summary_label = _label(scale=1.1, name="Length and positions")
        self.flare_up_label = _label(bold=True, name="Flare-up")
        self.description_label = _label(scale=1.1, name="Description")
        self.source_heading = _label(bold=True)
        self.source_label = _label(name="Source")
        self.safety_heading = _label(bold=True)
        self.safety_label = _label(name="Safety notes")
        self.exercises_heading = _label(bold=True)
        self.exercises = DoseEditor()
        _scale(self.exercises, 1.1)
        self.restore_button = QPushButton("Restore the article's doses")
        self.restore_button.setAccessibleDescription("Puts every dose of this routine back to the article's")
        _scale(self.restore_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 12, 0)
        layout.addWidget(self.name_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.flare_up_label)
        layout.addSpacing(8)
        layout.addWidget(self.description_label)
        for heading, body in (
            (self.exercises_heading, self.exercises),
            (self.safety_heading, self.safety_label),
            (self.source_heading, self.source_label),
        ):
            heading.setContentsMargins(0, 10, 0, 0)  # the gap goes when the section is hidden
            layout.addWidget(heading)
            layout.addWidget(body)
            if body is self.exercises:
                layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def show_row(self, row: RoutineRow | None) -> None:
        """Show a routine from the top; the same routine again (new doses) keeps its scroll and focus."""
        same = row is not None and self._shown is not None and row.key == self._shown.key
        self._shown = row
        routine = row.routine if row is not None else None
        if row is None:
            self._show("", "", "", exercises=(), safety="", source=("", ""))
        elif routine is None or row.settings is None:
            problems = "\n".join(f"• {problem}" for problem in row.problems)
            intro = "This routine cannot be used until these problems are fixed:"
            self._show(row.title, intro, problems, exercises=(), safety="", source=("File", row.key))
        else:
            settings = row.settings
            exercises = tuple(
                ExerciseDoses(
                    exercise.name,
                    f"{number}. {exercise.name} — {dose_text(exercise, settings)}",
                    dose_choices(exercise, settings),
                )
                for number, exercise in enumerate(routine.exercises, start=1)
            )
            notes = [*routine.safety]
            for exercise in routine.exercises:
                notes += [f"{exercise.name}: {note}" for note in exercise.safety]
            safety = "\n".join(f"• {note}" for note in notes)
            source = ("Source", routine.source)
            self._show(
                row.title,
                row.summary(),
                routine.description,
                exercises=exercises,
                safety=safety,
                source=source,
            )
        flare_up = flare_up_text(row.settings.scale) if row is not None and row.settings else ""
        self.flare_up_label.setText(flare_up)
        self.flare_up_label.setVisible(bool(flare_up))
        chosen = row.settings if row is not None else None
        customised = chosen is not None and bool(chosen.holds or chosen.reps or chosen.sets)
        had_focus = self.restore_button.hasFocus()
        self.restore_button.setEnabled(customised)
        if had_focus and not customised and self.exercises.spin_boxes:
            self.exercises.spin_boxes[0].setFocus()  # the button is spent; the keyboard stays with the doses
        if not same:
            self.verticalScrollBar().setValue(0)
            self._order_tabs()

    def _order_tabs(self) -> None:
        """New editors join the end of the window's Tab chain; they belong right after the pane."""
        chain: list[QWidget] = [self, *self.exercises.spin_boxes, self.restore_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _show(
        self,
        name: str,
        summary: str,
        description: str,
        *,
        exercises: tuple[ExerciseDoses, ...],
        safety: str,
        source: tuple[str, str],
    ) -> None:
        self.name_label.setText(name)
        self.summary_label.setText(summary)
        self.description_label.setText(description)
        self.description_label.setVisible(bool(description))
        self.exercises.show_exercises(exercises)
        self.exercises_heading.setText("Exercises")
        self.exercises_heading.setVisible(bool(exercises))
        self.exercises.setVisible(bool(exercises))
        self.restore_button.setVisible(any(entry.choices for entry in exercises))
        self._section(self.safety_heading, self.safety_label, "Safety", safety)
        self._section(self.source_heading, self.source_label, *source)

    @staticmethod
    def _section(heading: QLabel, body: QLabel, title: str, text: str) -> None:
        heading.setText(title)
        body.setText(text)
        heading.setVisible(bool(text))
        body.setVisible(bool(text))


class PickerPage(QWidget):
    start_requested = Signal(object)
    """The RoutineRow to run."""
    selection_changed = Signal(object)
    """The RoutineRow now selected, or None."""
    dose_changed = Signal(str, str, str, int)
    """Routine id, exercise id, `DoseKind` value and the figure chosen, to be saved."""
    doses_restored = Signal(str)
    """The routine id whose doses go back to the article's."""
    settings_requested = Signal()
    history_requested = Signal()

    def __init__(self, rows: Sequence[RoutineRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text_scale = 1.0
        self._growth = 1.0
        self.rows = tuple(rows)
        self.setAccessibleName("Choose a routine")
        self.heading = _label(scale=1.6, bold=True)
        self.heading.setText("Choose a routine")
        self.list = QListWidget()
        self.list.setItemDelegate(RoutineDelegate(self.list))
        self.list.setAccessibleName("Routines")
        self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        _scale(self.list)
        for row in self.rows:
            item = QListWidgetItem()
            _show_in_item(item, row)
            self.list.addItem(item)
        self.details = RoutineDetails()
        self.start_action = QAction("Start", self)
        self.start_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.start_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.start_action)
        self.start_button = ShortcutButton("Start", "Enter")
        self.start_button.setAccessibleDescription("Starts the selected routine. Keyboard shortcut: Enter")
        _scale(self.start_button, 1.4)
        self.start_button.setMinimumWidth(240)
        self.start_button.set_accent()
        self.settings_button = ShortcutButton("Settings", "Ctrl+,")
        _scale(self.settings_button, 1.4)
        self.history_button = ShortcutButton("History", "Ctrl+H")
        _scale(self.history_button, 1.4)
        self.history_line = _label(name="Your last session and streak")

        self._build_layout()
        self._connect_signals()
        first = next((row for row in self.rows if row.runnable), None)
        if first is not None:
            self.select(first.key)
        else:
            self.on_current_changed()

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.start_button)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.addWidget(self.list, 2)
        columns.addSpacing(16)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.history_line)
        layout.addLayout(columns, 1)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(self.on_current_changed)
        self.list.doubleClicked.connect(self.on_double_clicked)
        self.start_button.clicked.connect(self.start_action.trigger)
        self.start_action.triggered.connect(self.on_start)
        self.start_action.enabledChanged.connect(self.start_button.setEnabled)
        self.settings_button.clicked.connect(self.settings_requested)
        self.history_button.clicked.connect(self.history_requested)
        self.details.exercises.dose_changed.connect(self.on_dose_changed)
        self.details.restore_button.clicked.connect(self.on_restore_clicked)

    def set_history_line(self, text: str) -> None:
        """The last session and the streak, in one line under the heading."""
        self.history_line.setText(text)

    def selected_row(self) -> RoutineRow | None:
        item = self.list.currentItem()
        row = item.data(ROW_ROLE) if item is not None else None
        return row if isinstance(row, RoutineRow) and row.runnable else None

    def set_rows(self, rows: Sequence[RoutineRow]) -> None:
        """The same routines planned at new settings: lengths and doses change, the selection stays.

        Emits nothing; the window, which asked for this, knows the selected plan changed.
        """
        rows = tuple(rows)
        assert [row.key for row in rows] == [row.key for row in self.rows], "set_rows keeps the routines"
        self.rows = rows
        for number, row in enumerate(rows):
            item = self.list.item(number)
            _show_in_item(item, row)
        item = self.list.currentItem()
        shown = item.data(ROW_ROLE) if item is not None else None
        self.details.show_row(shown if isinstance(shown, RoutineRow) else None)

    def row(self, key: str) -> RoutineRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def select(self, key: str) -> bool:
        """Select a row by routine id (or a broken file's path); False when it cannot be run."""
        for number, row in enumerate(self.rows):
            if row.key == key:
                self.list.setCurrentRow(number)
                return row.runnable
        return False

    @Slot()
    def on_current_changed(self) -> None:
        item = self.list.currentItem()
        shown = item.data(ROW_ROLE) if item is not None else None
        self.details.show_row(shown if isinstance(shown, RoutineRow) else None)
        row = self.selected_row()
        self.start_action.setEnabled(row is not None)
        self.selection_changed.emit(row)

    @Slot(str, str, int)
    def on_dose_changed(self, exercise_id: str, kind: str, value: int) -> None:
        row = self.selected_row()
        if row is not None:
            self.dose_changed.emit(row.key, exercise_id, kind, value)

    @Slot()
    def on_restore_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.doses_restored.emit(row.key)

    @Slot(QModelIndex)
    def on_double_clicked(self, index: QModelIndex) -> None:
        self.list.setCurrentRow(index.row())
        self.on_start()

    @Slot()
    def on_start(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.start_requested.emit(row)

    def set_text_scale(self, scale: float) -> None:
        """The user's text size; the page multiplies it by its own growth with the window."""
        self._text_scale = scale
        apply_text_scale(self, self._text_scale * self._growth)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """At 1920×1080 the desktop's type looked tiny: it grows with the page, never shrinks."""
        growth = min(LARGEST_GROWTH, max(1.0, event.size().height() / REFERENCE_HEIGHT))
        if abs(growth - self._growth) > 0.02:
            self._growth = growth
            apply_text_scale(self, self._text_scale * self._growth)
        super().resizeEvent(event)


def _show_in_item(item: QListWidgetItem, row: RoutineRow) -> None:
    item.setData(ROW_ROLE, row)
    item.setData(ENTRY_ROLE, _list_entry(row))
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{row.title}. {row.summary()}")
