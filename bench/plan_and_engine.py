"""How long it takes to load and plan each routine, and what a session costs the CPU.

Baselines measured in the same run: parsing the TOML alone (so the ratio is what validation and
planning add on top of reading the file), and reading the clock (what one engine tick costs
compared with the cheapest thing a tick must do).
"""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import median_seconds, print_table
from stretchcoach.core.builtin import resources_dir
from stretchcoach.core.clock import FakeClock, SystemClock
from stretchcoach.core.engine import SessionEngine
from stretchcoach.core.planner import build_plan
from stretchcoach.core.routine_file import parse_routine

FRAME = 0.05


def plan_rows() -> list[list[str]]:
    rows = []
    for path in sorted((resources_dir() / "routines").glob("*.toml")):
        data = path.read_bytes()
        toml, _ = median_seconds(lambda data=data: tomllib.loads(data.decode()))
        full, _ = median_seconds(lambda data=data, path=path: build_plan(parse_routine(data, str(path))))
        plan = build_plan(parse_routine(data, str(path)))
        rows.append(
            [
                path.stem,
                str(len(plan.phases)),
                f"{toml * 1e3:.2f}",
                f"{full * 1e3:.2f}",
                f"{full / toml:.1f}×",
            ]
        )
    return rows


def session_rows() -> list[list[str]]:
    rows = []
    system = SystemClock()
    clock_read, _ = median_seconds(lambda: [system.now() for _ in range(10_000)], repeats=9)
    for path in sorted((resources_dir() / "routines").glob("*.toml")):
        plan = build_plan(parse_routine(path.read_bytes(), str(path)))
        ticks = int(plan.total_seconds / FRAME) + 2

        def whole_session(plan=plan) -> None:
            clock = FakeClock()
            engine = SessionEngine(plan, clock)
            events: list[object] = []
            engine.subscribe(events.append)
            engine.start()
            while engine.state.is_active:
                clock.advance(FRAME)
                engine.tick()

        total, _ = median_seconds(whole_session, repeats=5, warmup=1)
        per_tick = total / ticks
        rows.append(
            [
                path.stem,
                f"{plan.total_seconds / 60:.1f}",
                str(ticks),
                f"{total * 1e3:.1f}",
                f"{per_tick * 1e6:.2f}",
                f"{per_tick / (clock_read / 10_000):.0f}×",
                f"{100 * per_tick / FRAME:.4f}",
            ]
        )
    return rows


def main() -> None:
    started = time.perf_counter()
    print_table(
        "Load + validate + plan each built-in routine (median of 15)",
        ["routine", "phases", "toml only ms", "load+plan ms", "ratio"],
        plan_rows(),
    )
    print_table(
        f"A whole session driven at {1 / FRAME:.0f} ticks/s on a fake clock (median of 5)",
        ["routine", "minutes", "ticks", "session ms", "µs/tick", "tick/clock-read", "% of a core at 20 Hz"],
        session_rows(),
    )
    print(f"\n(ran in {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
