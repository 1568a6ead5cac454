"""Trimming, measuring and writing clips."""

from __future__ import annotations

import wave
from array import array
from pathlib import Path

import pytest

from stretchcoach.speech.wav import (
    LEAD_IN,
    SILENCE_LEVEL,
    TAIL,
    AudioError,
    Sound,
    onset_index,
    read_wav,
    tick,
    trim_silence,
    wav_seconds,
    write_wav,
)

RATE = 22050


def phrase(silence_before: float, speech: float, silence_after: float) -> Sound:
    """Silence, a ramp up and down standing in for speech, silence."""
    count = round(speech * RATE)
    voiced = [round(8000 * min(i, count - i) / count) * (1 if i % 2 else -1) for i in range(count)]
    voiced[0] = voiced[-1] = 5000
    zeros = [0] * round(silence_before * RATE), [0] * round(silence_after * RATE)
    return Sound(array("h", zeros[0] + voiced + zeros[1]), RATE)


def test_trimming_keeps_every_audible_sample_and_a_fixed_margin_either_side() -> None:
    raw = phrase(0.3, 1.0, 0.5)

    trimmed = trim_silence(raw)

    span = trimmed.audible_span()
    assert span == (round(LEAD_IN * RATE), len(trimmed.samples) - round(TAIL * RATE))
    raw_span = raw.audible_span()
    assert raw_span is not None
    assert list(trimmed.samples[span[0] : span[1]]) == list(raw.samples[raw_span[0] : raw_span[1]])
    assert trimmed.seconds == pytest.approx(1.0 + LEAD_IN + TAIL, abs=2 / RATE)


def test_a_clip_that_starts_at_once_loses_nothing() -> None:
    raw = phrase(0.0, 0.5, 0.2)

    assert trim_silence(raw).samples[0] == raw.samples[0] == 5000


def test_a_murmur_before_the_word_is_cut_so_every_word_starts_at_its_lead_in() -> None:
    """hibari's "Two." began with 30 ms at about -65 dBFS, kept by trimming at silence, and
    was heard that much later than "Three." on its beat."""
    word = phrase(0.2, 0.5, 0.2)
    murmur = array("h", [60, -60] * round(0.015 * RATE))
    quiet = Sound(array("h", [0] * 2000) + murmur + word.samples[round(0.2 * RATE) :], RATE)

    trimmed, plain = trim_silence(quiet), trim_silence(word)

    lead_in = round(LEAD_IN * RATE)
    assert onset_index(trimmed) == onset_index(plain) == lead_in
    assert list(trimmed.samples[lead_in:]) == list(plain.samples[lead_in:])


def test_pure_silence_is_an_error_not_an_empty_clip() -> None:
    with pytest.raises(AudioError, match="silence"):
        trim_silence(Sound(array("h", [SILENCE_LEVEL, -SILENCE_LEVEL] * 100), RATE))


def test_a_written_clip_reads_back_the_same(tmp_path: Path) -> None:
    sound = trim_silence(phrase(0.1, 0.4, 0.1))
    path = tmp_path / "clip.wav"

    write_wav(path, sound)

    again = read_wav(path)
    assert again == sound
    assert wav_seconds(path) == pytest.approx(sound.seconds)
    assert again.rms() == pytest.approx(sound.rms())
    assert 0.05 < sound.rms() < 0.2


def test_only_16_bit_mono_wavs_are_read(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(b"\0\0\0\0" * 10)
    (tmp_path / "junk.wav").write_bytes(b"not a wav")

    with pytest.raises(AudioError, match="mono"):
        read_wav(path)
    with pytest.raises(AudioError, match="not a WAV"):
        read_wav(tmp_path / "junk.wav")
    with pytest.raises(AudioError, match="not a WAV"):
        wav_seconds(tmp_path / "junk.wav")


def test_the_tick_is_short_soft_and_loudest_on_its_first_sample() -> None:
    click = tick()

    span = click.audible_span()
    assert span is not None and span[0] == 0
    assert span[1] / RATE == pytest.approx(0.03, abs=0.005)
    assert click.seconds == pytest.approx(0.15, abs=1 / RATE)
    peak = max(abs(sample) for sample in click.samples)
    assert abs(click.samples[0]) == peak
    assert peak < 0.3 * 32768
