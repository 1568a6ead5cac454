"""The one object that runs a session in the window: it owns the engine and the app's only timer.

Widgets never see the engine's listener or the clock. The controller ticks the engine when
something is due, re-emits what happens as Qt signals, hands cues to the voice, shows each cue
as a caption when it is due, and records the session in the history as it goes: a row when it
starts, rewritten as each exercise begins (every 30 s within one) and at the end, so a crash
keeps what was done.
"""

from __future__ import annotations

import logging
import math
import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from stretchcoach.core import pain_advice, wording
from stretchcoach.core.clock import Clock
from stretchcoach.core.engine import Command, SessionEngine, SessionState
from stretchcoach.core.events import (
    CueDue,
    Finished,
    Outcome,
    Paused,
    PauseReason,
    PhaseStarted,
    Progress,
    Resumed,
    SessionEvent,
    Stopped,
    StopReason,
    Summary,
)
from stretchcoach.core.exercise_tally import ExerciseTally
from stretchcoach.core.plan import Phase, Plan
from stretchcoach.core.plan_format import clock_time
from stretchcoach.core.session_record import ExerciseStatus, SessionRecord, check_pain
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.voice_protocol import Voice
from stretchcoach.ui.timer import PreciseTimer, SessionTimer

log = logging.getLogger(__name__)

RESUMED_ROOM_SECONDS = 1.5
""""Carrying on." is left unsaid when a cue (a countdown, say) follows sooner than this."""
VOICE_WAIT_MS = 3000
"""The longest a session waits for its opening line to be rendered before it starts without it."""
FRAME_SECONDS = 1 / 15
"""The shortest gap between two frames, whatever step the view asks for; it divides a second,
so frames still fall on each new figure of the countdown."""


PROGRESS_SAVE_SECONDS = 30.0
"""Within an exercise the session is written again at a new phase only when this much more of it
has been done: each beat of a rep is a phase, and writing every 3 s was a tenth of what a set of
reps cost. A new exercise is always written."""


def caption_seconds(text: str) -> float:
    """How long a caption stays up: time to read it twice, so "Halfway." does not linger to the end."""
    return max(5.0, 3.0 + 0.4 * len(text.split()))


class HistoryBook(Protocol):
    """Where sessions are kept: `record` writes a session as it stands (again and again as it
    goes, keyed by `SessionRecord.key`) without blocking; a failure is told to the listener."""

    def record(self, entry: SessionRecord) -> None: ...

    def set_notice_listener(self, listener: Callable[[str], None] | None) -> None: ...


def _local_now() -> datetime:
    """Aware and local, so the history keeps the offset the person lived the session in."""
    return datetime.now().astimezone()


_JUMPS = frozenset({Command.NEXT, Command.PREVIOUS, Command.RESTART})


