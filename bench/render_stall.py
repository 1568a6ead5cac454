"""The longest the window's GUI thread stalls while the voice renders a routine's clips.

A heartbeat (a precise QTimer every 10 ms) runs in the app's own process, beside the real window
(`build_window`, offscreen) and the real voice (`create_voice`) with each engine, from an empty
clip cache: the window selects *Quick relief* and the voice renders every line it may say, as
it does when the app opens. Every gap between two beats is recorded until the last clip is
ready; then, as the baseline, the same heartbeat on the same window, idle, for as long again. A
fresh process a run, RUNS runs an engine; the table gives the median of each run's longest gap
and of its 99th percentile, with their min–max.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table

RUNS = 3
BEAT_MS = 10
ROUTINE = "quick-relief"
GOAL = "≤ 66 ms"
"""A frame of the session's fastest motion (~15 frames a second): a longer stall would show as a
stutter of the ring or the figure, had a session been running."""

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from stretchcoach.core.clock import SystemClock
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.choose_voice import create_voice
from stretchcoach.speech.coach_voice import CoachVoice
from stretchcoach.speech.line_fitting import forms
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window

engine, cache, routine, beat = VoiceEngine(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
app = QApplication(sys.argv[:1])
clock = SystemClock()
options = VoiceOptions(engine=engine)
voice = create_voice(clock, options, cache)
assert isinstance(voice, CoachVoice), "no voice on this machine"
settings = Settings(safety_notice_seen=True, voice=options, last_routine=routine)
window = build_window(LoadedSettings(settings, ()), load_catalog(), History(), clock, voice)
window.resize(1280, 800)
window.show()
gaps = []
elapsed = QElapsedTimer()
heartbeat = QTimer()
heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
heartbeat.setInterval(beat)

def on_beat():
    gaps.append(elapsed.nsecsElapsed() / 1e6)
    elapsed.restart()

heartbeat.timeout.connect(on_beat)

def measure(done):
    # The gaps between beats, in ms, from now until done(), in an event loop like the app's.
    gaps.clear()
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(50)
    check.timeout.connect(lambda: loop.quit() if done() else None)
    started = time.monotonic()
    elapsed.start()
    heartbeat.start()
    check.start()
    loop.exec()
    heartbeat.stop()
    check.stop()
    return list(gaps), time.monotonic() - started

plan = window.picker.row(routine).plan
mode = options.mode
wanted = set(plan.texts()) | {line for scheduled in plan.schedule for line in forms(scheduled.cue, mode)}
assert window.picker.selected_row().key == routine
rendering, seconds = measure(lambda: all(voice.clip(text) is not None for text in wanted) or voice.off_reason)
assert voice.off_reason is None, voice.off_reason
deadline = time.monotonic() + seconds
idle, _ = measure(lambda: time.monotonic() >= deadline)
print(json.dumps({"rendering": rendering, "idle": idle, "seconds": seconds}))
voice.shutdown()
"""


def run_once(engine: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHCOACH_HOME=home)
        cache = Path(home, "clips")
        result = subprocess.run(
            [sys.executable, "-c", CHILD, engine, str(cache), ROUTINE, str(BEAT_MS)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def p99(gaps: list[float]) -> float:
    ordered = sorted(gaps)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def cell(values: list[float]) -> tuple[str, str]:
    return f"{statistics.median(values):.1f}", f"{min(values):.1f}–{max(values):.1f}"


def main() -> None:
    rows = []
    for engine, name in (("natural", "natural voice"), ("espeak", "espeak-ng")):
        runs = [run_once(engine) for _ in range(RUNS)]
        for label, summary in (("longest gap", max), ("p99 gap", p99)):
            during = [summary(run["rendering"]) for run in runs]
            idle = [summary(run["idle"]) for run in runs]
            median, spread = cell(during)
            rows.append(
                [
                    f"{name}: {label} while clips render (ms)",
                    median,
                    spread,
                    f"idle window {cell(idle)[0]} ({cell(idle)[1]})",
                    f"{statistics.median(during) / statistics.median(idle):.1f}×",
                    GOAL if label == "longest gap" else "",
                ]
            )
        seconds = [float(run["seconds"]) for run in runs]
        rows.append([f"{name}: rendering {ROUTINE} from an empty cache (s)", *cell(seconds), "", "", ""])
    print_table(
        f"GUI-thread stalls: a {BEAT_MS} ms heartbeat beside the real window while the voice renders "
        f"every line of {ROUTINE} ({RUNS} runs an engine, a fresh process each, offscreen)",
        ["figure", "median", "min–max", "baseline, same run", "ratio", "goal"],
        rows,
    )


if __name__ == "__main__":
    main()
