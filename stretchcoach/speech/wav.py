"""Small WAV chores with the standard library: trim a rendered phrase, measure it, make a tick.

Every clip the coach plays goes through `trim_silence`, so its first audible sample sits a fixed
`LEAD_IN` after the start of the file: the player can then aim that sample, not the file's start,
at the cue's instant.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

SILENCE_LEVEL = 32
"""Samples at or below this magnitude (about -60 dBFS) count as silence; espeak pads with zeros."""
LEAD_IN = 0.002
"""Silence kept before the first audible sample, so no attack is ever cut."""
TAIL = 0.05
"""Silence kept after the last audible sample, so no fading consonant is ever cut."""


class AudioError(ValueError):
    """A WAV file that is not the 16-bit mono PCM the coach renders."""


@dataclass(frozen=True, slots=True)
class Sound:
    samples: array[int]
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def rms(self) -> float:
        """Root mean square as a fraction of full scale."""
        if not self.samples:
            return 0.0
        return math.sqrt(sum(s * s for s in self.samples) / len(self.samples)) / 32768

    def audible_span(self) -> tuple[int, int] | None:
        """Index of the first audible sample and one past the last, or None for pure silence."""
        samples = self.samples
        first = next((i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL), None)
        if first is None:
            return None
        last = next(i for i in range(len(samples) - 1, first - 1, -1) if abs(samples[i]) > SILENCE_LEVEL)
        return first, last + 1


def read_wav(path: Path) -> Sound:
    try:
        with wave.open(str(path), "rb") as reader:
            if reader.getsampwidth() != 2 or reader.getnchannels() != 1:
                raise AudioError(f"{path.name}: expected 16-bit mono, got {reader.getparams()}")
            frames = reader.readframes(reader.getnframes())
            rate = reader.getframerate()
    except (wave.Error, EOFError) as error:
        raise AudioError(f"{path.name}: not a WAV file ({error})") from None
    samples = array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return Sound(samples, rate)


def write_wav(path: Path, sound: Sound) -> None:
    samples = array("h", sound.samples)
    if sys.byteorder == "big":
        samples.byteswap()
    with path.open("wb") as handle, wave.open(handle, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sound.rate)
        writer.writeframes(samples.tobytes())


def save_wav(path: Path, sound: Sound) -> None:
    """Write a WAV under a temporary name, then rename it into place, so a crash or a reader
    never meets half a file under the real name (the cache trusts any file it finds)."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write_wav(staging, sound)
        staging.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()


def wav_seconds(path: Path) -> float:
    """A WAV's length from its header alone."""
    try:
        with wave.open(str(path), "rb") as reader:
            return reader.getnframes() / reader.getframerate()
    except (wave.Error, EOFError) as error:
        raise AudioError(f"{path.name}: not a WAV file ({error})") from None


def trim_silence(sound: Sound) -> Sound:
    """Cut leading and trailing silence down to `LEAD_IN` and `TAIL`."""
    span = sound.audible_span()
    if span is None:
        raise AudioError("the phrase rendered as pure silence")
    first, end = span
    start = max(0, first - round(LEAD_IN * sound.rate))
    stop = min(len(sound.samples), end + round(TAIL * sound.rate))
    return Sound(sound.samples[start:stop], sound.rate)


def tick(rate: int = 22050, *, click: float = 0.03, length: float = 0.15, level: float = 0.25) -> Sound:
    """A soft wooden click: a short tone under a fast decay, loudest on its very first sample.

    Silence pads it to `length`: QSoundEffect lost a bare 30 ms click the first time it played
    it (five clicks heard of six, run after run), and never lost one padded past 80 ms.
    """
    pitch = 1800.0
    count = round(click * rate)
    decay = 5.0 / count
    samples = array(
        "h",
        (
            round(32767 * level * math.exp(-decay * i) * math.cos(2 * math.pi * pitch * i / rate))
            for i in range(count)
        ),
    )
    samples.extend([0] * max(0, round(length * rate) - count))
    return Sound(samples, rate)
