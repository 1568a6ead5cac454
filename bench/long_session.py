"""RSS over two hours of sessions, the real window and widgets on a fast fake clock.

Sessions of `five-stretches` run back to back (each ~12 minutes of session time) in the real
window at 1920×1080, offscreen, driven like the event loop would: the clock jumps to each moment
the controller's timer asks for and the timer fires, and the window paints what changed. RSS is
sampled every 10 minutes of session time; the figure is how much it grew after the first
session (the caches of fonts and figure frames are full by then), against the RSS at that point.
The voice is the captions-only one: the window's memory, not the voice's, is what is measured here.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STRETCHCOACH_HOME"] = tempfile.mkdtemp()

from PySide6.QtWidgets import QApplication

from bench._table import print_table
from stretchcoach.core.clock import FakeClock
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.timer import ManualTimer

SESSION_SECONDS = 2 * 3600.0
SAMPLE_SECONDS = 600.0
ROUTINE = "five-stretches"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock, timer = FakeClock(), ManualTimer()
    history = History()
    window = build_window(
        LoadedSettings(Settings(safety_notice_seen=True), ()),
        load_catalog(),
        history,
        clock,
        CaptionsOnlyVoice(),
        timer=timer,
        ask_pain=False,
    )
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    controller = window.controller
    row = window.picker.row(ROUTINE)
    assert row is not None
    samples: list[tuple[float, float]] = []
    ran = 0.0
    next_sample = 0.0
    wakes = 0
    started = time.perf_counter()
    while ran < SESSION_SECONDS:
        if not controller.is_active:
            window.on_done()
            app.processEvents()
            assert window.start(row), "the session did not start"
        assert timer.interval is not None
        step = timer.interval / 1000
        clock.advance(step)
        ran += step
        timer.fire()
        wakes += 1
        app.processEvents()  # paints what changed, as the event loop would
        if ran >= next_sample:
            samples.append((ran, rss_mib()))
            next_sample += SAMPLE_SECONDS
    samples.append((ran, rss_mib()))
    wall = time.perf_counter() - started
    history.flush()
    settled = next(rss for at, rss in samples if at >= 900)
    peak = max(rss for _, rss in samples)
    growth = samples[-1][1] - settled
    print_table(
        f"RSS over {SESSION_SECONDS / 3600:.0f} h of {ROUTINE} sessions on a fast clock "
        f"(real widgets, 1920×1080 offscreen; {wakes} wakes in {wall:.0f} s)",
        ["figure", "median", "min–max", "baseline, same run", "ratio", "goal"],
        [
            [
                "RSS at the end (MiB)",
                f"{samples[-1][1]:.1f}",
                f"{min(r for _, r in samples):.1f}–{peak:.1f}",
                f"after 15 min {settled:.1f}",
                f"{growth:+.1f} MiB",
                "flat",
            ]
        ],
    )
    print("  session minute → RSS MiB: " + ", ".join(f"{at / 60:.0f}→{rss:.1f}" for at, rss in samples))
    window.close()


if __name__ == "__main__":
    main()
