"""The window: picker, session and summary pages, a notice banner, and the dialogs between them.

The window decides what is shown when; the controller runs the session and the pages draw it.
Only the picker is built before the first frame; each other page is built the first time it is
needed. The window's connections are made in `_connect_signals`, a page's when it is built.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from stretchcoach.core.doses import DoseKind, flare_up_text
from stretchcoach.core.events import Finished, Outcome, Stopped, StopReason, Summary
from stretchcoach.core.plan import Plan
from stretchcoach.core.progress import last_session_line
from stretchcoach.core.session_record import SessionRecord
from stretchcoach.speech.deferred_voice import DeferredVoice
from stretchcoach.speech.voice_protocol import VoiceOutput
from stretchcoach.storage.catalog import Catalog
from stretchcoach.storage.settings import DisplayOptions, Settings
from stretchcoach.ui.appearance import apply_theme
from stretchcoach.ui.pages.picker import PickerPage
from stretchcoach.ui.routine_rows import RoutineRow, routine_rows
from stretchcoach.ui.screensaver import KeepAwake
from stretchcoach.ui.session_controller import SessionController
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.widgets.notice_banner import NoticeBanner

if TYPE_CHECKING:
    from stretchcoach.ui.dialogs.safety_notice import SafetyNoticeDialog
    from stretchcoach.ui.dialogs.settings import SettingsDialog
    from stretchcoach.ui.pages.finish import FinishPage
    from stretchcoach.ui.pages.history import HistoryPage
    from stretchcoach.ui.pages.pain_advice import PainAdvicePage
    from stretchcoach.ui.pages.pain_question import PainQuestionPage
    from stretchcoach.ui.pages.session import SessionPage
    from stretchcoach.ui.pages.stop_prompt import StopPromptPage

log = logging.getLogger(__name__)
PageT = TypeVar("PageT", bound=QWidget)

MINIMUM_SIZE = (800, 600)
RECENT_FOR_LINE = 400
"""Sessions read for the picker's line: enough for a streak of years at several a week."""
LINE_WAIT_SECONDS = 0.3
"""The longest the picker's line waits for the session just written; then it shows what is there."""
VOICE_OUTPUT_NOTICES = {
    VoiceOutput.LOST: "Voice is off: the sound server stopped. The captions carry on, "
    "and the voice comes back when the sound server does.",
    VoiceOutput.BACK: "The voice is back: the sound server is running again.",
}
VOICE_OUTPUT_TOPIC = "voice output"
"""The banner's topic for the sound output's news: each notice on it takes the place of the last."""
BACK_NOTICE_MS = 8000
"""Long enough to be read from the mat after a glance; then the good news leaves the banner."""


