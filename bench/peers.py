"""`make bench-peers`: StretchCoach idle beside two break reminders people run all day, Workrave
and Safe Eyes (Debian packages `workrave`, `safeeyes`), under Xvfb + openbox on one session bus.

All three are started together, left 20 s to settle, then measured over 60 s: CPU (utime +
stime from /proc, the whole process tree) and memory (RSS and PSS of the tree at the end; PSS
shares libraries fairly between processes, so it is the fairer figure), and the RSS of the
program's own process. StretchCoach is on its picker, as it sits between sessions, with the
natural voice's render process beside it (a second process, ~200 MiB; none with espeak-ng).
Not part of `make bench`: it needs packages CI lacks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from bench.window_costs import app_environment, start_display

SETTLE_SECONDS = 20.0
CPU_SECONDS = 60.0


@dataclass(frozen=True)
class Peer:
    name: str
    command: list[str]


def peers() -> list[Peer]:
    app = str(Path(sys.executable).with_name("stretchcoach"))
    return [
        Peer("StretchCoach (picker)", [app]),
        Peer("Workrave", ["workrave"]),
        Peer("Safe Eyes", ["safeeyes"]),
    ]


def tree(pid: int) -> list[int]:
    """The process and everything it started."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def memory_mib(pids: list[int]) -> tuple[float, float]:
    """RSS and PSS of the processes, in MiB."""
    rss = pss = 0
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(":")
            if key == "Rss":
                rss += int(value.split()[0])
            elif key == "Pss":
                pss += int(value.split()[0])
    return rss / 1024, pss / 1024


def main() -> None:
    tools = ("Xvfb", "openbox", "dbus-daemon", "workrave", "safeeyes")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        sys.exit(f"needs {', '.join(missing)}: apt-get install xvfb openbox dbus workrave safeeyes")
    server, manager, display = start_display()
    env = app_environment(display)
    env["HOME"] = env["STRETCHCOACH_HOME"]
    bus = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    env["DBUS_SESSION_BUS_ADDRESS"], bus_pid = bus[0], int(bus[1])
    quiet = subprocess.DEVNULL
    started = {
        peer.name: subprocess.Popen(peer.command, env=env, stdout=quiet, stderr=quiet) for peer in peers()
    }
    try:
        time.sleep(SETTLE_SECONDS)
        trees = {name: tree(process.pid) for name, process in started.items()}
        before, at = {name: cpu_seconds(pids) for name, pids in trees.items()}, time.monotonic()
        time.sleep(CPU_SECONDS)
        trees = {name: tree(process.pid) for name, process in started.items()}
        after, until = {name: cpu_seconds(pids) for name, pids in trees.items()}, time.monotonic()
        rows = []
        for name, process in started.items():
            if process.poll() is not None:
                rows.append([name, "exited", "", "", "", ""])
                continue
            rss, pss = memory_mib(trees[name])
            main_rss, _ = memory_mib([process.pid])
            share = (after[name] - before[name]) / (until - at) * 100
            rows.append(
                [name, f"{main_rss:.1f}", f"{len(trees[name])}", f"{rss:.1f}", f"{pss:.1f}", f"{share:.2f}"]
            )
    finally:
        for process in started.values():
            process.terminate()
        for process in started.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        os.kill(bus_pid, 15)
        manager.terminate()
        server.terminate()
    print_table(
        f"Idle beside its peers under Xvfb, side by side ({SETTLE_SECONDS:.0f} s to settle, then"
        f" {CPU_SECONDS:.0f} s)",
        ["program", "RSS MiB", "processes", "all: RSS MiB", "all: PSS MiB", "all: CPU % of a core"],
        rows,
    )


if __name__ == "__main__":
    main()
