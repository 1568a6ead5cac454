"""How long the history page takes to open with 10 years of daily sessions.

Opening means what Ctrl+H does, up to a painted page: read every session from SQLite, compute
the streak, the month's minutes and the pain points, fill the list and paint it all (a grab of
the page forces the paint). The baseline, in the same run and process, is the same with an
empty history. Goal: at most 300 ms for 10 years (3,650 sessions, ~14,000 exercise rows).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STRETCHCOACH_HOME"] = tempfile.mkdtemp(prefix="stretchcoach-bench-")

from PySide6.QtWidgets import QApplication

from bench._table import print_table
from bench.history_samples import sample_sessions
from stretchcoach.core.clock import FakeClock
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.timer import ManualTimer

RUNS = 9
GOAL_MS = 300.0
YEARS = 10


class _Awake:
    def set_inhibited(self, wanted: bool) -> None: ...

    def release(self) -> None: ...


def window_with(history: History) -> MainWindow:
    window = build_window(
        LoadedSettings(Settings(safety_notice_seen=True)),
        load_catalog(),
        history,
        FakeClock(),
        CaptionsOnlyVoice(),
        timer=ManualTimer(),
        inhibitor=_Awake(),
    )
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    return window


def open_page_ms(window: MainWindow) -> list[float]:
    samples = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        window.history_action.trigger()
        window.history_page.grab()
        samples.append((time.perf_counter() - started) * 1000)
        assert window.pages.currentWidget() is window.history_page
        window.on_done()
        QApplication.processEvents()
    return samples[1:]  # the first opening warms SQLite's page cache and Qt's glyph caches


def main() -> None:
    app = QApplication([])
    folder = Path(os.environ["STRETCHCOACH_HOME"])
    empty = History(folder / "empty.sqlite3")
    full = History(folder / "ten-years.sqlite3")
    sessions = sample_sessions(YEARS * 365, date.today(), every_day=True)
    full.record_all(sessions)
    full.flush(timeout=120)
    rows = []
    medians = {}
    for name, history in (("empty history (baseline)", empty), (f"{YEARS} years, daily", full)):
        window = window_with(history)
        samples = open_page_ms(window)
        assert len(window.history_page.records) == (0 if history is empty else len(sessions))
        medians[name] = statistics.median(samples)
        rows.append(
            [name, f"{len(window.history_page.records)}", f"{medians[name]:.0f}", f"{max(samples):.0f}"]
        )
        window.close()
    base = medians["empty history (baseline)"]
    for row in rows:
        row.append(f"{medians[row[0]] / base:.1f}×" if row[0] != "empty history (baseline)" else "baseline")
    print_table(
        f"Opening the history page (Ctrl+H to painted), median of {RUNS} runs, offscreen",
        ["history", "sessions", "median ms", "worst ms", "vs baseline"],
        rows,
    )
    worst = medians[f"{YEARS} years, daily"]
    print(f"goal ≤ {GOAL_MS:.0f} ms: {'met' if worst <= GOAL_MS else 'MISSED'} ({worst:.0f} ms)")
    app.quit()


if __name__ == "__main__":
    main()
