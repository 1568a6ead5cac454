"""Rendered phrases on disk: one WAV per text, voice, rate and engine, never left half-written.

The engine in the key is the `engine_id` of the renderer that made the clip (its name, version
and data), not the engine asked for: each engine's clips live apart."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import AudioError, Sound, finish_clip, save_wav, wav_seconds

FORMAT = 3
"""Bump when the way clips are made changes (trimming, say), so old files are not reused.
2: every clip is levelled to one loudness (`wav.finish_clip`). 3: trimmed at its onset
(`wav.ONSET_LEVEL`), not at its first sample above silence."""
KEEP_BYTES = 200 * 1024 * 1024
STALE_SECONDS = 3600.0
"""A temporary file this old was left by a render that never finished."""


@dataclass(frozen=True, slots=True)
class Clip:
    text: str
    style: Style
    path: Path
    seconds: float


Render = Callable[[str, Style], Sound]
"""Speaks a text in a style."""


class ClipCache:
    def __init__(self, folder: Path, engine_id: str) -> None:
        self.folder = folder
        self.engine_id = engine_id

    def path_for(self, text: str, style: Style) -> Path:
        key = json.dumps([FORMAT, self.engine_id, style.voice, style.rate, text], ensure_ascii=False)
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.wav"

    def find(self, text: str, style: Style) -> Clip | None:
        path = self.path_for(text, style)
        try:
            seconds = wav_seconds(path)
        except (OSError, AudioError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return Clip(text, style, path, seconds)

    def get(self, text: str, style: Style, render: Render) -> Clip:
        """The cached clip, rendering it first if need be; raises what `render` raises, or AudioError
        for a phrase that came out silent."""
        found = self.find(text, style)
        if found is not None:
            return found
        sound = finish_clip(render(text, style))
        path = self.path_for(text, style)
        self.folder.mkdir(parents=True, exist_ok=True)
        save_wav(path, sound)
        return Clip(text, style, path, sound.seconds)

    def prune(self, keep_bytes: int = KEEP_BYTES) -> int:
        """Delete the least recently used clips beyond `keep_bytes`, and temporaries a crash left.

        Returns how many files went.
        """
        clips: list[tuple[os.stat_result, Path]] = []
        removed = 0
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                with contextlib.suppress(OSError):
                    status = entry.stat()
                    if entry.name.startswith("."):
                        if time.time() - status.st_mtime > STALE_SECONDS:
                            entry.unlink()
                            removed += 1
                    elif entry.suffix == ".wav":
                        clips.append((status, entry))
        clips.sort(key=lambda item: item[0].st_mtime, reverse=True)
        total = 0
        for status, entry in clips:
            total += status.st_size
            if total > keep_bytes:
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
        return removed
