"""Rendering phrases with a started espeak-ng: voices, rate, and one phrase at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech import pronunciation
from stretchcoach.speech.espeak.binding import EspeakError
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, EspeakRuntime, load_first
from stretchcoach.speech.renderer_protocol import DEFAULT_STYLE, Style, SynthesisError, VoiceInfo
from stretchcoach.speech.wav import Sound

DEFAULT_VOICE = "gmw/en"
"""espeak-ng's own default English, British; used when the user has chosen none. Its American
English was heard better by an offline recogniser (`bench/intelligibility.py`: 15.8 % of the
words misheard against 18.3 %, both with the respellings) but speaks up to 0.25 s longer than
the planner's speech-time model allows at 120 words a minute (`bench/line_lengths.py`), which
was fitted on this voice."""


_lock = threading.Lock()
"""espeak-ng keeps one state per process: one caller at a time, whatever thread it is on."""


class EspeakRenderer:
    """Renders phrases to samples: the app's `Renderer` when the voice is espeak-ng."""

    def __init__(self, runtime: EspeakRuntime) -> None:
        self.engine_id = f"{runtime.engine_id}, respellings {pronunciation.digest(VoiceEngine.ESPEAK)}"
        self._espeak = runtime.espeak
        with _lock:
            self._voices = tuple(
                VoiceInfo(voice.identifier, voice.name, voice.languages) for voice in self._espeak.voices()
            )
        english = [voice.id for voice in self._voices if voice.is_english]
        self.default_voice = self.voice_id(DEFAULT_VOICE) or next(iter(english), DEFAULT_VOICE)

    def voices(self) -> tuple[VoiceInfo, ...]:
        return self._voices

    def voice_id(self, voice: str) -> str | None:
        """The id of the voice `voice` names, as espeak spells it, or None; case is ignored.

        Besides a full id (`gmw/en-US`) it takes the short forms people type and other tools
        print: the id without its language family (`en-us`), or the language a voice is for
        first (`en-gb`, which is `gmw/en`). A full id wins over a short form, and an id over a
        language.
        """
        wanted = voice.casefold()
        keys: tuple[Callable[[VoiceInfo], str], ...] = (
            lambda known: known.id,
            lambda known: known.id.rpartition("/")[2],
            lambda known: known.languages[0] if known.languages else "",
        )
        for key in keys:
            found = next((known.id for known in self._voices if key(known).casefold() == wanted), None)
            if found is not None:
                return found
        return None

    def render(self, text: str, style: Style = DEFAULT_STYLE) -> Sound:
        """`text` spoken in `style`; its empty voice means espeak's default English."""
        if not text.strip():
            raise SynthesisError("nothing to say")
        with _lock:
            try:
                self._espeak.set_voice(style.voice or self.default_voice)
                self._espeak.set_rate(style.rate)
                samples = self._espeak.synthesize(pronunciation.spoken(text, VoiceEngine.ESPEAK))
            except EspeakError as error:
                raise SynthesisError(f"espeak-ng could not say {text!r}: {error}") from None
        return Sound(samples, self._espeak.sample_rate)

    def close(self) -> None:
        """Nothing to let go: a process can start espeak-ng only once, so it stays loaded."""


def start_espeak(installs: Sequence[EspeakInstall]) -> EspeakRenderer:
    """The renderer of the first of `installs` that really starts; raises SpeechUnavailable.

    Slow (it starts a child process to try each install): call it on the synthesis worker.
    """
    return EspeakRenderer(load_first(installs))
