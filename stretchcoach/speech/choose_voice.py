"""Making the app's voice: the best one this machine allows, down to captions alone."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from stretchcoach.core.clock import Clock
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.speech.clip_players import OutputUnavailable, open_output
from stretchcoach.speech.coach_voice import CoachVoice, OutputFactory, off_notice
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, usable_installs
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.hibari.renderer import natural_installed, start_hibari
from stretchcoach.speech.renderer_protocol import Renderer, SpeechUnavailable
from stretchcoach.speech.sound_server import SoundServer, find_sound_server
from stretchcoach.speech.voice_protocol import Voice

log = logging.getLogger(__name__)

StartRenderer = Callable[[VoiceEngine], Renderer]


def renderer_starter(
    installs: Sequence[EspeakInstall] | None = None,
    start_natural: Callable[[], Renderer] | None = None,
) -> StartRenderer:
    """What starts each engine on the synthesis worker, for the app and `stretchcoach say` alike.

    Raises SpeechUnavailable at once if no engine can be installed here: neither the natural
    voice nor an espeak-ng whose files are all there. `installs` and `start_natural` (by
    default `start_hibari`) are for tests.
    """
    missing: SpeechUnavailable | None = None
    try:
        usable = usable_installs(installs)
    except SpeechUnavailable as unavailable:
        if not natural_installed():
            raise
        usable, missing = [], unavailable

    def start(engine: VoiceEngine) -> Renderer:
        if engine is VoiceEngine.NATURAL:
            return (start_natural or start_hibari)()
        if missing is not None:
            raise SpeechUnavailable(missing.reason)
        return start_espeak(usable)

    return start


def create_voice(
    clock: Clock,
    options: VoiceOptions,
    cache_dir: Path,
    *,
    installs: Sequence[EspeakInstall] | None = None,
    output: OutputFactory = open_output,
    find_server: Callable[[], SoundServer | None] = find_sound_server,
) -> Voice:
    """The voice for a session run on `clock` (the engine's), caching clips in `cache_dir`.

    Walks the fallbacks: the natural voice, else espeak-ng (the worker sees to that, with a
    notice); clips played through QtMultimedia, else through a command-line player; else
    captions only, whose notice says why. The sound server, if one is up, is watched so that
    the voice waits for it when it goes away. Call on the GUI thread, with the Qt application
    already made. `installs`, `output` and `find_server` are for tests.
    """
    try:
        return CoachVoice(clock, options, cache_dir, renderer_starter(installs), output, server=find_server())
    except (SpeechUnavailable, OutputUnavailable) as unavailable:
        log.warning("voice off: %s", unavailable.reason)
        return CaptionsOnlyVoice(off_notice(unavailable.reason))
