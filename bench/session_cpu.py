"""The CPU a running session costs while you lie there, under a real X server (Xvfb + openbox)
with the voice playing to a PulseAudio null sink, beside the app idle on its picker.

Two kinds of minute cost differently: reps (the figure moves, the ring sweeps a turn a beat)
and a long hold (the ring creeps on, the digits change once a second). Each is measured on a
built-in routine, over a window that lies inside that kind of phase:

- reps: `quick-relief --start`, from 42 s to 82 s after the process starts (its pelvic tilts
  run from 36 s to 84 s of the session, which starts a second or two after the process);
- hold: `five-stretches --start`, 40–80 s (its first hold runs from 31 s to 91 s);
- baseline: the app on its picker, 40–80 s.

CPU is the process's utime + stime from /proc over the window; Xvfb's share over the same
window shows what the app's drawing costs the X server. Rounds are interleaved, so the shared
machine's noise falls on every scenario alike; the table gives medians and the spread.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from bench.window_costs import _cpu, app_environment, start_display, start_sound

WINDOW = (40.0, 80.0)
"""Seconds after the process starts: the span each scenario is measured over."""
SCENARIOS = {
    "reps (quick-relief, pelvic tilts)": ["--routine", "quick-relief", "--start"],
    "hold (five-stretches, first 60 s hold)": ["--routine", "five-stretches", "--start"],
    "idle on the picker (baseline)": [],
}
GOAL = 1.0
"""Per cent of a core, the illustration animating (issue 16)."""


def measure(command: list[str], env: dict[str, str], xserver: int) -> tuple[float, float]:
    """The app's and the X server's share of a core over WINDOW."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        time.sleep(max(0.0, started + WINDOW[0] - time.monotonic()))
        ours, theirs, at = _cpu(process.pid), _cpu(xserver), time.monotonic()
        time.sleep(max(0.0, started + WINDOW[1] - time.monotonic()))
        ours_after, theirs_after, until = _cpu(process.pid), _cpu(xserver), time.monotonic()
        return (ours_after - ours) / (until - at), (theirs_after - theirs) / (until - at)
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (default 2)")
    rounds = parser.parse_args().rounds
    server, manager, display = start_display()
    env = app_environment(display)
    app = [str(Path(sys.executable).with_name("stretchcoach"))]
    sound = start_sound(env)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in SCENARIOS}
    try:
        for _ in range(rounds):
            for name, arguments in SCENARIOS.items():
                results[name].append(measure([*app, *arguments], env, server.pid))
    finally:
        for process in (sound, manager, server):
            if process is not None:
                process.terminate()
    baseline = statistics.median(app for app, _ in results["idle on the picker (baseline)"])
    rows = []
    for name, samples in results.items():
        ours = [app * 100 for app, _ in samples]
        xvfb = [x * 100 for _, x in samples]
        is_baseline = name.endswith("(baseline)")
        rows.append(
            [
                name,
                f"{statistics.median(ours):.2f}",
                f"{min(ours):.2f}–{max(ours):.2f}",
                f"{statistics.median(xvfb):.2f}",
                "baseline" if is_baseline else f"+{statistics.median(ours) - baseline * 100:.2f} points",
                "" if is_baseline else f"≤ {GOAL:.1f} %",
            ]
        )
    seconds = WINDOW[1] - WINDOW[0]
    print_table(
        f"CPU of a running session, % of a core over {seconds:.0f} s, window 1280×800 under Xvfb, median of "
        f"{rounds} interleaved rounds; sound: {'a PulseAudio null sink' if sound is not None else 'none'}",
        ["what", "app", "min–max", "Xvfb", "vs the idle picker", "goal"],
        rows,
    )


if __name__ == "__main__":
    main()
