"""The one worker thread that owns the speech engine and renders phrases into the clip cache.

Requests come from the GUI thread; results go back through the callbacks given at construction,
which run on the worker thread (the voice turns them into queued Qt signals). A request for a
line that is due now jumps ahead of the background renders of a whole plan. A line that fails to
render is skipped, and never tried again; only `GIVE_UP_AFTER` failures in a row end the worker.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path

from stretchcoach.speech.clip_cache import Clip, ClipCache
from stretchcoach.speech.renderer_protocol import (
    Renderer,
    SpeechUnavailable,
    Style,
    SynthesisError,
    VoiceInfo,
)
from stretchcoach.speech.wav import AudioError

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 2.0
GIVE_UP_AFTER = 3
"""Lines in a row that may fail to render before the voice is given up: one bad line is that
line's problem, and the session is better off with every other line spoken; several in a row
mean the engine itself is broken, and the user should hear why the coach went quiet."""


class Priority(IntEnum):
    STOP = -1
    NOW = 0
    """A line due to be said (or the voice sample): wanted within milliseconds."""
    NUMBERS = 1
    """Count and rep words: short, and used by every routine."""
    PLAN = 2
    """The rest of the chosen routine, in the order the session says it."""


@dataclass(frozen=True, slots=True)
class _Job:
    text: str
    style: Style
    generation: int


class SynthesisWorker:
    """The one thread that owns the speech engine: it calls `start_renderer` (slow: espeak-ng is
    tried in a child process first), then renders what is asked for, most urgent first, into the
    clip cache in `folder`."""

    def __init__(
        self,
        start_renderer: Callable[[], Renderer],
        folder: Path,
        *,
        on_clip: Callable[[Clip], None],
        on_voices: Callable[[tuple[VoiceInfo, ...]], None],
        on_failure: Callable[[str], None],
    ) -> None:
        self._start_renderer = start_renderer
        self._folder = folder
        self._on_clip = on_clip
        self._on_voices = on_voices
        self._on_failure = on_failure
        self._queue: queue.PriorityQueue[tuple[int, int, _Job | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._queued: set[tuple[str, Style, Priority]] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._thread = threading.Thread(target=self._run, name="stretchcoach-voice", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, texts: Iterable[str], style: Style, priority: Priority) -> None:
        with self._lock:
            for text in texts:
                key = (text, style, priority)
                if key not in self._queued:
                    self._queued.add(key)
                    self._queue.put((priority, next(self._order), _Job(text, style, self._generation)))

    def forget_background(self) -> None:
        """Drop the plan and number renders queued so far (the voice or rate changed)."""
        with self._lock:
            self._generation += 1
            self._queued = {key for key in self._queued if key[2] is Priority.NOW}

    def shutdown(self) -> None:
        self._queue.put((Priority.STOP, next(self._order), None))
        if self._thread.is_alive():
            self._thread.join(SHUTDOWN_SECONDS)

    def _run(self) -> None:
        """The thread's whole life; a failure of any kind ends it with a reason, never silently."""
        try:
            self._serve()
        except Exception as error:
            log.exception("the voice worker failed")
            self._on_failure(f"the voice stopped unexpectedly ({error})")

    def _serve(self) -> None:
        try:
            renderer = self._start_renderer()
        except SpeechUnavailable as unavailable:
            self._on_failure(unavailable.reason)
            return
        cache = ClipCache(self._folder, renderer.engine_id)
        cache.prune()
        self._on_voices(renderer.voices())
        unknown: set[str] = set()
        unsayable: set[tuple[str, Style]] = set()
        failures_in_a_row = 0
        while True:
            priority, _, job = self._queue.get()
            if job is None:
                return
            with self._lock:
                self._queued.discard((job.text, job.style, Priority(priority)))
                stale = priority != Priority.NOW and job.generation != self._generation
            if stale:
                continue
            style = job.style
            if style.voice:
                known = renderer.voice_id(style.voice)
                if known is None and style.voice not in unknown:
                    unknown.add(style.voice)
                    log.warning("no voice %r in the speech engine; using its default voice", style.voice)
                style = replace(style, voice=known or "")
            if (job.text, style) in unsayable:
                continue
            try:
                clip = cache.get(job.text, style, renderer.render)
            except (SynthesisError, AudioError) as error:
                unsayable.add((job.text, style))
                failures_in_a_row += 1
                if failures_in_a_row >= GIVE_UP_AFTER:
                    self._on_failure(
                        f"{GIVE_UP_AFTER} lines in a row could not be rendered (the last: {error})"
                    )
                    return
                log.warning("skipped %r: %s", job.text, error)
                continue
            except OSError as error:
                self._on_failure(f"could not write the voice cache in {self._folder} ({error.strerror})")
                return
            failures_in_a_row = 0
            self._on_clip(replace(clip, style=job.style))
