"""The clip cache: one file per text and style, written in one step, pruned by age."""

from __future__ import annotations

import errno
import os
import time
import wave
from array import array
from pathlib import Path

import pytest

from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import AudioError, Sound, read_wav


class Renderer:
    def __init__(self, *, fail: bool = False, silent: bool = False) -> None:
        self.calls: list[tuple[str, Style]] = []
        self.fail = fail
        self.silent = silent

    def __call__(self, text: str, style: Style) -> Sound:
        self.calls.append((text, style))
        if self.fail:
            raise RuntimeError("espeak fell over")
        level = 0 if self.silent else 3000
        return Sound(array("h", [0] * 500 + [level, -level] * (100 * len(text)) + [0] * 5000), 22050)


def test_a_phrase_is_rendered_once_then_found(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, "espeak-ng 1.52")
    render = Renderer()

    first = cache.get("Hold.", Style(), render)
    second = cache.get("Hold.", Style(), render)

    assert render.calls == [("Hold.", Style())]
    assert first == second
    assert read_wav(first.path).seconds == pytest.approx(first.seconds)
    assert cache.find("Hold.", Style()) == first
    assert cache.find("Rest.", Style()) is None


def test_voice_rate_and_engine_each_make_a_different_clip(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, "espeak-ng 1.52")
    paths = {
        cache.path_for("Hold.", Style()),
        cache.path_for("Hold.", Style(rate=200)),
        cache.path_for("Hold.", Style(voice="gmw/en-us")),
        ClipCache(tmp_path, "espeak-ng 1.51").path_for("Hold.", Style()),
        cache.path_for("Hold!", Style()),
    }

    assert len(paths) == 5
    assert all(path.parent == tmp_path for path in paths)


def test_a_failed_render_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, "espeak-ng 1.52")

    with pytest.raises(RuntimeError):
        cache.get("Hold.", Style(), Renderer(fail=True))
    with pytest.raises(AudioError):
        cache.get("Hold.", Style(), Renderer(silent=True))

    assert list(tmp_path.iterdir()) == []
    assert cache.find("Hold.", Style()) is None


def test_a_clip_whose_writing_breaks_off_is_never_found_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache trusts any file under a clip's name, so a disk that fills mid-write must leave none."""
    cache = ClipCache(tmp_path, "espeak-ng 1.52")

    def disk_full(writer: wave.Wave_write, data: bytes) -> None:
        writer.writeframesraw(bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(wave.Wave_write, "writeframes", disk_full)
        with pytest.raises(OSError, match="No space"):
            cache.get("Hold.", Style(), Renderer())

    assert cache.find("Hold.", Style()) is None
    assert list(tmp_path.iterdir()) == [], "no temporary file is left behind either"
    clip = cache.get("Hold.", Style(), Renderer())
    assert read_wav(clip.path).seconds == pytest.approx(clip.seconds)


def test_a_stale_temporary_file_is_never_taken_for_a_clip(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, "espeak-ng 1.52")
    real = cache.path_for("Hold.", Style())
    (real.parent / f".{real.stem}.999.tmp").write_bytes(b"RIFF half a file")

    assert cache.find("Hold.", Style()) is None


def test_pruning_drops_the_least_recently_used_clips_and_old_temporaries(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, "espeak-ng 1.52")
    render = Renderer()
    clips = [cache.get(text, Style(), render) for text in ("One.", "Two.", "Three.")]
    old = time.time() - 7200
    os.utime(clips[0].path, (old, old))
    leftover = tmp_path / ".abc.123.tmp"
    leftover.write_bytes(b"x")
    os.utime(leftover, (old, old))
    fresh = tmp_path / ".def.456.tmp"
    fresh.write_bytes(b"x")
    budget = sum(clip.path.stat().st_size for clip in clips[1:])

    removed = cache.prune(keep_bytes=budget)

    assert removed == 2
    assert not clips[0].path.exists()
    assert not leftover.exists()
    assert fresh.exists()
    assert all(clip.path.exists() for clip in clips[1:])
