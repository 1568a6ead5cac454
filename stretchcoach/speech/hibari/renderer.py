"""The natural voice as a `Renderer`: hibari-tts rendering in a child process (`render_process`).

Measured with every line of *Five stretches* ready (`bench/voice_engines.py`): the app's process
holds 65 MiB with espeak-ng, and 254 MiB with hibari loaded into it; with hibari in its render
process, 63 MiB (and the child 207 MiB, which a crash in onnxruntime takes down alone). The child
takes about 1.5 s to start (imports, model, phoneme tables), on the synthesis worker, and a line
then takes 50-100 ms. The worker starts it for the first line the natural voice is asked for,
and closes it when the voice is turned off or espeak-ng chosen (`SynthesisWorker.keep_only`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import select
import subprocess
import sys
import time
from array import array
from collections.abc import Sequence
from typing import Any

from stretchcoach.core import wording
from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech import pronunciation
from stretchcoach.speech.renderer_protocol import (
    DEFAULT_STYLE,
    SpeechUnavailable,
    Style,
    SynthesisError,
    VoiceInfo,
)
from stretchcoach.speech.wav import Sound

VOICE = "heart"
"""The one voice inside the wheel; hibari's other voices are downloads, which the app never makes."""
VOICE_NAME = "Natural (American English)"
VOICES = (VoiceInfo(VOICE, VOICE_NAME, ("en-us",)),)
START_SECONDS = 30.0
RENDER_SECONDS = 20.0
"""A line takes about 0.1 s; a child this slow has hung, and is given up."""
WORDS_A_MINUTE_AT_SPEED_1 = 158.0
"""The rate that is hibari's speed 1.0. The planner gives each line the time its speech-time
model (fitted on espeak-ng) says it takes at the chosen rate, so this is set for the natural
voice's lines to fit that time: over the built-in lines, none outlasts it at 160 words a minute,
2 of 200 do at 200 (by 0.02 s) and 3 of 170 at 120 (by 0.14 s at most). Overall that makes the
natural voice about 10 % quicker than espeak-ng at the same rate (it takes as long as espeak-ng
at 176 words a minute), because its short lines ("Six. Left leg.") are its slow ones."""
SPEEDS = (0.5, 2.0)
"""The speeds hibari accepts."""
COUNT_SPEED = 0.8
"""The slowest a countdown word is said. At 80 words a minute (speed 0.51) hibari draws "Three."
out to 1.1 s, and "three, two, one" falls one second apart; from 0.8 up every count word lasts
under 0.75 s, as espeak-ng's do at 80."""


def natural_installed() -> bool:
    """Whether hibari-tts and its runtime are installed, found without importing them (slow, and large)."""
    return all(importlib.util.find_spec(name) is not None for name in ("hibari", "onnxruntime", "numpy"))


def speed_for(text: str, rate: int) -> float:
    """hibari's speed for saying `text` at `rate` words a minute (`VoiceOptions.rate`)."""
    low, high = SPEEDS
    speed = min(high, max(low, rate / WORDS_A_MINUTE_AT_SPEED_1))
    return max(speed, COUNT_SPEED) if text in wording.COUNT_WORDS else speed


def render_command() -> list[str]:
    return [sys.executable, "-m", "stretchcoach.speech.hibari.render_process"]


class HibariRenderer:
    """Renders phrases in the natural voice through its render process; one caller at a time
    (the synthesis worker). `command` starts the child (tests give a broken one)."""

    default_voice = VOICE

    def __init__(self, command: Sequence[str] | None = None) -> None:
        environment = dict(os.environ, OMP_NUM_THREADS="1", HIBARI_HOME=os.devnull)
        # HIBARI_HOME names no folder, so nothing can be downloaded into or loaded from one.
        try:
            self._process = subprocess.Popen(
                list(command or render_command()),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                bufsize=0,
            )
        except OSError as error:
            raise SpeechUnavailable(f"the natural voice could not be started ({error.strerror})") from None
        self._buffer = b""
        try:
            hello = self._message(START_SECONDS)
        except SynthesisError as error:
            self.close()
            raise SpeechUnavailable(f"the natural voice did not start: {error}") from None
        if "error" in hello:
            self.close()
            raise SpeechUnavailable(str(hello["error"]))
        self.engine_id = f"{hello['ready']}, respellings {pronunciation.digest(VoiceEngine.NATURAL)}"
        self.sample_rate = int(hello["rate"])

    def voices(self) -> tuple[VoiceInfo, ...]:
        return VOICES

    def voice_id(self, voice: str) -> str | None:
        return VOICE if voice.casefold() == VOICE else None

    def render(self, text: str, style: Style = DEFAULT_STYLE) -> Sound:
        """`text` at `style.rate`; the style's voice is always the one natural voice."""
        if not text.strip():
            raise SynthesisError("nothing to say")
        spoken = pronunciation.spoken(text, VoiceEngine.NATURAL)
        request = {"text": spoken, "speed": speed_for(text, style.rate)}
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
        except OSError:
            raise SynthesisError(f"the natural voice has stopped ({self._ended()})") from None
        deadline = time.monotonic() + RENDER_SECONDS
        reply = self._message(deadline - time.monotonic())
        if "error" in reply:
            raise SynthesisError(f"the natural voice could not say {text!r}: {reply['error']}")
        samples = array("h")
        samples.frombytes(self._read(int(reply["bytes"]), deadline))
        if sys.byteorder == "big":
            samples.byteswap()
        return Sound(samples, self.sample_rate)

    def close(self) -> None:
        """End the render process (it also ends by itself when the app does)."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _message(self, seconds: float) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while b"\n" not in self._buffer:
            self._fill(deadline)
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            message = json.loads(line)
        except ValueError:
            raise SynthesisError(f"the natural voice said something unexpected: {line[:80]!r}") from None
        if not isinstance(message, dict):
            raise SynthesisError(f"the natural voice said something unexpected: {line[:80]!r}")
        return message

    def _read(self, count: int, deadline: float) -> bytes:
        while len(self._buffer) < count:
            self._fill(deadline)
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def _fill(self, deadline: float) -> None:
        """Read what the child has sent so far, waiting until `deadline` at most."""
        stdout = self._process.stdout
        assert stdout is not None
        left = deadline - time.monotonic()
        ready, _, _ = select.select([stdout], [], [], max(0.0, left))
        if not ready:
            self._process.kill()
            raise SynthesisError("the natural voice did not answer in time")
        chunk = os.read(stdout.fileno(), 1 << 16)
        if not chunk:
            raise SynthesisError(f"the natural voice has stopped ({self._ended()})")
        self._buffer += chunk

    def _ended(self) -> str:
        try:
            status = self._process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return "it no longer listens"
        return f"signal {-status}" if status < 0 else f"status {status}"


def start_hibari() -> HibariRenderer:
    """The natural voice, started; raises SpeechUnavailable with a reason if it cannot be.

    Slow (about a second: the child imports onnxruntime and loads the model): call it on the
    synthesis worker.
    """
    if not natural_installed():
        raise SpeechUnavailable("the natural voice (hibari-tts) is not installed")
    return HibariRenderer()