class HistoryShelf(Protocol):
    """What the window reads and deletes of the history (the controller writes it)."""

    def sessions(
        self, since: datetime | None = None, *, with_exercises: bool = False
    ) -> list[SessionRecord]: ...

    def recent(
        self, limit: int = 50, *, with_exercises: bool = True, wait: float = ...
    ) -> list[SessionRecord]: ...

    def delete(self, key: str) -> None: ...

    def delete_all(self) -> None: ...


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        catalog: Catalog,
        controller: SessionController,
        settings: SettingsKeeper,
        inhibitor: KeepAwake,
        history: HistoryShelf,
        notices: Sequence[str] = (),
        ask_pain: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """`ask_pain`: ask how the back is before a session started from the picker and after
        every session (the window tests that are not about it start straight away)."""
        super().__init__(parent)
        self.setWindowTitle("StretchCoach")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.controller = controller
        self.settings = settings
        self.catalog = catalog
        self.inhibitor = inhibitor
        self.history = history
        self.safety_dialog: SafetyNoticeDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._preferences = settings.settings
        self._start_after_notice: RoutineRow | None = None
        self._resume_after_prompt = False
        self._ask_pain = ask_pain
        self._start_after_question: RoutineRow | None = None

        self.banner = NoticeBanner()
        self.picker = PickerPage(routine_rows(catalog, settings.settings))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.picker)
        self._session_page: SessionPage | None = None
        self._stop_prompt: StopPromptPage | None = None
        self._pain_page: PainAdvicePage | None = None
        self._finish_page: FinishPage | None = None
        self._pain_question: PainQuestionPage | None = None
        self._history_page: HistoryPage | None = None
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.fullscreen_action = QAction("Full screen", self)
        self.fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.fullscreen_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.fullscreen_action)
        self.settings_action = QAction("Settings", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.settings_action)
        self.history_action = self._window_action("History", "Ctrl+H")
        self._apply_display(settings.settings.display)

        self._connect_signals()
        for notice in notices:
            self.banner.add(notice)
        last = settings.settings.last_routine
        if last:
            self.picker.select(last)
        self.on_selection_changed(self.picker.selected_row())
        self._show_history_line()

    def _connect_signals(self) -> None:
        controller = self.controller
        controller.started.connect(self.on_session_started)
        controller.finished.connect(self.on_session_finished)
        controller.stopped.connect(self.on_session_stopped)
        controller.notice.connect(self.on_notice)
        controller.voice_output.connect(self.on_voice_output)
        controller.running_changed.connect(self.inhibitor.set_inhibited)
        self.settings.notice.connect(self.on_notice)
        self.settings.changed.connect(self.on_settings_changed)
        self.settings.changed.connect(self.on_preferences_changed)
        self.picker.settings_requested.connect(self.settings_action.trigger)
        self.settings_action.triggered.connect(self.on_settings_requested)
        self.picker.dose_changed.connect(self.on_dose_changed)
        self.picker.doses_restored.connect(self.on_doses_restored)
        self.picker.start_requested.connect(self.on_start_requested)
        self.picker.selection_changed.connect(self.on_selection_changed)
        self.picker.history_requested.connect(self.history_action.trigger)
        self.history_action.triggered.connect(self.on_history_requested)
        self.fullscreen_action.triggered.connect(self.on_toggle_fullscreen)

    # The other pages are built when first shown, not before the first frame: each property builds
    # its page once, adds it to the stack and makes its connections.

    @property
    def session_page(self) -> SessionPage:
        if self._session_page is None:
            from stretchcoach.ui.pages.session import SessionPage

            page = self._session_page = self._add_page(SessionPage(self.controller))
            page.set_text_scale(self.settings.settings.display.text_scale)
            page.settings_requested.connect(self.settings_action.trigger)
            page.stop_requested.connect(self.on_stop_requested)
            page.fullscreen_requested.connect(self.fullscreen_action.trigger)
        return self._session_page

    @property
    def stop_prompt(self) -> StopPromptPage:
        if self._stop_prompt is None:
            from stretchcoach.ui.pages.stop_prompt import StopPromptPage

            page = self._stop_prompt = self._add_page(StopPromptPage())
            page.keep_going.connect(self.on_keep_going)
            page.stop.connect(self.controller.stop)
            page.hurts.connect(self.controller.report_pain)
        return self._stop_prompt

    @property
    def pain_page(self) -> PainAdvicePage:
        if self._pain_page is None:
            from stretchcoach.ui.pages.pain_advice import PainAdvicePage

            page = self._pain_page = self._add_page(PainAdvicePage())
            page.done.connect(self.on_pain_advice_read)
        return self._pain_page

    @property
    def finish_page(self) -> FinishPage:
        if self._finish_page is None:
            from stretchcoach.ui.pages.finish import FinishPage

            page = self._finish_page = self._add_page(FinishPage())
            page.pain_advice_requested.connect(self.on_pain_advice_requested)
            page.done.connect(self.on_done)
            page.pain_answered.connect(self.controller.set_pain_after)
        return self._finish_page

    @property
    def pain_question(self) -> PainQuestionPage:
        if self._pain_question is None:
            from stretchcoach.ui.pages.pain_question import PainQuestionPage

            page = self._pain_question = self._add_page(PainQuestionPage())
            page.answered.connect(self.on_pain_before_answered)
            page.back.connect(self.on_done)
        return self._pain_question

    @property
    def history_page(self) -> HistoryPage:
        if self._history_page is None:
            from stretchcoach.ui.pages.history import HistoryPage

            page = self._history_page = self._add_page(HistoryPage())
            page.back.connect(self.on_done)
            page.delete_requested.connect(self.on_delete_session)
            page.delete_all_requested.connect(self.on_delete_all_history)
            page.export_csv_requested.connect(self.on_export_csv)
            page.report_requested.connect(self.on_export_report)
        return self._history_page

    def _add_page(self, page: PageT) -> PageT:
        self.pages.addWidget(page)
        return page

    def _showing(self, page: QWidget | None) -> bool:
        """Whether `page` is the one on screen; False for a page not built yet."""
        return page is not None and self.pages.currentWidget() is page

    def begin(self, routine_id: str | None = None, start: bool = False) -> bool:
        """After the window is shown: the safety notice on first run, then the chosen routine.

        With `start` the session begins as soon as the notice (if any) is closed; returns False
        when `routine_id` names no routine that can run.
        """
        row = self._select(routine_id) if routine_id else None
        self._start_after_safety_notice(row if start else None)
        return routine_id is None or row is not None

    def _select(self, routine_id: str) -> RoutineRow | None:
        """The routine selected in the list; else a notice, worded for a launch and a reminder alike."""
        if self.picker.select(routine_id):
            return self.picker.row(routine_id)
        known = ", ".join(other.key for other in self.picker.rows if other.runnable)
        self.on_notice(f"There is no routine “{routine_id}” that can run; choose one below ({known}).")
        return None

    def _start_after_safety_notice(self, target: RoutineRow | None) -> None:
        """Start `target` now, or once the safety notice is acknowledged if it still has to be read."""
        if self.safety_dialog is not None:
            self._start_after_notice = target or self._start_after_notice
            return
        if not self.settings.settings.safety_notice_seen:
            from stretchcoach.ui.dialogs.safety_notice import SafetyNoticeDialog

            self._start_after_notice = target
            self.safety_dialog = SafetyNoticeDialog(self)
            self.safety_dialog.finished.connect(self.on_safety_notice_closed)
            self.safety_dialog.open()
        elif target is not None:
            self.start(target)

    def open_routine(self, routine_id: str, *, start: bool = False, fullscreen: bool = False) -> None:
        """The reminder's Start (or a second launch): this window brought forward with the routine
        selected and the keyboard on the list, so Enter begins it. The reminder's Start does not
        start by itself: the user is at the desk when they click, and the coach would begin talking
        before they are down; a second launch with `--start` does, as the first would have. The
        settings, if open, are closed; a session that is running, or a question on screen, is left
        as it is."""
        if fullscreen:
            self.showFullScreen()
        elif self.windowState() & Qt.WindowState.WindowMinimized:
            self.showNormal()
        self.raise_()
        self.activateWindow()
        busy = self.controller.is_active or self.controller.is_starting
        asking_after = self._showing(self._finish_page) and self.finish_page.asking
        questions = (self._pain_question, self._stop_prompt, self._pain_page)
        if busy or asking_after or any(map(self._showing, questions)):
            return
        if self.settings_dialog is not None and self.safety_dialog is None:
            self.settings_dialog.accept()  # its changes are saved as they are made
        if self.pages.currentWidget() is not self.picker:
            self.on_done()
        row = self._select(routine_id) if routine_id else None
        self.picker.list.setFocus()
        if start and row is not None:
            self._start_after_safety_notice(row)

    def start(self, row: RoutineRow, pain_before: int | None = None) -> bool:
        if row.plan is None or self.controller.is_active:
            return False
        self.settings.update(last_routine=row.key)
        _ = self.session_page  # built now, so it hears the session start
        return self.controller.start(row.plan, pain_before)

    @Slot(int)
    def on_safety_notice_closed(self, result: int) -> None:
        """A hands-free launch begins only once the notice is acknowledged, not when it is
        dismissed with Esc or closed along with the window."""
        dialog = self.safety_dialog
        assert dialog is not None
        if dialog.dont_show_again.isChecked():
            self.settings.update(safety_notice_seen=True)
        self.safety_dialog = None
        dialog.deleteLater()
        target, self._start_after_notice = self._start_after_notice, None
        if target is not None and result == QDialog.DialogCode.Accepted:
            self.start(target)

    @Slot(object)
    def on_start_requested(self, row: RoutineRow) -> None:
        """Start from the picker: first the quick pain question, unless a session is on already."""
        if not self._ask_pain or row.plan is None or self.controller.is_active or self.controller.is_starting:
            self.start(row)
            return
        self._start_after_question = row
        self.pain_question.ask(row.title)
        self.pages.setCurrentWidget(self.pain_question)

    @Slot(object)
    def on_pain_before_answered(self, score: int | None) -> None:
        row, self._start_after_question = self._start_after_question, None
        if row is None or not self.start(row, score):
            self.on_done()

    @Slot(object)
    def on_selection_changed(self, row: RoutineRow | None) -> None:
        if row is not None and row.plan is not None:
            self.controller.prepare(row.plan)

    @Slot(str, str, str, int)
    def on_dose_changed(self, routine_id: str, exercise_id: str, kind: str, value: int) -> None:
        """Saved at once; the rows follow through `on_settings_changed`, as for any other change."""
        dose = DoseKind(kind)
        chosen = self.settings.settings.with_dose(
            routine_id,
            exercise_id,
            hold=value if dose is DoseKind.HOLD else None,
            reps=value if dose is DoseKind.REPS else None,
            sets=value if dose is DoseKind.SETS else None,
        )
        self.settings.update(holds=chosen.holds, reps=chosen.reps, sets=chosen.sets)

    @Slot(str)
    def on_doses_restored(self, routine_id: str) -> None:
        article = self.settings.settings.without_doses(routine_id)
        self.settings.update(holds=article.holds, reps=article.reps, sets=article.sets)

    @Slot(object)
    def on_settings_changed(self, settings: Settings) -> None:
        """Every routine re-planned at the new settings (a dose here, the flare-up scale in the
        settings dialog); a running session keeps its plan, and the change applies from the next."""
        before = self.picker.selected_row()
        self.picker.set_rows(routine_rows(self.catalog, settings))
        after = self.picker.selected_row()
        changed = before is None or after is None or before.plan != after.plan
        if changed and not self.controller.is_active:
            self.on_selection_changed(after)

    @Slot(object)
    def on_preferences_changed(self, settings: Settings) -> None:
        """The voice, the palette and the text size follow the settings at once, mid-session too."""
        before, self._preferences = self._preferences, settings
        if settings.voice != before.voice:
            self.controller.set_voice_options(settings.voice)
        if settings.display != before.display:
            self._apply_display(settings.display)

    def _apply_display(self, display: DisplayOptions) -> None:
        """The palette belongs to the whole application (dialogs too), the text sizes to the pages."""
        apply_theme(display.theme)
        self.picker.set_text_scale(display.text_scale)
        if self._session_page is not None:
            self._session_page.set_text_scale(display.text_scale)

    @Slot()
    def on_settings_requested(self) -> None:
        """Settings from the picker, the summary or a session, which pauses first: the dialog
        covers the window, and says what reaches the paused session and what waits for the next."""
        if self.asking_to_stop:
            return
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        from stretchcoach.ui.dialogs.settings import SettingsDialog, VoiceSampler

        self.controller.pause()
        voice = self.controller.voice
        if isinstance(voice, DeferredVoice):
            voice = voice.made()
        self.settings_dialog = SettingsDialog(
            self.settings,
            voice if isinstance(voice, VoiceSampler) else None,
            session_paused=self.controller.is_active,
            routines=[(entry.routine.id, entry.routine.name) for entry in self.catalog.entries],
            parent=self,
        )
        self.settings_dialog.safety_notice_requested.connect(self.on_safety_notice_requested)
        self.settings_dialog.finished.connect(self.on_settings_closed)
        self.settings_dialog.open()

    @Slot()
    def on_settings_closed(self) -> None:
        dialog = self.settings_dialog
        assert dialog is not None
        self.settings_dialog = None
        dialog.deleteLater()

    @Slot()
    def on_safety_notice_requested(self) -> None:
        """The first-run notice again, over the settings; "Don't show again" works as it did then."""
        if self.safety_dialog is not None:
            return
        from stretchcoach.ui.dialogs.safety_notice import SafetyNoticeDialog

        self.safety_dialog = SafetyNoticeDialog(self.settings_dialog or self)
        self.safety_dialog.finished.connect(self.on_safety_notice_closed)
        self.safety_dialog.open()

    @Slot(object)
    def on_session_started(self, plan: Plan) -> None:
        self.session_page.set_flare_up(flare_up_text(self.settings.settings.timing.scale))
        self.pages.setCurrentWidget(self.session_page)
        self.session_page.setFocus()

    @Slot(object)
    def on_session_finished(self, event: Finished) -> None:
        self._show_summary(event.summary, Outcome.of(event))

    @Slot(object)
    def on_session_stopped(self, event: Stopped) -> None:
        self._show_summary(event.summary, Outcome.of(event))
        if event.reason is StopReason.PAIN:
            plan = self.controller.plan
            exercise = plan.exercise_name(event.summary.stopped_at) if plan is not None else None
            self.pain_page.show_advice(exercise)
            self.on_pain_advice_requested()

    @Slot()
    def on_pain_advice_requested(self) -> None:
        self.pages.setCurrentWidget(self.pain_page)
        self.pain_page.setFocus()

    @Slot()
    def on_pain_advice_read(self) -> None:
        self.pages.setCurrentWidget(self.finish_page)
        self.finish_page.focus_first()

    def _show_summary(self, summary: Summary, outcome: Outcome) -> None:
        plan = self.controller.plan
        assert plan is not None
        self.finish_page.show_summary(plan, summary, outcome)
        session = self.controller.last_session
        if self._ask_pain and session is not None:
            self.finish_page.ask_pain_after(session.pain_before)
        self.pages.setCurrentWidget(self.finish_page)
        self.finish_page.focus_first()

    @Slot()
    def on_stop_requested(self) -> None:
        """Esc asks first; a session the user had paused stays paused if they carry on."""
        if not self.controller.is_active or self.asking_to_stop:
            return
        self._resume_after_prompt = self.controller.pause()
        self.pages.setCurrentWidget(self.stop_prompt)
        self.stop_prompt.setFocus()

    @property
    def asking_to_stop(self) -> bool:
        return self._showing(self._stop_prompt)

    @Slot()
    def on_keep_going(self) -> None:
        self.pages.setCurrentWidget(self.session_page)
        self.session_page.setFocus()
        if self._resume_after_prompt:
            self.controller.resume()

    @Slot()
    def on_done(self) -> None:
        if self._showing(self._finish_page):
            self.controller.set_note(self.finish_page.note())
        self._start_after_question = None
        self._show_history_line()
        self.pages.setCurrentWidget(self.picker)
        self.picker.list.setFocus()
        self.on_selection_changed(self.picker.selected_row())  # settings may have changed meanwhile

    @Slot(str)
    def on_notice(self, text: str) -> None:
        self.banner.add(text)

    @Slot(object)
    def on_voice_output(self, state: VoiceOutput) -> None:
        """The loss stays until the voice is back, then that news for a while; or until the voice
        stops waiting for the server (switched off, or off for a reason the next notice gives)."""
        if state is VoiceOutput.ENDED:
            self.banner.withdraw(VOICE_OUTPUT_TOPIC)
            return
        lasts = BACK_NOTICE_MS if state is VoiceOutput.BACK else None
        self.banner.add(VOICE_OUTPUT_NOTICES[state], topic=VOICE_OUTPUT_TOPIC, lasts_ms=lasts)

    @Slot()
    def on_toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-session stops it, so the history records how far it got."""
        self.controller.stop()
        self.inhibitor.release()
        super().closeEvent(event)

    def _window_action(self, text: str, keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _read_history(self, read: str) -> list[SessionRecord] | None:
        """Sessions from the history, or None (and a notice) when it cannot be read now."""
        try:
            if read == "recent":
                return self.history.recent(RECENT_FOR_LINE, with_exercises=False, wait=LINE_WAIT_SECONDS)
            return self.history.sessions(with_exercises=read == "all")
        except (sqlite3.Error, OSError) as error:
            log.exception("could not read the history")
            self.on_notice(f"Your history could not be read ({error}).")
            return None

    def _show_history_line(self) -> None:
        records = self._read_history("recent")
        self.picker.set_history_line(last_session_line(records, date.today()) if records is not None else "")

    @Slot()
    def on_history_requested(self) -> None:
        """Ctrl+H or the picker's button; not during a session, whose keys it would take."""
        if self.controller.is_active or self.controller.is_starting:
            return
        if not any(map(self._showing, (self.picker, self._finish_page, self._history_page))):
            return
        if self._showing(self._finish_page):
            self.controller.set_note(self.finish_page.note())
        self._refresh_history()
        self.pages.setCurrentWidget(self.history_page)
        self.history_page.focus_first()

    def _refresh_history(self) -> None:
        records = self._read_history("totals")
        self.history_page.show_history(records or [], date.today())

    @Slot(str)
    def on_delete_session(self, key: str) -> None:
        self.history.delete(key)
        self._refresh_history()
        self.history_page.focus_first()

    @Slot()
    def on_delete_all_history(self) -> None:
        self.history.delete_all()
        self._refresh_history()
        self.history_page.focus_first()

    def _save_path(self, title: str, name: str, kind: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), kind)
        return Path(chosen) if chosen else None

    @Slot()
    def on_export_csv(self) -> None:
        """Two files: one row per session, and beside it (…-exercises.csv) one per exercise."""
        path = self._save_path("Export the history as CSV", f"stretchcoach-{date.today()}.csv", "CSV (*.csv)")
        records = self._read_history("all") if path is not None else None
        if path is None or records is None:
            return
        from stretchcoach.core.history_export import exercises_csv, sessions_csv

        exercises = path.with_name(f"{path.stem}-exercises{path.suffix or '.csv'}")
        try:
            path.write_text(sessions_csv(records), encoding="utf-8")
            exercises.write_text(exercises_csv(records), encoding="utf-8")
        except OSError as error:
            self.on_notice(f"The CSV could not be saved ({error}).")
            return
        self.on_notice(f"Saved {path.name} (sessions) and {exercises.name} (exercises) in {path.parent}.")

    @Slot()
    def on_export_report(self) -> None:
        path = self._save_path(
            "Save a report for a physio", f"stretchcoach-report-{date.today()}.pdf", "PDF (*.pdf)"
        )
        records = self._read_history("all") if path is not None else None
        if path is None or records is None:
            return
        from stretchcoach.ui.report_pdf import write_report

        try:
            write_report(path, records, date.today())
        except OSError as error:
            self.on_notice(f"The report could not be saved ({error}).")
            return
        self.on_notice(f"Saved the report as {path}.")
