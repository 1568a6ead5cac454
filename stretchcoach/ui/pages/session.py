"""The session view: what to do now, how long is left, and what was said, readable from the mat.

The page is a view of the controller: it reacts to its signals and sends it commands, and
keeps no time of its own. It tells the controller the step of the phase it shows (a frame of the
moving figure, or a step of the ring's sweep), or that it is off screen (another page, the window
minimised), so the session wakes only when something on screen would change.

Fonts scale with the page's height so the view reads as well full screen on a television as in
a small window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeySequence, QResizeEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from stretchcoach.core.engine import Command
from stretchcoach.core.events import Paused, PauseReason, PhaseStarted, Progress, Resumed
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.ui import phase_text
from stretchcoach.ui.session_controller import SessionController
from stretchcoach.ui.theme import DANGER_BACKGROUND, DANGER_TEXT
from stretchcoach.ui.widgets.exercise_figure import FRAME_STEPS, ExerciseFigure
from stretchcoach.ui.widgets.fitted_text import FittedText
from stretchcoach.ui.widgets.fitting_label import FittingLabel
from stretchcoach.ui.widgets.instructions_view import InstructionsView
from stretchcoach.ui.widgets.progress_ring import ProgressRing
from stretchcoach.ui.widgets.session_bar import SessionBar
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

PAUSED_TEXT = "Paused. Press Space to carry on."
WELCOME_BACK_TEXT = "Paused — welcome back. Press Space when you are ready."


def _plain_label(*, wrap: bool = False, name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAccessibleName(name)
    return label


class SessionPage(QWidget):
    stop_requested = Signal()
    fullscreen_requested = Signal()
    settings_requested = Signal()

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._plan: Plan | None = None
        self._up_next = ""
        self._up_next_due = False
        self._paused_text = ""
        self._text_scale = 1.0
        self._watched_window: QWindow | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Session")

        self.session_bar = SessionBar()
        self.name_label = FittingLabel(2, bold=True, name="Exercise")
        self.where_label = FittingLabel(2, bold=True, name="Side and position")
        self.counter_label = _plain_label(name="Set and rep")
        self.instructions_label = InstructionsView(name="Instructions")
        self.figure = ExerciseFigure()
        self.ring = ProgressRing()
        self.status_view = FittedText(2, bold=True, name="Up next, or why the session is paused")
        self.caption_view = FittedText(2, name="Captions")

        self.pause_action = self._action("Pause", "Space", Qt.Key.Key_Space)
        self.previous_action = self._action("Previous", "←", Qt.Key.Key_Left)
        self.next_action = self._action("Next", "→", Qt.Key.Key_Right)
        self.restart_action = self._action("Restart", "R", Qt.Key.Key_R)
        self.repeat_action = self._action("Say again", "A", Qt.Key.Key_A)
        # F11 itself belongs to the window, which offers it on every page.
        self.fullscreen_action = self._action("Full screen", "F11", None)
        self.stop_action = self._action("Stop", "Esc", Qt.Key.Key_Escape)
        self.hurt_action = self._action("It hurts", "H", Qt.Key.Key_H)
        self.buttons = {action: self._button(action) for action in self.actions()}
        # Ctrl+, too belongs to the window. Settings are offered only while paused, under the
        # ring where there is room, not in the row of controls used during a session.
        self.settings_action = self._action("Settings", "Ctrl+,", None)
        self.settings_button = self._button(self.settings_action)
        self.settings_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.hurt_button = self.buttons[self.hurt_action]
        self.pause_button = self.buttons[self.pause_action]
        self.hurt_button.set_colours(DANGER_BACKGROUND, DANGER_TEXT)
        self.hurt_button.setAccessibleDescription(
            "Stops the session at once and shows what to do about the pain. Keyboard shortcut: H"
        )

        self._build_layout()
        self._connect_signals()
        self.on_commands_changed()

    def _action(self, text: str, key_label: str, key: Qt.Key | None) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setProperty("key_label", key_label)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> ShortcutButton:
        button = ShortcutButton(action.text(), str(action.property("key_label")))
        # Space and Enter belong to the session, not to whichever button was clicked last.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(action.trigger)
        return button

    def _build_layout(self) -> None:
        text_column = QVBoxLayout()
        where_and_count = QHBoxLayout()
        where_and_count.setSpacing(16)
        where_and_count.addWidget(self.where_label)
        where_and_count.addWidget(self.counter_label, 0, Qt.AlignmentFlag.AlignBaseline)
        where_and_count.addStretch(1)
        text_column.addWidget(self.name_label)
        text_column.addLayout(where_and_count)
        text_column.addSpacing(8)
        text_column.addWidget(self.instructions_label, 1)
        text_column.addWidget(self.figure, 1)

        ring_column = QVBoxLayout()
        ring_column.addWidget(self.ring, 1)
        ring_column.addWidget(self.status_view)
        ring_column.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self._middle = QHBoxLayout()
        self._middle.addLayout(text_column, 1)
        self._middle.addLayout(ring_column, 1)

        controls = QHBoxLayout()
        for action in (self.previous_action, self.pause_action, self.next_action, self.restart_action):
            controls.addWidget(self.buttons[action])
        controls.addStretch(1)
        for action in (self.repeat_action, self.fullscreen_action, self.stop_action, self.hurt_action):
            controls.addWidget(self.buttons[action])

        self._root = QVBoxLayout(self)
        self._root.addWidget(self.session_bar)
        self._root.addLayout(self._middle, 1)
        self._root.addWidget(self.caption_view)
        self._root.addLayout(controls)

    def _connect_signals(self) -> None:
        controller = self.controller
        controller.started.connect(self.on_started)
        controller.phase_started.connect(self.on_phase_started)
        controller.progress.connect(self.on_progress)
        controller.caption.connect(self.on_caption)
        controller.caption_expired.connect(self.on_caption_expired)
        controller.paused.connect(self.on_paused)
        controller.resumed.connect(self.on_resumed)
        controller.commands_changed.connect(self.on_commands_changed)
        self.pause_action.triggered.connect(controller.toggle_pause)
        self.previous_action.triggered.connect(controller.previous_exercise)
        self.next_action.triggered.connect(controller.next_exercise)
        self.restart_action.triggered.connect(controller.restart_exercise)
        self.repeat_action.triggered.connect(controller.repeat_last)
        self.hurt_action.triggered.connect(controller.report_pain)
        self.stop_action.triggered.connect(self.stop_requested)
        self.fullscreen_action.triggered.connect(self.fullscreen_requested)
        self.settings_action.triggered.connect(self.settings_requested)
        for action, button in self.buttons.items():
            action.enabledChanged.connect(button.setEnabled)

    def set_flare_up(self, text: str) -> None:
        """Say on the bar that today's doses are cut for a flare-up ("" on an ordinary day)."""
        self.session_bar.set_flare_up(text)

    @Slot(object)
    def on_started(self, plan: Plan) -> None:
        self._plan = plan
        self._paused_text = ""
        self.caption_view.set_text("")
        self.ring.set_paused(False)

    @Slot(object)
    def on_phase_started(self, event: PhaseStarted) -> None:
        plan = self._plan
        assert plan is not None
        phase = event.phase
        self.name_label.setText(phase_text.title(phase))
        _show_text(self.where_label, phase_text.where(phase))
        _show_text(self.counter_label, phase_text.counter(phase))
        self.instructions_label.setText(phase_text.instructions(phase))
        self.figure.set_phase(phase)
        self.session_bar.set_exercise(phase_text.exercise_counter(plan, phase))
        self.ring.set_phase(phase.kind, phase.label)
        if phase.kind is PhaseKind.REP and phase.rep_count:
            self.ring.set_count(phase.rep_index + 1, phase.rep_count)
        self._tell_visible_step()
        self.ring.set_progress(0.0, phase.seconds)
        self._up_next = phase_text.up_next(plan, event.index)
        self._up_next_due = False
        self._show_status()

    @Slot(object)
    def on_progress(self, event: Progress) -> None:
        self.ring.set_progress(event.fraction, event.remaining)
        self.figure.set_beat(event.fraction)
        self.session_bar.set_time(event.elapsed, event.total)
        due = event.remaining <= phase_text.UP_NEXT_SECONDS
        if due != self._up_next_due:
            self._up_next_due = due
            self._show_status()

    @Slot(str)
    def on_caption(self, text: str) -> None:
        self.caption_view.set_text(text)

    def on_caption_expired(self) -> None:
        self.caption_view.set_text("")

    @Slot(object)
    def on_paused(self, event: Paused) -> None:
        self.ring.set_paused(True)
        self.ring.set_progress(self.ring.fraction, event.remaining)
        self._paused_text = WELCOME_BACK_TEXT if event.reason is PauseReason.SUSPEND else PAUSED_TEXT
        self._show_status()

    @Slot(object)
    def on_resumed(self, event: Resumed) -> None:
        self.ring.set_paused(False)
        self._paused_text = ""
        self._show_status()

    def _show_status(self) -> None:
        """Under the ring: why the session is paused, else what comes next when it is near."""
        self.status_view.set_text(self._paused_text or (self._up_next if self._up_next_due else ""))

    @Slot()
    def on_commands_changed(self) -> None:
        controller = self.controller
        paused = controller.allowed(Command.RESUME)
        self.pause_action.setEnabled(paused or controller.allowed(Command.PAUSE))
        self.pause_action.setText("Resume" if paused else "Pause")
        self.pause_button.setText(self.pause_action.text())
        self.previous_action.setEnabled(controller.allowed(Command.PREVIOUS))
        self.next_action.setEnabled(controller.allowed(Command.NEXT))
        self.restart_action.setEnabled(controller.allowed(Command.RESTART))
        active = controller.is_active
        for action in (self.repeat_action, self.stop_action, self.hurt_action):
            action.setEnabled(active)
        self.settings_action.setEnabled(paused)
        self.settings_button.setVisible(paused)

    def set_text_scale(self, scale: float) -> None:
        """The user's text size, on top of the sizes the page works out from its height."""
        self._text_scale = scale
        self._scale_fonts(self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scale_fonts(event.size().height())
        super().resizeEvent(event)
        self._tell_visible_step()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window().windowHandle()
        if window is not None and window is not self._watched_window:
            # Minimising hides nothing inside the window, so the window's own state is watched.
            self._watched_window = window
            window.installEventFilter(self)
        self._tell_visible_step()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tell_visible_step()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_window and event.type() in (
            QEvent.Type.WindowStateChange,
            QEvent.Type.Expose,
        ):
            self._tell_visible_step()
        return False

    def _on_screen(self) -> bool:
        window = self._watched_window
        return self.isVisible() and not (window is not None and window.visibility() in _OFF_SCREEN)

    def _tell_visible_step(self) -> None:
        """The step the view moves in: a frame of a moving figure, which the ring's sweep keeps
        pace with, else the ring's own step (a quarter second on most phases)."""
        shot = self.figure.shot
        phase = self.controller.phase
        if shot is not None and shot.moving:
            step = 1.0 / FRAME_STEPS
        else:
            step = self.ring.sweep_step_for(phase.seconds if phase is not None else 0.0)
        self.ring.set_sweep_step(step)
        counting = not self.ring.count_text  # on reps the ring shows the rep, not the seconds
        self.controller.set_visible_step(step if self._on_screen() else None, counting=counting)

    def _scale_fonts(self, height: int) -> None:
        """Type sized from the page's height: about 1/14 of it for the exercise's name; the user's
        text size scales what is read from the mat, not the margins or the buttons."""
        unit = max(height, 360) / 100
        text = unit * self._text_scale
        self.name_label.set_pixel_size(round(6.8 * text))
        self.where_label.set_pixel_size(round(4.4 * text))
        _set_pixel_size(self.counter_label, 3.8 * text)
        self.instructions_label.set_pixel_sizes(round(3.6 * text), round(INSTRUCTIONS_FLOOR * text))
        self.figure.setMinimumHeight(round(height * FIGURE_SHARE))
        # A wide window has width to spare beside the ring: the text takes it, not the ring.
        wide = self.width() >= WIDE_ASPECT * height
        self._middle.setStretch(0, 3 if wide else 1)
        self._middle.setStretch(1, 2 if wide else 1)
        self.status_view.set_pixel_size(round(3.4 * text))
        self.caption_view.set_pixel_size(round(3.6 * text))
        self.session_bar.set_font_size(round(2.8 * text))
        # The row of buttons fills the width at the desktop's size: larger text would not fit.
        for button in (*self.buttons.values(), self.settings_button):
            _set_pixel_size(button, 2.6 * unit * min(self._text_scale, 1.0))
        margin = round(2 * unit)
        self._root.setContentsMargins(margin, margin, margin, margin)
        self._root.setSpacing(round(1.2 * unit))


INSTRUCTIONS_FLOOR = 3.0
"""The smallest the instructions may be, in hundredths of the page's height, before they scroll."""
WIDE_ASPECT = 1.5
"""From this width-to-height ratio (1280×800, 1920×1080) the text column gets three fifths."""
FIGURE_SHARE = 1 / 3
"""However long the instructions, the illustration keeps this share of the page's height."""

_OFF_SCREEN = (QWindow.Visibility.Minimized, QWindow.Visibility.Hidden)


def _show_text(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _set_pixel_size(widget: QWidget, pixels: float) -> None:
    font = QFont(widget.font())
    size = max(12, round(pixels))
    if font.pixelSize() != size:
        font.setPixelSize(size)
        widget.setFont(font)
