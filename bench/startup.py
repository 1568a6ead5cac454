"""How long the app and the command line take to start, and how much memory they use.

Each command runs under `/usr/bin/time -v` several times; the table gives the median wall time
and peak RSS, with a baseline measured in the same run: a bare `python -c pass` for the command
line, and a bare Qt window shown and closed for the app.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table

RUNS = 7
BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""
APP_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stretchcoach.core.clock import SystemClock
from stretchcoach.speech.deferred_voice import DeferredVoice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import load_settings
from stretchcoach.ui.launch import make_voice, build_window
app = QApplication([])
loaded = load_settings()
clock = SystemClock()
voice = DeferredVoice(lambda options: make_voice(clock, options), loaded.settings.voice)
window = build_window(loaded, load_catalog(), History(), clock, voice)
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
voice.shutdown()
"""


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall time (perf_counter around the child; GNU time only counts 10 ms) and peak RSS."""
    walls, rss = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env, check=True
        )
        walls.append(time.perf_counter() - started)
        memory = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
        assert memory, result.stderr
        rss.append(int(memory.group(1)) / 1024)
    return statistics.median(walls), statistics.median(rss)


def main() -> None:
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time: apt-get install time")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHCOACH_HOME=tempfile.mkdtemp())
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, not at every start
    python = sys.executable
    script = str(Path(python).with_name("stretchcoach"))
    pairs = [
        ("python -c pass", [python, "-c", "pass"], None),
        ("stretchcoach routines", [script, "routines"], "python -c pass"),
        ("stretchcoach plan physio-ten --json", [script, "plan", "physio-ten", "--json"], "python -c pass"),
        ("bare Qt window", [python, "-c", BARE_WINDOW], None),
        ("app window (the voice made after it)", [python, "-c", APP_WINDOW], "bare Qt window"),
    ]
    results: dict[str, tuple[float, float]] = {}
    rows = []
    for name, command, baseline in pairs:
        results[name] = measure(command, env)
        wall, rss = results[name]
        ratio = f"{wall / results[baseline][0]:.1f}×" if baseline else "baseline"
        rows.append([name, f"{wall * 1000:.0f}", ratio, f"{rss:.0f}"])
    print_table(
        f"Start-up, median of {RUNS} runs (offscreen)",
        ["command", "wall ms", "vs baseline", "peak RSS MiB"],
        rows,
    )


if __name__ == "__main__":
    main()
