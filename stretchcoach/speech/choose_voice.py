"""Making the app's voice: the best one this machine allows, down to captions alone."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from stretchcoach.core.clock import Clock
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.speech.clip_players import OutputUnavailable, open_output
from stretchcoach.speech.coach_voice import CoachVoice, OutputFactory, off_notice
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, usable_installs
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.renderer_protocol import SpeechUnavailable
from stretchcoach.speech.voice_protocol import Voice

log = logging.getLogger(__name__)


def create_voice(
    clock: Clock,
    options: VoiceOptions,
    cache_dir: Path,
    *,
    installs: Sequence[EspeakInstall] | None = None,
    output: OutputFactory = open_output,
) -> Voice:
    """The voice for a session run on `clock` (the engine's), caching clips in `cache_dir`.

    Walks the fallbacks: clips played through QtMultimedia; else through a command-line player;
    else captions only, whose notice says why. Call on the GUI thread, with the Qt application
    already made. `installs` and `output` are for tests.
    """
    try:
        usable = usable_installs(installs)
        return CoachVoice(clock, options, cache_dir, partial(start_espeak, usable), output)
    except (SpeechUnavailable, OutputUnavailable) as unavailable:
        log.warning("voice off: %s", unavailable.reason)
        return CaptionsOnlyVoice(off_notice(unavailable.reason))
