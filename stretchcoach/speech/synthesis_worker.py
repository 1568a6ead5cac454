"""The one worker thread that owns the speech engines and renders phrases into the clip cache.

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

from stretchcoach.core.voice_options import VoiceEngine
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


@dataclass(frozen=True, slots=True)
class _Stop:
    """Ends the worker."""


@dataclass(frozen=True, slots=True)
class _ListVoices:
    """Asks for espeak-ng's voices, starting it if need be (`SynthesisWorker.list_voices`)."""


@dataclass(frozen=True, slots=True)
class _LetGo:
    """Wakes the worker to close the engines no longer wanted (`SynthesisWorker.keep_only`)."""


class SynthesisWorker:
    """The one thread that owns the speech engines: it starts each with `start_renderer` when a
    line first asks for it (slow: espeak-ng is tried in a child process first, the natural voice
    starts its render process), then renders what is asked for, most urgent first, into the clip
    cache in `folder`.

    An engine starts only when a line asks for it, and `keep_only` says which may stay started:
    the others are closed as soon as the worker is free (the natural voice's render process holds
    about 200 MiB), and started again when a line next asks for them.

    The natural voice falls back to espeak-ng: if it cannot start, espeak-ng says its lines from
    then on; if it cannot say a line, espeak-ng says that line. Either way `on_notice` hears of it
    once, and the clip is cached as espeak-ng's, never as the natural voice's.
    """

    def __init__(
        self,
        start_renderer: Callable[[VoiceEngine], Renderer],
        folder: Path,
        *,
        on_clip: Callable[[Clip], None],
        on_voices: Callable[[tuple[VoiceInfo, ...]], None],
        on_failure: Callable[[str], None],
        on_notice: Callable[[str], None] = log.warning,
        on_skipped: Callable[[str, str], None] | None = None,
    ) -> None:
        self._start_renderer = start_renderer
        self._folder = folder
        self._on_clip = on_clip
        self._on_voices = on_voices
        self._on_failure = on_failure
        self._on_notice = on_notice
        self._on_skipped = on_skipped
        """Hears of each line left out, with why (`stretchcoach say` waits on its one line)."""
        self._queue: queue.PriorityQueue[tuple[int, int, _Job | _Stop | _LetGo | _ListVoices]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._queued: set[tuple[str, Style, Priority]] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._wanted: frozenset[VoiceEngine] = frozenset(VoiceEngine)
        self._renderers: dict[VoiceEngine, Renderer] = {}
        self._caches: dict[str, ClipCache] = {}
        self._fallen_back = False
        self._espeak_refused: str | None = None
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
        """Drop the plan and number renders queued so far (the engine, voice or rate changed)."""
        with self._lock:
            self._generation += 1
            self._queued = {key for key in self._queued if key[2] is Priority.NOW}

    def keep_only(self, engines: Iterable[VoiceEngine]) -> None:
        """Close every started engine but `engines` before the next line (a line asked of
        another one later starts it again, and it is closed as soon as the worker is idle)."""
        with self._lock:
            self._wanted = frozenset(engines)
        self._queue.put((Priority.STOP, next(self._order), _LetGo()))

    def list_voices(self) -> None:
        """Have `on_voices` hear espeak-ng's voices, though no line asks for it yet (the voice
        is off, and the settings list them)."""
        self._queue.put((Priority.NOW, next(self._order), _ListVoices()))

    def shutdown(self) -> None:
        self._queue.put((Priority.STOP, next(self._order), _Stop()))
        if self._thread.is_alive():
            self._thread.join(SHUTDOWN_SECONDS)

    def _run(self) -> None:
        """The thread's whole life; a failure of any kind ends it with a reason, never silently."""
        try:
            self._serve()
        except Exception as error:
            log.exception("the voice worker failed")
            self._on_failure(f"the voice stopped unexpectedly ({error})")
        finally:
            self._close_except(frozenset())

    def _serve(self) -> None:
        unknown: set[str] = set()
        unsayable: set[tuple[str, Style]] = set()
        failures_in_a_row = 0
        while True:
            if self._queue.empty():
                self._let_go()
            priority, _, job = self._queue.get()
            if isinstance(job, _Stop):
                return
            if isinstance(job, _LetGo):
                self._let_go()
                continue
            if isinstance(job, _ListVoices):
                self._list_voices()
                continue
            with self._lock:
                self._queued.discard((job.text, job.style, Priority(priority)))
                stale = priority != Priority.NOW and job.generation != self._generation
            if stale or (job.text, job.style) in unsayable:
                continue
            try:
                renderer = self._renderer(job.style.engine)
                try:
                    clip = self._render(renderer, job.text, job.style, unknown)
                except (SynthesisError, AudioError) as error:
                    fallback = self._fallback(job.style.engine, renderer)
                    if fallback is None:
                        raise
                    self._fall_back(f"it could not say {job.text!r} ({error})")
                    clip = self._render(fallback, job.text, job.style, unknown)
            except SpeechUnavailable as unavailable:
                self._on_failure(unavailable.reason)
                return
            except (SynthesisError, AudioError) as error:
                unsayable.add((job.text, job.style))
                failures_in_a_row += 1
                if failures_in_a_row >= GIVE_UP_AFTER:
                    self._on_failure(
                        f"{GIVE_UP_AFTER} lines in a row could not be rendered (the last: {error})"
                    )
                    return
                log.warning("skipped %r: %s", job.text, error)
                if self._on_skipped is not None:
                    self._on_skipped(job.text, str(error))
                continue
            except OSError as error:
                self._on_failure(f"could not write the voice cache in {self._folder} ({error.strerror})")
                return
            failures_in_a_row = 0
            self._on_clip(replace(clip, style=job.style))

    def _renderer(self, engine: VoiceEngine) -> Renderer:
        """The started renderer for `engine`: started now if need be; espeak-ng in place of a
        natural voice that cannot start. Raises SpeechUnavailable if none can."""
        if engine in self._renderers:
            return self._renderers[engine]
        try:
            renderer = self._start_renderer(engine)
        except SpeechUnavailable as unavailable:
            if engine is not VoiceEngine.NATURAL:
                raise
            try:
                renderer = self._renderer(VoiceEngine.ESPEAK)
            except SpeechUnavailable as also:
                raise SpeechUnavailable(f"{unavailable.reason}, and {also.reason}") from None
            self._fall_back(unavailable.reason)
        else:
            if engine is VoiceEngine.ESPEAK:
                self._on_voices(renderer.voices())
        self._renderers[engine] = renderer
        return renderer

    def _list_voices(self) -> None:
        started = self._renderers.get(VoiceEngine.ESPEAK)
        try:
            renderer = started or self._renderer(VoiceEngine.ESPEAK)
        except SpeechUnavailable as unavailable:
            log.warning("no espeak-ng voices to list: %s", unavailable.reason)
            return
        if started is not None:
            self._on_voices(renderer.voices())

    def _let_go(self) -> None:
        with self._lock:
            wanted = self._wanted
        self._close_except(wanted)

    def _close_except(self, wanted: frozenset[VoiceEngine]) -> None:
        """Close the started engines not in `wanted`; espeak-ng standing in for the natural
        voice stays while either is wanted."""
        kept = {engine: renderer for engine, renderer in self._renderers.items() if engine in wanted}
        closing = [renderer for renderer in self._renderers.values() if renderer not in kept.values()]
        self._renderers = kept
        for renderer in {id(renderer): renderer for renderer in closing}.values():
            renderer.close()

    def _fallback(self, engine: VoiceEngine, failed: Renderer) -> Renderer | None:
        """Who says a line the natural voice could not: espeak-ng, if it starts; without it the
        line is only skipped, and the natural voice says the others."""
        if engine is not VoiceEngine.NATURAL or self._espeak_refused is not None:
            return None
        try:
            espeak = self._renderer(VoiceEngine.ESPEAK)
        except SpeechUnavailable as unavailable:
            self._espeak_refused = unavailable.reason
            log.warning("no espeak-ng to stand in for the natural voice: %s", unavailable.reason)
            return None
        return None if espeak is failed else espeak

    def _fall_back(self, why: str) -> None:
        if not self._fallen_back:
            self._fallen_back = True
            self._on_notice(
                f"The natural voice is not available: {why}. The coach speaks with espeak-ng instead."
            )
        else:
            log.warning("the natural voice is not available: %s", why)

    def _render(self, renderer: Renderer, text: str, style: Style, unknown: set[str]) -> Clip:
        """`text` from the cache of `renderer`'s engine, rendered first if need be."""
        if style.voice:
            known = renderer.voice_id(style.voice)
            if known is None and style.voice not in unknown:
                unknown.add(style.voice)
                log.warning("no voice %r in the speech engine; using its default voice", style.voice)
            style = replace(style, voice=known or "")
        cache = self._caches.get(renderer.engine_id)
        if cache is None:
            cache = self._caches[renderer.engine_id] = ClipCache(self._folder, renderer.engine_id)
            cache.prune()
        return cache.get(text, style, renderer.render)
