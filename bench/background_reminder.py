"""What `stretchcoach --background` costs while it waits for the reminder: CPU and RSS.

It runs for `--seconds` (600 by default) with reminders on and the next one hours away, beside a
baseline measured in the same run: a bare `python -c` that only sleeps. CPU is the user and
system time each used over the whole span (from /proc), as a percentage of one core; RSS is
read at the end. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.settings import Settings, save_settings

SETTLE_SECONDS = 5
BARE_PYTHON = "import time\ntime.sleep(10**9)"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        environment = {**os.environ, "STRETCHCOACH_HOME": home, "DBUS_SESSION_BUS_ADDRESS": ""}
        os.environ["STRETCHCOACH_HOME"] = home
        later = (datetime.now() + timedelta(hours=6)).time().replace(second=0, microsecond=0)
        save_settings(Settings(reminder=replace(ReminderOptions(), enabled=True, at=later, at_login=False)))
        background = subprocess.Popen(
            [sys.executable, "-m", "stretchcoach", "--background"],
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        bare = subprocess.Popen([sys.executable, "-c", BARE_PYTHON])
        try:
            assert background.stdout is not None
            background.stdout.readline()
            time.sleep(SETTLE_SECONDS)
            processes = {"stretchcoach --background": background.pid, "python -c (sleeping)": bare.pid}
            start = {name: cpu_seconds(pid) for name, pid in processes.items()}
            began = time.monotonic()
            time.sleep(args.seconds)
            span = time.monotonic() - began
            rows = []
            for name, pid in processes.items():
                used = cpu_seconds(pid) - start[name]
                rows.append(
                    [name, f"{used * 1000:.0f} ms", f"{100 * used / span:.3f} %", f"{rss_mib(pid):.1f} MiB"]
                )
        finally:
            for process in (background, bare):
                process.terminate()
                process.wait(timeout=10)
    ratio = float(rows[0][3].split()[0]) / float(rows[1][3].split()[0])
    print_table(
        f"The background reminder waiting, over {span / 60:.1f} min",
        ["process", "CPU time", "CPU", "RSS"],
        rows,
    )
    print(f"RSS: {ratio:.1f}× a bare sleeping Python")
    return 0


if __name__ == "__main__":
    sys.exit(main())
