"""The two voice engines side by side: render time per built-in routine, loudness, and the app's memory.

Render time: every line a session of the routine may say (each cue's full and brief forms, the
plan's other lines, the count words), rendered, levelled, trimmed and written as the synthesis
worker does, into an empty cache. Loudness: the speech level (`wav.speech_level`) and peak of
those clips. Memory: a process like the app's (Qt, QtMultimedia, a `CoachVoice`) once every line
of *Five stretches* is ready, with each engine; with the voice off (3 s after choosing the
routine: nothing is rendered); after switching from the natural voice to espeak-ng (its render
process gone); and "natural in-process", which loads hibari into that process instead of its
render process, the alternative the render process was chosen over.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from stretchcoach.core.builtin import ORDER, builtin_routine
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.coach_voice import NUMBER_LINES
from stretchcoach.speech.espeak.bootstrap import load_espeak, locate_espeak
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.hibari.renderer import start_hibari
from stretchcoach.speech.line_fitting import forms
from stretchcoach.speech.renderer_protocol import Renderer, Style
from stretchcoach.speech.wav import read_wav, speech_level

APP_LIKE = r"""
import os, sys, time
from array import array
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
import PySide6.QtMultimedia  # noqa: F401  the app loads it for its sound output
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import SystemClock
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.choose_voice import renderer_starter
from stretchcoach.speech.coach_voice import CoachVoice
from stretchcoach.speech.renderer_protocol import VoiceInfo
from stretchcoach.speech.wav import Sound

class Silent:
    latency = 0.04
    name = "silent"
    def preload(self, clip): pass
    def play(self, clip, volume): pass
    def click(self, clip, volume): pass
    def stop(self): pass
    def close(self): pass

class InProcessHibari:
    def __init__(self):
        from hibari import Hibari
        import numpy
        self._numpy = numpy
        self._tts = Hibari(threads=1)
        self.engine_id, self.default_voice = "hibari in-process", "heart"
    def voices(self): return (VoiceInfo("heart", "Natural", ("en-us",)),)
    def voice_id(self, voice): return None
    def render(self, text, style):
        audio = self._tts(text, speed=style.rate / 158.0, seed=0)
        pcm = (self._numpy.clip(audio, -1, 1) * 32767).astype("<i2")
        return Sound(array("h", pcm.tobytes()), 24000)
    def close(self): pass

def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0

def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found

def settle(done, seconds):
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    QCoreApplication.processEvents()

mode = sys.argv[1]
app = QApplication([])
plan = build_plan(builtin_routine("five-stretches"))
engine = VoiceEngine.ESPEAK if mode == "espeak" else VoiceEngine.NATURAL
options = VoiceOptions(engine=engine, enabled=mode != "off")
start = renderer_starter() if mode != "natural-in-process" else (lambda _engine: InProcessHibari())
voice = CoachVoice(SystemClock(), options, Path(sys.argv[2]), start, lambda _: Silent())
voice.prepare(plan)
wanted = plan.texts()
ready = lambda: all(voice.clip(text) for text in wanted)
settle(lambda: False, 3) if mode == "off" else settle(ready, 300)
if mode == "natural, then espeak":
    voice.set_options(VoiceOptions(engine=VoiceEngine.ESPEAK))
    settle(lambda: ready() and not children(os.getpid()), 60)
kids = children(os.getpid())
print(rss_mb(os.getpid()), sum(rss_mb(pid) for pid in kids), len(kids), flush=True)
voice.shutdown()
"""


def session_lines(routine_id: str) -> list[str]:
    plan = build_plan(builtin_routine(routine_id))
    mode = VoiceOptions().mode
    lines = dict.fromkeys(line for scheduled in plan.schedule for line in forms(scheduled.cue, mode))
    lines.update(dict.fromkeys(sorted(plan.texts())))
    lines.update(dict.fromkeys(NUMBER_LINES))
    return list(lines)


def render_all(renderer: Renderer, lines: list[str], folder: Path) -> tuple[float, float, list[Path]]:
    cache = ClipCache(folder, renderer.engine_id)
    started = time.perf_counter()
    clips = [cache.get(text, Style(), renderer.render) for text in lines]
    return time.perf_counter() - started, sum(clip.seconds for clip in clips), [clip.path for clip in clips]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f} to {max(values):.1f})"


def main() -> int:
    engines: dict[str, Renderer] = {
        "natural": start_hibari(),
        "espeak-ng": EspeakRenderer(load_espeak(locate_espeak())),
    }
    rows: list[list[str]] = []
    levels: dict[str, list[float]] = {name: [] for name in engines}
    rms: dict[str, list[float]] = {name: [] for name in engines}
    peaks: dict[str, list[float]] = {name: [] for name in engines}
    clipped = dict.fromkeys(engines, 0)
    for routine_id in ORDER:
        lines = session_lines(routine_id)
        for name, renderer in engines.items():
            with tempfile.TemporaryDirectory() as folder:
                seconds, audio, paths = render_all(renderer, lines, Path(folder))
                for path in paths:
                    sound = read_wav(path)
                    levels[name].append(speech_level(sound))
                    rms[name].append(20 * math.log10(sound.rms()))
                    peak = max(abs(s) for s in sound.samples)
                    peaks[name].append(20 * math.log10(peak / 32768))
                    clipped[name] += sum(abs(s) >= 32767 for s in sound.samples)
            rows.append(
                [
                    routine_id,
                    name,
                    str(len(lines)),
                    f"{audio:.0f}",
                    f"{seconds:.2f}",
                    f"{audio / seconds:.0f}x",
                ]
            )
    for renderer in engines.values():
        renderer.close()
    print_table(
        "Render time per routine (every line, into an empty cache)",
        ["routine", "engine", "lines", "audio s", "render s", "x realtime"],
        rows,
    )
    loudness = [
        [
            name,
            str(len(levels[name])),
            spread(levels[name]),
            spread(rms[name]),
            spread(peaks[name]),
            str(clipped[name]),
        ]
        for name in engines
    ]
    print_table(
        "Loudness of the finished clips of every routine, dBFS: median (min to max)",
        ["engine", "clips", "speech level (gated)", "RMS (whole clip)", "peak", "clipped samples"],
        loudness,
    )
    memory = []
    for mode in ("off", "espeak", "natural", "natural, then espeak", "natural-in-process"):
        with tempfile.TemporaryDirectory() as folder:
            result = subprocess.run(
                [sys.executable, "-c", APP_LIKE, mode, folder],
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
        app, child, count = (float(value) for value in result.stdout.split())
        memory.append([mode, f"{app:.0f}", f"{child:.0f}" if child else "-", f"{count:.0f}"])
    print_table(
        "RSS with every line of five-stretches ready (MiB)",
        ["engine", "app process", "render process", "render processes"],
        memory,
    )
    print(json.dumps({"levels": {name: statistics.median(values) for name, values in levels.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
