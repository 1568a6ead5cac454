"""The window under a real X server (Xvfb + openbox): start-up to the first painted frame and
peak RSS, each beside a baseline measured in the same run. (The CPU of a running session is
`bench/session_cpu.py`'s, measured inside a hold and inside reps.)

- Start-up: `stretchcoach` (the real entry point) with STRETCHCOACH_QUIT_AFTER_FIRST_PAINT=1,
  against a bare PySide6 window that reports its first paint the same way; runs interleaved, so
  the shared machine's noise falls on both. Time is from just before the process is started to
  the monotonic moment it reports after its first paint. Python's bytecode cache is on (as for
  an installed app), whatever PYTHONDONTWRITEBYTECODE says.
- Peak RSS of those same runs: each process's own VmHWM at its first frame (the app's voice
  render process, a separate process, is not in it).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table

RUNS = 11
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1280, 800)
class Probe(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        painted = time.monotonic()
        peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(f"first-paint-monotonic {painted:.6f} peak-rss-kib {peak}", file=sys.stderr, flush=True)
        app.quit()
probe = Probe()
app.installEventFilter(probe)
window.show()
app.exec()
"""


def start_display() -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes], str]:
    display = f":{90 + os.getpid() % 800}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    manager = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display), stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, manager, display


def start_sound(env: dict[str, str]) -> subprocess.Popen[bytes] | None:
    """A PulseAudio server with a null sink, so the voice plays as it would on a desktop (its
    CPU counted); None, and captions only, where PulseAudio is not installed."""
    if shutil.which("pulseaudio") is None:
        return None
    runtime = tempfile.mkdtemp()
    Path(runtime).chmod(0o700)
    env["XDG_RUNTIME_DIR"] = runtime
    server = subprocess.Popen(
        [
            "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "--system=false", "-n",
            "--load=module-null-sink sink_name=null", "--load=module-native-protocol-unix",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.5)  # up before the app starts: Qt never notices a server that comes later
    return server


def app_environment(display: str) -> dict[str, str]:
    """The environment of a StretchCoach on `display` in a new home whose safety notice is already
    acknowledged, so the window opens on the picker (or goes straight into `--start`)."""
    home = tempfile.mkdtemp()
    Path(home, "config").mkdir()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "STRETCHCOACH_HOME": home}
    env.pop("WAYLAND_DISPLAY", None)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from stretchcoach.storage.settings import Settings, save_settings;"
            "save_settings(Settings(safety_notice_seen=True))",
        ],
        env=env,
        check=True,
    )
    return env


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the process to its first painted frame, and its peak RSS in MiB."""
    started = time.monotonic()
    result = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    painted = re.search(r"first-paint-monotonic ([\d.]+) peak-rss-kib (\d+)", result.stderr)
    assert painted, result.stderr[-2000:]
    return float(painted.group(1)) - started, int(painted.group(2)) / 1024


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spread(values: list[float], scale: float, digits: int) -> str:
    return f"{min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f}"


def main() -> None:
    for tool in ("Xvfb", "openbox"):
        if shutil.which(tool) is None:
            sys.exit(f"needs {tool}: apt-get install xvfb openbox")
    server, manager, display = start_display()
    env = app_environment(display)
    # Compiled once, as an installed app is: without its bytecode cache every start compiles the
    # app's sources again (~150 ms), which no one who runs it twice pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    app = [str(Path(sys.executable).with_name("stretchcoach"))]
    sound = start_sound(env)
    try:
        painted = dict(env, STRETCHCOACH_QUIT_AFTER_FIRST_PAINT="1")
        first_paint(app, painted)  # the first run fills the bytecode, clip and OS file caches
        ours: list[tuple[float, float]] = []
        bare: list[tuple[float, float]] = []
        for _ in range(RUNS):
            ours.append(first_paint(app, painted))
            bare.append(first_paint([sys.executable, "-c", BARE_WINDOW], env))
    finally:
        for process in (sound, manager, server):
            if process is not None:
                process.terminate()
    app_times, bare_times = [t for t, _ in ours], [t for t, _ in bare]
    app_rss, bare_rss = [r for _, r in ours], [r for _, r in bare]
    rows = [
        [
            "start → first painted frame (Xvfb, ms)",
            f"{statistics.median(app_times) * 1000:.0f}",
            spread(app_times, 1000, 0),
            f"bare window {statistics.median(bare_times) * 1000:.0f}",
            f"{statistics.median(app_times) / statistics.median(bare_times):.2f}×",
            "≤ 1.3×",
        ],
        [
            "peak RSS to the first frame (MiB)",
            f"{statistics.median(app_rss):.1f}",
            spread(app_rss, 1, 1),
            f"bare window {statistics.median(bare_rss):.1f}",
            f"+{statistics.median(app_rss) - statistics.median(bare_rss):.1f} MiB",
            "≤ bare + 25 MiB",
        ],
    ]
    print_table(
        f"The window under Xvfb ({RUNS} interleaved start-ups; sound: "
        f"{'a PulseAudio null sink' if sound is not None else 'none, captions only'})",
        ["figure", "median", "min–max", "baseline, same run", "ratio", "goal"],
        rows,
    )


if __name__ == "__main__":
    main()