class SessionController(QObject):
    started = Signal(object)
    """A session began: the Plan."""
    phase_started = Signal(object)
    """PhaseStarted."""
    progress = Signal(object)
    """Progress, whenever the view would look different while running, and after a jump while paused."""
    caption = Signal(str)
    """A cue's words, at the moment they are due to be heard."""
    caption_expired = Signal()
    """The last caption has been up long enough to read; nothing new has been said since."""
    paused = Signal(object)
    resumed = Signal(object)
    finished = Signal(object)
    stopped = Signal(object)
    running_changed = Signal(bool)
    commands_changed = Signal()
    """What `allowed()` answers may have changed: a new phase, a pause, the end."""
    notice = Signal(str)
    """Something to tell the user without interrupting: from the voice, or the history."""
    voice_output = Signal(object)
    """VoiceOutput: the voice lost its sound server (the session goes on), has it back, or no
    longer waits for it."""
    _voice_notice = Signal(str)
    _voice_output = Signal(object)
    _history_notice = Signal(str)

    def __init__(
        self,
        clock: Clock,
        voice: Voice,
        history: HistoryBook,
        *,
        timer: SessionTimer | None = None,
        wall_clock: Callable[[], datetime] = _local_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._voice = voice
        self._voice_failed = False
        self._history = history
        self._entry: SessionRecord | None = None
        """The session as the history has it; kept after the end for the pain question and note."""
        self._saved_exercise: int | None = None
        self._tally: ExerciseTally | None = None
        self._pain_before: int | None = None
        self._save_failed = False
        self._wall_clock = wall_clock
        self._timer = timer if timer is not None else PreciseTimer(self)
        self._timer.connect(self.on_timeout)
        self._engine: SessionEngine | None = None
        self._starting: Plan | None = None
        self._voice_wait = QTimer(self)
        self._voice_wait.setSingleShot(True)
        self._voice_wait.setInterval(VOICE_WAIT_MS)
        self._voice_wait.timeout.connect(self.on_voice_ready)
        self._prepared: Plan | None = None
        self._started_at = wall_clock()
        self._captions: deque[tuple[float, str]] = deque()
        self._last_instruction: str | None = None
        """What "say that again" repeats: the last line that told the user what to do."""
        self._caption_expires: float | None = None
        self._running = False
        self._shape: tuple[SessionState, int] | None = None
        self._visible_step: float | None = None
        """The step of a phase's fraction the view moves in; None while nothing is shown."""
        self._counting = True
        """Whether the view counts the phase's seconds down (not on reps)."""
        # Queued: the voice may speak up from its worker thread, or before anyone is listening.
        self._voice_notice.connect(self.notice, Qt.ConnectionType.QueuedConnection)
        voice.set_notice_listener(self._voice_notice.emit)
        self._voice_output.connect(self.voice_output, Qt.ConnectionType.QueuedConnection)
        voice.set_output_listener(self._voice_output.emit)
        self._history_notice.connect(self.notice, Qt.ConnectionType.QueuedConnection)
        history.set_notice_listener(self._history_notice.emit)

    @property
    def engine(self) -> SessionEngine | None:
        """The current or last session's engine, for reading; commands go through the controller."""
        return self._engine

    @property
    def plan(self) -> Plan | None:
        return self._engine.plan if self._engine is not None else None

    @property
    def phase(self) -> Phase | None:
        return self._engine.phase if self._engine is not None else None

    @property
    def state(self) -> SessionState:
        return self._engine.state if self._engine is not None else SessionState.IDLE

    @property
    def is_active(self) -> bool:
        return self.state.is_active

    @property
    def is_running(self) -> bool:
        return self.state is SessionState.RUNNING

    def remaining(self) -> float:
        return self._engine.remaining() if self._engine is not None else 0.0

    def allowed(self, command: Command) -> bool:
        return self._engine is not None and self._engine.allowed(command)

    def prepare(self, plan: Plan) -> None:
        """Let the voice render a plan's lines ahead, e.g. while the user reads about the routine."""
        if plan is not self._prepared:
            self._prepared = plan
            self._call_voice(self._voice.prepare, plan)

    def set_voice_options(self, options: VoiceOptions) -> None:
        """Rate, volume, voice and on/off reach the voice at once, mid-session too: the next line
        is said the new way. (Timing is the plan's, fixed when a session starts.)"""
        self._call_voice(self._voice.set_options, options)

    @property
    def voice(self) -> Voice:
        """For the settings: listing the voices and saying a sample line, where the voice can."""
        return self._voice

    def start(self, plan: Plan, pain_before: int | None = None) -> bool:
        """Start once the opening line can be said at once, so it is heard on the beat.

        Pressing Start as soon as the app opens (or `--start`) comes before the voice has
        rendered anything; started then, the opening line was heard 0.7 s late. `pain_before`
        is the 0–10 answer given before starting, None when not asked or skipped.
        """
        if self.is_active or self._starting is not None:
            return False
        self.prepare(plan)
        self._pain_before = check_pain(pain_before)
        self._starting = plan
        if not plan.schedule or self._voice_failed:
            self.on_voice_ready()
            return True
        self._voice_wait.start()
        self._call_voice(self._voice.when_ready, plan.schedule[0].cue.text, self.on_voice_ready)
        if self._voice_failed:
            self.on_voice_ready()
        return True

    @property
    def is_starting(self) -> bool:
        """Start was pressed and the voice is getting its opening line ready."""
        return self._starting is not None

    @Slot()
    def on_voice_ready(self) -> None:
        plan, self._starting = self._starting, None
        self._voice_wait.stop()
        if plan is None:
            return
        engine = SessionEngine(plan, self._clock, cue_lead=self._voice.lead_seconds)
        self._tally = ExerciseTally(plan)
        engine.subscribe(self._on_engine_event)
        self._engine = engine
        self._started_at = self._wall_clock()
        self._save_failed = False
        self._entry = SessionRecord(
            started_at=self._started_at,
            routine_id=plan.routine.id,
            routine_name=plan.routine.name,
            planned_seconds=plan.total_seconds,
            active_seconds=0.0,
            exercise_count=plan.exercise_count,
            completed=0,
            skipped=0,
            outcome=None,
            pain_before=self._pain_before,
        )
        self._save(self._entry)
        self._saved_exercise = None
        self._captions.clear()
        self._last_instruction = None
        log.info("session started: %s (%s planned)", plan.routine.id, clock_time(plan.total_seconds))
        self.started.emit(plan)
        self._run(engine.start)

    @Slot()
    def toggle_pause(self) -> bool:
        return self.resume() if self.allowed(Command.RESUME) else self.pause()

    @Slot()
    def pause(self) -> bool:
        return self._command(Command.PAUSE, lambda engine: engine.pause(PauseReason.USER))

    @Slot()
    def resume(self) -> bool:
        return self._command(Command.RESUME, SessionEngine.resume)

    @Slot()
    def next_exercise(self) -> bool:
        return self._command(Command.NEXT, SessionEngine.next_exercise, silence=True)

    @Slot()
    def previous_exercise(self) -> bool:
        return self._command(Command.PREVIOUS, SessionEngine.previous_exercise, silence=True)

    @Slot()
    def restart_exercise(self) -> bool:
        return self._command(Command.RESTART, SessionEngine.restart_exercise, silence=True)

    @Slot()
    def stop(self) -> bool:
        """Stop the session, or the start that is waiting for the voice."""
        if self._starting is not None:
            self._starting = None
            self._voice_wait.stop()
            return True
        return self._command(Command.STOP, lambda engine: engine.stop(StopReason.USER))

    @Slot()
    def report_pain(self) -> bool:
        """Stop at once, with no question asked, and remember that it hurt."""
        return self._command(Command.STOP, lambda engine: engine.stop(StopReason.PAIN))

    @Slot()
    def repeat_last(self) -> bool:
        """Say the last instruction again: through the voice, and always as a caption.

        Decided here, not in the voice, so it works the same whatever the voice is doing: with
        the voice off or broken the caption is all there is, and with it on the caption shows
        the words being said again. Counts, "Halfway." and "Hold for 60 seconds" (stale a moment
        later) are not instructions: asked during a hold, the coach repeats how to do it.
        """
        text = self._last_instruction
        if not self.is_active or text is None:
            return False
        self._call_voice(self._voice.say, (text,))
        self._caption_expires = self._clock.now() + caption_seconds(text)
        self.caption.emit(text)
        self._arm()
        return True

    def set_visible_step(self, fraction: float | None, *, counting: bool = True) -> None:
        """The step of a phase's fraction the view moves in, counted back from the phase's end
        (None while the session is off screen: another page, or the window minimised), and
        whether it counts the phase's seconds down (not on reps, where it shows the rep).

        The controller wakes for the view only as each step is reached or, when counting, the
        countdown's figure changes; off screen it wakes only for cues, phases and captions.
        Coming back on screen brings the view up to date at once.
        """
        if fraction is not None and not fraction > 0:
            raise ValueError(f"a visible step must be positive, not {fraction}")
        was_hidden = self._visible_step is None
        self._visible_step = fraction
        self._counting = counting
        if self._engine is None or self._engine.state is not SessionState.RUNNING:
            return
        if was_hidden and fraction is not None:
            # At once, but from the event loop: this may be called while a phase is starting.
            self._timer.arm(0)
        else:
            self._arm()

    @Slot()
    def on_timeout(self) -> None:
        if self._engine is not None:
            self._run(self._engine.tick)

    def _command(
        self, command: Command, action: Callable[[SessionEngine], None], *, silence: bool = False
    ) -> bool:
        engine = self._engine
        if engine is None or not engine.allowed(command):
            return False
        if silence:
            self._silence()
        if command in _JUMPS and self._tally is not None:
            self._tally.cut_short(engine.position())
        self._run(action, engine)
        return True

    def _run(self, action: Callable[..., None], *args: Any) -> None:
        """Do one engine step, then catch captions, signals and the timer up with it.

        The `finally` keeps the session ticking even if a slot connected to one of the signals
        raised: the error goes to the crash handler, the session goes on.
        """
        try:
            action(*args)
            self._release_captions()
        finally:
            self._sync()
            self._arm()

    def _on_engine_event(self, event: SessionEvent) -> None:
        match event:
            case PhaseStarted():
                if self._tally is not None:
                    self._tally.phase_started(event.index)
                self._record_progress()
                self.phase_started.emit(event)
            case Progress():
                self.progress.emit(event)
            case CueDue():
                if event.cue.kind.is_instruction:
                    self._last_instruction = event.cue.text
                self._captions.append((event.due, event.cue.text))
                self._call_voice(self._voice.on_cue_due, event)
            case Paused():
                self._silence()
                if event.reason is PauseReason.USER:
                    self._call_voice(self._voice.say, (wording.PAUSED,))
                self.paused.emit(event)
            case Resumed():
                upcoming = self._engine.seconds_to_next_cue() if self._engine is not None else None
                if upcoming is None or upcoming > RESUMED_ROOM_SECONDS:
                    self._call_voice(self._voice.say, (wording.RESUMED,))
                self.resumed.emit(event)
            case Finished():
                self._captions.clear()
                if self._tally is not None:
                    self._tally.finished()
                self._record(event.summary, Outcome.of(event))
                self.finished.emit(event)
            case Stopped():
                self._silence()
                if event.reason is StopReason.PAIN:
                    self._call_voice(self._voice.say, pain_advice.SPOKEN)
                if self._tally is not None and self._engine is not None:
                    self._tally.cut_short(self._engine.position())
                self._record(event.summary, Outcome.of(event))
                self.stopped.emit(event)

    def _release_captions(self) -> None:
        now = self._clock.now()
        while self._captions and self._captions[0][0] <= now:
            due, text = self._captions.popleft()
            self._caption_expires = due + caption_seconds(text)
            self.caption.emit(text)
        if self._caption_expires is not None and self._caption_expires <= now:
            self._caption_expires = None
            self.caption_expired.emit()

    def _silence(self) -> None:
        self._captions.clear()
        self._call_voice(self._voice.silence)

    def _sync(self) -> None:
        engine = self._engine
        if engine is None:
            return
        shape = (engine.state, engine.phase_index)
        if shape != self._shape:
            self._shape = shape
            self.commands_changed.emit()
        running = engine.state is SessionState.RUNNING
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)

    def _arm(self) -> None:
        """Wake at the next cue, phase change, caption or visible change, whichever is first."""
        engine = self._engine
        if engine is None or engine.state is not SessionState.RUNNING:
            self._timer.disarm()
            return
        now = self._clock.now()
        # However quiet the session, it ticks well inside the gap the engine takes for a suspend.
        moments = [now + engine.suspend_jump / 2, *self._visible_changes(engine, now)]
        wakeup = engine.next_wakeup()
        if wakeup is not None:
            moments.append(wakeup)
        if self._captions:
            moments.append(self._captions[0][0])
        if self._caption_expires is not None:
            moments.append(self._caption_expires)
        delay = min(moments) - now
        milliseconds = math.ceil(round(max(0.0, delay) * 1000, 3))
        # A moment a float's hair ahead is a millisecond away: waking at 0 ms would come before
        # it, find nothing due, and ask for 0 ms again.
        self._timer.arm(1 if milliseconds == 0 and delay > 0 else milliseconds)

    def _visible_changes(self, engine: SessionEngine, now: float) -> list[float]:
        """When the view next looks different: the next step (steps shorter than a frame are
        taken a frame at a time), and the countdown's next whole second (mostly a step as well).
        Nothing while the view is off screen.

        The bar's clock (rounded to the second) moves at these wakes too, so it is never more
        than half a second behind.
        """
        step = self._visible_step
        seconds = engine.phase.seconds
        if step is None or seconds <= 0:
            return []
        remaining = engine.remaining()
        moments = []
        step_seconds = max(FRAME_SECONDS, step * seconds)
        next_step = (math.ceil(round(remaining / step_seconds, 6)) - 1) * step_seconds
        if next_step >= 0:
            moments.append(now + remaining - next_step)
        to_next_figure = remaining - (math.ceil(round(remaining, 3)) - 1)
        if self._counting and to_next_figure > 0:
            moments.append(now + to_next_figure)
        return moments

    def set_pain_after(self, score: int | None) -> None:
        """The answer to "how is your back now?" after the session (None: skipped)."""
        if self._entry is not None and self._entry.outcome is not None:
            self._entry = replace(self._entry, pain_after=check_pain(score))
            self._save(self._entry)

    def set_note(self, note: str) -> None:
        """The one-line note after the session; saved only if it says something new."""
        if self._entry is not None and self._entry.outcome is not None:
            entry = replace(self._entry, note=note)
            if entry.note != self._entry.note:
                self._entry = entry
                self._save(entry)

    @property
    def last_session(self) -> SessionRecord | None:
        """The session now running, or the one that ended last, as the history has it."""
        return self._entry

    def _record_progress(self) -> None:
        """The session so far, as each exercise begins and every PROGRESS_SAVE_SECONDS within one:
        what a crash or `kill -9` would leave behind."""
        engine, tally, entry = self._engine, self._tally, self._entry
        if engine is None or tally is None or entry is None or not engine.state.is_active:
            return
        active = round(engine.active_seconds(), 1)
        if (
            engine.exercise_index == self._saved_exercise
            and active - entry.active_seconds < PROGRESS_SAVE_SECONDS
        ):
            return
        self._saved_exercise = engine.exercise_index
        exercises = tally.records()
        self._entry = replace(
            entry,
            active_seconds=active,
            completed=sum(1 for e in exercises if e.status is ExerciseStatus.DONE),
            skipped=sum(1 for e in exercises if e.status is ExerciseStatus.SKIPPED),
            exercises=exercises,
        )
        self._save(self._entry)

    def _record(self, summary: Summary, outcome: Outcome) -> None:
        plan, tally, entry = self.plan, self._tally, self._entry
        assert plan is not None and tally is not None and entry is not None
        self._entry = replace(
            entry,
            active_seconds=summary.active_seconds,
            completed=len(summary.completed),
            skipped=len(summary.skipped),
            outcome=outcome,
            stopped_exercise=plan.exercise_name(summary.stopped_at),
            ended_at=self._wall_clock(),
            exercises=tally.records(summary),
        )
        log.info(
            "session %s: %s, %s of %s exercises done",
            outcome.value,
            plan.routine.id,
            self._entry.completed,
            self._entry.exercise_count,
        )
        self._save(self._entry)

    def _save(self, entry: SessionRecord) -> None:
        """Hand the session to the history; a history that cannot take it is said once a session."""
        try:
            self._history.record(entry)
        except (sqlite3.Error, OSError) as error:
            log.exception("could not record the session in the history")
            if not self._save_failed:
                self._save_failed = True
                self.notice.emit(f"This session could not be saved to your history ({error}).")

    def _call_voice(self, method: Callable[..., None], *args: Any) -> None:
        """A voice that fails must not take the session with it: captions carry on alone."""
        if self._voice_failed:
            return
        try:
            method(*args)
        except Exception as error:
            log.exception("the voice failed in %s", getattr(method, "__name__", method))
            self._voice_failed = True
            self.notice.emit(f"The voice stopped working ({error}); the session carries on with captions.")
