"""Small WAV chores with the standard library: trim a rendered phrase, level it, measure it, make a tick.

Every clip the coach plays goes through `finish_clip`: `trim_silence`, so its onset (its first
sample above `ONSET_LEVEL`) sits a fixed `LEAD_IN` after the start of the file (the player can
then aim that sample, not the file's start, at the cue's instant), and `level_loudness`, so
every line of every engine is as loud as the next and switching engines does not jump in volume.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
import sys
import threading
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

SILENCE_LEVEL = 32
"""Samples at or below this magnitude (about -60 dBFS) count as silence; espeak pads with zeros."""
LEAD_IN = 0.002
"""Silence kept before a clip's onset (`ONSET_LEVEL`), so no attack is ever cut."""
ONSET_LEVEL = 104
"""Where a clip's sound starts: its first sample above this (-50 dBFS, 30 dB under the speech's
`TARGET_LEVEL`). hibari starts some words with a murmur at about -65 dBFS: trimmed at
`SILENCE_LEVEL`, "Two." kept 30 ms of it before the word and "Three." 3 ms, so "Two." was
heard 27 ms late on its beat. The murmur is inaudible at 2 m; cutting it makes every clip's
sound start `LEAD_IN` into its file."""
TAIL = 0.05
"""Silence kept after the last audible sample, so no fading consonant is ever cut."""
TARGET_LEVEL = -20.0
"""The speech level (`speech_level`, dBFS) every clip is brought to. Over the 199 lines of the
built-in routines espeak-ng speaks at -19.7 (median; -21.5 to -18.1) and hibari at -25.1 (-28.0 to
-24.2), with peaks at most 17 and 19 dB above that: -20 leaves espeak nearly as it is and lifts
the natural voice by 5 dB, with the peaks of both still under `PEAK_CEILING`."""
PEAK_CEILING = 0.89
"""No sample is made louder than this fraction of full scale (-1 dBFS): levelling never clips."""
GATE_LEVEL = -50.0
"""Blocks quieter than this (dBFS) are pauses, not speech, and do not count towards its level:
otherwise a line with a long pause between its sentences would be made louder than one without."""
BLOCK_SECONDS = 0.02
MIN_RATE = 8000
HEADER_BYTES = 44
"""What `write_wav` puts before the samples (RIFF, fmt and data chunk headers)."""
"""Below any rate a renderer produces; a header saying less (0, say) is damage."""


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


def speech_level(sound: Sound) -> float:
    """How loud the speech in `sound` is: the RMS (dBFS) of its 20 ms blocks above `GATE_LEVEL`,
    a simple form of the gating in EBU R 128; -inf for silence."""
    block = max(1, round(BLOCK_SECONDS * sound.rate))
    gate = (32768 * 10 ** (GATE_LEVEL / 20)) ** 2 * block
    energy, counted = 0, 0
    samples = sound.samples
    for start in range(0, len(samples), block):
        part = samples[start : start + block]
        total = sum(s * s for s in part)
        if total > gate * len(part) / block:
            energy += total
            counted += len(part)
    if counted == 0:
        return -math.inf
    return 20 * math.log10(math.sqrt(energy / counted) / 32768)


def level_loudness(sound: Sound, target: float = TARGET_LEVEL) -> Sound:
    """`sound` made `target` dBFS loud (`speech_level`), or as near as `PEAK_CEILING` allows."""
    level = speech_level(sound)
    peak = max((abs(s) for s in sound.samples), default=0)
    if peak == 0 or level == -math.inf:
        return sound
    gain = min(10 ** ((target - level) / 20), PEAK_CEILING * 32767 / peak)
    return Sound(array("h", (round(s * gain) for s in sound.samples)), sound.rate)


def finish_clip(sound: Sound) -> Sound:
    """A rendered phrase made into what the coach plays: levelled, then trimmed to its margins
    (in that order, so the margins are measured on the samples that will be heard).

    Raises AudioError for a phrase that came out silent."""
    return trim_silence(level_loudness(sound))


def read_wav(path: Path) -> Sound:
    try:
        with wave.open(str(path), "rb") as reader:
            if reader.getsampwidth() != 2 or reader.getnchannels() != 1 or reader.getframerate() < MIN_RATE:
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
    """A clip's length from its header, once the header is checked against the file.

    Raises AudioError for anything but a regular file holding the 16-bit mono PCM the coach
    renders, at a sample rate a player can use, with every frame the header counts: a cached
    clip that fails this is rendered again rather than played (or left to block on a pipe).
    """
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise AudioError(f"{path.name}: not a regular file")
    try:
        with wave.open(str(path), "rb") as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
            if reader.getsampwidth() != 2 or reader.getnchannels() != 1 or rate < MIN_RATE:
                raise AudioError(f"{path.name}: not a clip the coach made ({reader.getparams()})")
    except (wave.Error, EOFError) as error:
        raise AudioError(f"{path.name}: not a WAV file ({error})") from None
    if status.st_size < HEADER_BYTES + frames * 2:
        raise AudioError(f"{path.name}: cut short ({status.st_size} bytes for {frames} frames)")
    return frames / rate


def onset_index(sound: Sound) -> int | None:
    """The index of the first sample above `ONSET_LEVEL`, else of the first audible one; None for silence."""
    first = next((i for i, s in enumerate(sound.samples) if abs(s) > ONSET_LEVEL), None)
    if first is not None:
        return first
    span = sound.audible_span()
    return None if span is None else span[0]


def trim_silence(sound: Sound) -> Sound:
    """Cut what comes before the onset (`onset_index`) down to `LEAD_IN`, and trailing silence to `TAIL`."""
    span = sound.audible_span()
    first = onset_index(sound)
    if span is None or first is None:
        raise AudioError("the phrase rendered as pure silence")
    end = span[1]
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
