"""`make bench`: run every benchmark in bench/ and write what they print to docs/benchmarks.md.

Each script prints its own table (figure, median, spread, a baseline from the same run, ratio,
goal where there is one); this keeps them in one page, dated, with the machine it ran on.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"
LEFT_OUT = {
    "intelligibility.py": "needs the `intelligibility` extra and about a quarter of an hour",
    "background_reminder.py": "watches an idle process for ten minutes; run it by hand",
    "peers.py": "needs Workrave and Safe Eyes: `make bench-peers`",
}


def main() -> int:
    scripts = sorted(
        path
        for path in (ROOT / "bench").glob("*.py")
        if not path.name.startswith("_") and path.name not in LEFT_OUT
    )
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmarks\n",
        f"Written by `make bench` on {when}: {platform.platform()}, {os.cpu_count()} cores,"
        " shared with other work, so every figure is a median beside a baseline from the same run."
        " What stands in the way of a missed goal, with the profile that shows it, is in the"
        " README's Measured section.\n",
    ]
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        result = subprocess.run(
            [sys.executable, str(script)], check=False, capture_output=True, text=True, cwd=ROOT
        )
        print(result.stdout, end="")
        body = result.stdout.strip() or "(no output)"
        if result.returncode != 0:
            failed.append(script.name)
            body += f"\n\nexit {result.returncode}: {result.stderr.strip().splitlines()[-1:]}"
        parts.append(f"## `bench/{script.name}`\n\n```\n{body}\n```\n")
    OUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
