"""How close to its instant each spoken cue is heard, measured end to end on a real sound server.

Starts a private PulseAudio server with a null sink, runs a short session (the first exercises
of `quick-relief`) through the real engine and the app's real voice, records the sink's monitor
with `parec`, and finds each line's first sound in the recording. Prints, per line, when it was
due and how far off its sound came, then the median, p95 and worst delay, and the spacing of the
"Three. Two. One." words. Targets: p95 of |delay| within 45 ms (stretch goal 20 ms); countdown
words 1.000 s apart, ±20 ms.

    .venv/bin/python bench/cue_latency.py [--exercises N] [--runs N] [--engine natural|espeak]

By default it measures each engine in turn, the natural voice first.

Needs `pulseaudio` and `parec` (Debian: pulseaudio pulseaudio-utils) and the system libpulse0;
without them it says so and exits 0. Standard library only: no numpy.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import SystemClock
from stretchcoach.core.engine import SessionEngine
from stretchcoach.core.events import CueDue, Finished, SessionEvent
from stretchcoach.core.plan import CueKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import CoachingMode, VoiceEngine, VoiceOptions
from stretchcoach.speech.choose_voice import create_voice
from stretchcoach.speech.coach_voice import CoachVoice
from stretchcoach.speech.cue_scheduler import Spoken
from stretchcoach.speech.line_fitting import forms

SINK = "stretchcoach_bench"
RATE = 22050
FRAGMENT_MS = 5
THRESHOLD = 64
"""A recorded sample above this (-54 dBFS) is sound: the null sink is digital silence otherwise."""
QUIET_BEFORE = 0.02
"""An onset must follow this much silence, so the tail of the previous line is not taken for it."""
SEARCH_BEFORE, SEARCH_AFTER = 0.10, 0.50


@dataclasses.dataclass
class Recorder:
    """`parec` on the sink's monitor; every read is stamped on the session's clock."""

    process: subprocess.Popen[bytes]
    now: Callable[[], float]
    data: bytearray = dataclasses.field(default_factory=bytearray)
    stamps: list[tuple[float, int]] = dataclasses.field(default_factory=list)

    def run(self) -> None:
        assert self.process.stdout is not None
        descriptor = self.process.stdout.fileno()
        while True:
            chunk = os.read(descriptor, 65536)
            arrival = self.now()
            if not chunk:
                return
            self.data += chunk
            self.stamps.append((arrival, len(self.data) // 2))

    def samples(self) -> array[int]:
        samples = array("h")
        samples.frombytes(bytes(self.data[: len(self.data) // 2 * 2]))
        if sys.byteorder == "big":
            samples.byteswap()
        return samples

    def time_of(self, index: int) -> float:
        """When sample `index` came out: the arrival of the read that carried it (late by the
        transport, about a millisecond, as a raw `pacat` click shows)."""
        for arrival, count in self.stamps:
            if count > index:
                return arrival
        return self.stamps[-1][0]

    def index_near(self, instant: float) -> int:
        """The sample that came out about at `instant` (lower envelope of arrival minus position)."""
        offset = min(arrival - count / RATE for arrival, count in self.stamps)
        return max(0, round((instant - offset) * RATE))


@dataclasses.dataclass(frozen=True)
class Heard:
    line: Spoken
    onset: float

    @property
    def delay(self) -> float:
        return self.onset - self.line.due


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--exercises", type=int, default=2, help="how many exercises of quick-relief")
    parser.add_argument("--runs", type=int, default=1, help="sessions to run, one after another")
    parser.add_argument("--brief", action="store_true", help="brief coaching instead of full")
    parser.add_argument("--ticks", action="store_true", help="a tick under each countdown word")
    parser.add_argument(
        "--engine",
        choices=[engine.value for engine in VoiceEngine],
        help="one engine only (by default each in turn, the natural voice first)",
    )
    args = parser.parse_args()
    engines = [VoiceEngine(args.engine)] if args.engine else list(VoiceEngine)
    options = VoiceOptions(
        volume=1.0, mode=CoachingMode.BRIEF if args.brief else CoachingMode.FULL, ticks=args.ticks
    )
    missing = [tool for tool in ("pulseaudio", "parec", "pactl") if shutil.which(tool) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (Debian: pulseaudio pulseaudio-utils)")
        return 0
    runtime = Path(tempfile.mkdtemp(prefix="stretchcoach-bench-"))
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    os.environ.pop("PULSE_SERVER", None)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    try:
        if not start_server():
            print("skipped: the PulseAudio server did not start")
            return 0
        statuses = [
            run_sessions(args.exercises, args.runs, dataclasses.replace(options, engine=engine), runtime)
            for engine in engines
        ]
        return max(statuses)
    finally:
        stop_server(runtime)
        shutil.rmtree(runtime, ignore_errors=True)


def start_server() -> bool:
    """A private server with only a null sink; it must run before QtMultimedia first loads."""
    result = subprocess.run(
        [
            "pulseaudio",
            "--daemonize=yes",
            "--exit-idle-time=-1",
            "--system=false",
            "-n",
            f"--load=module-null-sink sink_name={SINK}",
            "--load=module-native-protocol-unix",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stderr.strip(), file=sys.stderr)
        return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run(["pactl", "info"], capture_output=True, check=False).returncode == 0:
            subprocess.run(["pactl", "set-default-sink", SINK], capture_output=True, check=False)
            return True
        time.sleep(0.05)
    return False


def stop_server(runtime: Path) -> None:
    """Stop the server this script started (the one in its private runtime folder), and wait for it."""
    subprocess.run(["pulseaudio", "--kill"], capture_output=True, check=False)
    with contextlib.suppress(OSError, ValueError):
        pid = int((runtime / "pulse" / "pid").read_text().split()[0])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.05)


def run_sessions(exercises: int, runs: int, options: VoiceOptions, runtime: Path) -> int:
    application = QCoreApplication.instance() or QCoreApplication([])
    routine = builtin_routine("quick-relief")
    routine = dataclasses.replace(routine, exercises=routine.exercises[:exercises])
    settings = PlanSettings(prepare_seconds=8, transition_seconds=3, switch_seconds=8, scale=0.5)
    plan = build_plan(routine, settings)
    clock = SystemClock()
    voice = create_voice(clock, options, runtime / "cache")
    if not isinstance(voice, CoachVoice):
        voice.set_notice_listener(lambda notice: print(f"skipped: {notice}"))
        return 0
    print(
        f"\n{options.engine.value} voice, sound through {voice.output_name}; "
        f"cues announced {voice.lead_seconds * 1000:.0f} ms ahead"
    )
    notices: list[str] = []
    voice.set_notice_listener(notices.append)
    voice.prepare(plan)
    if not wait_for_clips(application, voice, plan, options):
        print("the plan's lines were not all rendered within 20 s", file=sys.stderr)
        return 1
    every: list[Heard] = []
    for run in range(runs):
        print(
            f"\nrun {run + 1}/{runs}: {routine.name}, first {exercises} exercises, {plan.total_seconds:.0f} s"
        )
        heard = run_once(clock, voice, plan)
        if notices:
            print(f"the voice turned itself off: {notices[0]}", file=sys.stderr)
            return 1
        report(heard)
        every += heard
    voice.shutdown()
    if runs > 1:
        print(f"\nall {runs} runs:")
        summarize(every)
    return 0


def wait_for_clips(
    application: QCoreApplication, voice: CoachVoice, plan: Plan, options: VoiceOptions
) -> bool:
    texts = {line for scheduled in plan.schedule for line in forms(scheduled.cue, options.mode)}
    deadline = time.monotonic() + 20
    while any(voice.clip(text) is None for text in texts):
        if time.monotonic() > deadline:
            return False
        application.processEvents()
        time.sleep(0.01)
    return True


def run_once(clock: SystemClock, voice: CoachVoice, plan: Plan) -> list[Heard]:
    """Runs the session as the app's controller would; returns each line that started, with its onset."""
    spoken: list[Spoken] = []
    voice.set_spoken_listener(spoken.append)
    command = ["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1"]
    process = subprocess.Popen([*command, f"--latency-msec={FRAGMENT_MS}"], stdout=subprocess.PIPE)
    recorder = Recorder(process, clock.now)
    reader = threading.Thread(target=recorder.run, daemon=True)
    reader.start()
    while not recorder.stamps:
        time.sleep(0.01)
    loop = QEventLoop()
    engine = SessionEngine(plan, clock, cue_lead=voice.lead_seconds)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)

    def tick() -> None:
        engine.tick()
        wakeup = engine.next_wakeup()
        if wakeup is not None:
            timer.start(max(0, min(100, round((wakeup - clock.now()) * 1000))))

    def heard(event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            voice.on_cue_due(event)
        elif isinstance(event, Finished):
            QTimer.singleShot(1500, loop.quit)

    engine.subscribe(heard)
    timer.timeout.connect(tick)
    engine.start()
    tick()
    loop.exec()
    process.terminate()
    process.wait(5)
    reader.join(5)
    samples = recorder.samples()
    return [Heard(line, onset(recorder, samples, line.due)) for line in spoken]


def onset(recorder: Recorder, samples: array[int], due: float) -> float:
    """When the line due at `due` was first heard; NaN if no onset is found near it."""
    start = recorder.index_near(due - SEARCH_BEFORE)
    stop = min(len(samples), recorder.index_near(due + SEARCH_AFTER))
    quiet = round(QUIET_BEFORE * RATE)
    run = 0
    for index in range(start, stop):
        if abs(samples[index]) > THRESHOLD:
            if run >= quiet:
                return recorder.time_of(index)
            run = 0
        else:
            run += 1
    return math.nan


def report(heard: list[Heard]) -> None:
    if not heard:
        print("no line was spoken")
        return
    start = heard[0].line.due
    print(f"  {'due s':>7}  {'delay ms':>8}  line")
    for item in heard:
        text = item.line.text if len(item.line.text) <= 60 else item.line.text[:57] + "..."
        shown = "   (n/a)" if math.isnan(item.delay) else f"{item.delay * 1000:+8.1f}"
        print(f"  {item.line.due - start:7.2f}  {shown}  {text}")
    summarize(heard)


def countdown_gaps(heard: list[Heard]) -> list[float]:
    """Onset to onset of consecutive countdown words ("Three." then "Two.", "Two." then "One.")."""
    return [
        later.onset - earlier.onset
        for earlier, later in itertools.pairwise(heard)
        if earlier.line.kind is CueKind.COUNT
        and later.line.kind is CueKind.COUNT
        and abs(later.line.due - earlier.line.due - 1.0) < 1e-6
        and not math.isnan(later.onset - earlier.onset)
    ]


def summarize(heard: list[Heard]) -> None:
    delays = [item.delay for item in heard if not math.isnan(item.delay)]
    if not delays:
        print("no onset found")
        return
    absolute = sorted(abs(delay) for delay in delays)
    p95 = absolute[min(len(absolute) - 1, math.ceil(0.95 * len(absolute)) - 1)]
    later = [abs(item.delay) for item in heard if item.line.kind is not CueKind.SAFETY]
    print(
        f"delay (onset - instant): n={len(delays)}, {len(heard) - len(delays)} not found; "
        f"median {statistics.median(delays) * 1000:+.1f} ms, p95 |delay| {p95 * 1000:.1f} ms, "
        f"max |delay| {absolute[-1] * 1000:.1f} ms"
        f"  [p95 ≤ 45 ms: {'met' if p95 <= 0.045 else 'MISSED'}; "
        f"≤ 20 ms: {'met' if p95 <= 0.020 else 'missed'}]"
    )
    opening = [item.delay for item in heard if item.line.kind is CueKind.SAFETY]
    if opening and not math.isnan(opening[0]):
        print(f"  the opening line: {opening[0] * 1000:+.1f} ms (the timeline begins one lead after Start)")
    if later and not math.isnan(max(later)):
        print(f"  max |delay| of the other lines: {max(later) * 1000:.1f} ms")
    gaps = countdown_gaps(heard)
    if gaps:
        worst_gap = max(abs(gap - 1.0) for gap in gaps)
        print(
            f"countdown words: {len(gaps)} gaps, median {statistics.median(gaps):.4f} s, "
            f"worst {worst_gap * 1000:.1f} ms off 1 s  [±20 ms: {'met' if worst_gap <= 0.020 else 'MISSED'}]"
        )


if __name__ == "__main__":
    sys.exit(main())
