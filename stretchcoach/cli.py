"""Command line: the GUI with no subcommand, and a few commands to inspect routines and plans.

Qt is imported only by the GUI, the speech commands and `poses`, so `routines`, `plan`, `validate` and
`install-desktop` work on a machine with no display and no sound.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from stretchcoach import __version__
from stretchcoach.core.builtin import builtin_routines, resources_dir
from stretchcoach.core.model import Routine
from stretchcoach.core.plan_format import clock_time, plan_table, plan_to_json, plural
from stretchcoach.core.plan_settings import BOUNDS, PlanSettings
from stretchcoach.core.planner import PlanError, build_plan
from stretchcoach.core.routine_file import RoutineError, load_routine
from stretchcoach.core.voice_options import RATE_BOUNDS
from stretchcoach.history_command import add_parser as add_history_parser
from stretchcoach.storage import desktop_install
from stretchcoach.storage.catalog import Catalog, load_catalog
from stretchcoach.storage.settings import Settings, load_settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
T = TypeVar("T")


class CliError(Exception):
    """A problem to report in one line, with the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _gui(args)
        status: int = args.run(args)
        _flush_output()
        return status
    except CliError as error:
        print(f"stretchcoach: {printable(str(error))}", file=sys.stderr)
        return error.status
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("stretchcoach: stopped (Ctrl+C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        # A full disk or a file taken away mid-command: one line that names the file, not a traceback.
        where = f" ({error.filename})" if error.filename else ""
        print(f"stretchcoach: {error.strerror or error}{where}", file=sys.stderr)
        _drop_output_that_cannot_be_written()
        return EXIT_INVALID


def _flush_output() -> None:
    """Write the answer out while a failure can still be reported in one line.

    Left to the exit, a full disk under stdout is printed as "Exception ignored" with a stack;
    only an unbuffered stdout (PYTHONUNBUFFERED) fails inside the command by itself. With
    stdout closed (`>&-`) Python has no stdout at all.
    """
    if sys.stdout is not None:
        sys.stdout.flush()


def _drop_output_that_cannot_be_written() -> None:
    """When stdout itself failed, send what it still holds to /dev/null: the exit's flush would fail again."""
    try:
        _flush_output()
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stretchcoach",
        description="A hands-free, spoken coach for lower back stretches. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--routine", metavar="ID", help="open the app with this routine selected")
    parser.add_argument("--start", action="store_true", help="with --routine: begin the session at once")
    parser.add_argument("--fullscreen", action="store_true", help="open the app full screen")
    parser.add_argument(
        "--background",
        action="store_true",
        help="no window: wait for the daily reminder and show it (what the login entry runs); "
        "exits when reminders are turned off",
    )
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    routines = commands.add_parser("routines", help="list the routines you can run")
    routines.add_argument("--json", action="store_true", help="print JSON")
    routines.set_defaults(command="routines", run=_routines)

    plan = commands.add_parser("plan", help="show the session a routine makes, phase by phase")
    plan.add_argument("routine", metavar="ROUTINE", help="a routine id, or the path of a routine file")
    plan.add_argument(
        "--hold",
        type=int,
        metavar="S",
        help="every timed hold, in seconds (kept within each exercise's range)",
    )
    plan.add_argument(
        "--reps", type=int, metavar="N", help="every rep count (kept within each exercise's range)"
    )
    plan.add_argument("--rest", type=int, metavar="S", help="rest between sets, in seconds")
    plan.add_argument(
        "--prepare", type=int, metavar="S", help="time to get ready for each exercise, in seconds"
    )
    plan.add_argument("--transition", type=int, metavar="S", help="time to change body position, in seconds")
    plan.add_argument("--switch", type=int, metavar="S", help="time to switch sides, in seconds")
    plan.add_argument("--tempo", type=float, metavar="S", help="seconds per breath-paced beat")
    plan.add_argument("--scale", type=float, metavar="P", help="dose for a flare-up day, 50 to 100 (percent)")
    plan.add_argument(
        "--rate",
        type=int,
        metavar="WPM",
        help="the voice's words a minute, which the plan makes room for (default: your setting)",
    )
    plan.add_argument("--json", action="store_true", help="print JSON")
    plan.set_defaults(command="plan", run=_plan)

    validate = commands.add_parser("validate", help="check routine files and explain any problem")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(command="validate", run=_validate)

    voices = commands.add_parser("voices", help="list the voices of both speech engines, the default first")
    voices.add_argument("--json", action="store_true", help="print JSON")
    voices.set_defaults(command="voices", run=_voices)

    say = commands.add_parser("say", help="speak a phrase, or render it to a WAV file")
    say.add_argument("text", metavar="TEXT")
    say.add_argument(
        "--voice",
        metavar="V",
        help="a voice id from `stretchcoach voices`, or its short form: en-us, en-gb-scotland",
    )
    say.add_argument("--rate", type=int, metavar="WPM", help="words per minute")
    say.add_argument(
        "--engine",
        choices=["natural", "espeak"],
        help="the natural voice (the default where it is installed) or espeak-ng",
    )
    say.add_argument("--out", type=Path, metavar="FILE.wav", help="write a WAV file instead of playing")
    say.set_defaults(command="say", run=_say)

    add_history_parser(commands)

    poses = commands.add_parser("poses", help="write every exercise's pictures as PNG files")
    poses.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write them into")
    poses.add_argument("--sheet", type=Path, metavar="FILE.png", help="also a contact sheet of them all")
    poses.set_defaults(command="poses", run=_poses)

    install = commands.add_parser(
        "install-desktop", help="put StretchCoach in your applications menu, with its icon (for you only)"
    )
    install.set_defaults(command="install-desktop", run=_install_desktop)
    uninstall = commands.add_parser(
        "uninstall-desktop", help="take StretchCoach out of your applications menu again"
    )
    uninstall.set_defaults(command="uninstall-desktop", run=_uninstall_desktop)
    return parser


def _gui(args: argparse.Namespace) -> int:
    if args.background:
        if args.routine or args.start or args.fullscreen:
            raise CliError("--background opens no window; it takes no --routine, --start or --fullscreen")
        from stretchcoach.ui.background import run_background

        return run_background()
    if args.start and not args.routine:
        raise CliError("--start needs --routine ID (see `stretchcoach routines`)")
    from stretchcoach.ui.launch import launch

    return launch(routine_id=args.routine, start=args.start, fullscreen=args.fullscreen)


def _routines(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    settings = _settings()
    totals = [build_plan(e.routine, settings.plan_settings(e.routine)).total_seconds for e in catalog.entries]
    if args.json:
        rows = [
            {
                "id": entry.routine.id,
                "name": entry.routine.name,
                "kind": "built-in" if entry.builtin else "yours",
                "exercises": len(entry.routine.exercises),
                "total_seconds": total,
                "positions": [position.value for position in entry.routine.body_positions],
                "file": str(entry.path) if entry.path else None,
            }
            for entry, total in zip(catalog.entries, totals, strict=True)
        ]
        broken = [{"file": error.source, "problems": error.lines()} for error in catalog.broken]
        print(json.dumps({"routines": rows, "broken": broken}, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max(len(entry.routine.id) for entry in catalog.entries)
    for entry, total in zip(catalog.entries, totals, strict=True):
        mine = "" if entry.builtin else "  (yours)"
        count = f"{len(entry.routine.exercises):>2} exercises"
        name = printable(entry.routine.name)
        print(f"{entry.routine.id:<{width}}  {clock_time(total):>6}  {count}  {name}{mine}")
    if catalog.folder_problem:
        print(f"\n{catalog.folder_problem}", file=sys.stderr)
    for error in catalog.broken:
        lines = printable("\n  ".join(error.lines()))
        print(f"\nskipped a routine file with problems:\n  {lines}", file=sys.stderr)
    return EXIT_OK


def _settings() -> Settings:
    """The user's settings for a command, with what had to be repaired said on stderr.

    Reading changes no file (the window sets a damaged one aside when it next saves).
    """
    loaded = load_settings()
    for notice in loaded.notices:
        print(f"stretchcoach: {notice}", file=sys.stderr)
    return loaded.settings


def printable(text: str) -> str:
    """`text` with control and format characters shown as escapes, so a routine file cannot move
    the cursor, retitle the terminal or hide text; line breaks are kept."""
    return "".join(
        character
        if character == "\n" or not unicodedata.category(character).startswith("C")
        else ascii(character)[1:-1]
        for character in text
    )


def _plan(args: argparse.Namespace) -> int:
    routine = _resolve(args.routine, load_catalog())
    base = _settings().plan_settings(routine)
    settings, clamped = _settings_from_args(args, routine, base)
    try:
        plan = build_plan(routine, settings)
    except PlanError as error:
        raise CliError("plan: " + "; ".join(error.problems)) from None
    if args.json:
        document = plan_to_json(plan)
        document["clamped"] = clamped
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    for note in clamped:
        print(
            f"note: {note['exercise']}: {note['what']} {note['asked']} is outside {note['allowed']}; "
            f"using {note['used']}"
        )
    print("\n".join(plan_table(plan)))
    return EXIT_OK


def _settings_from_args(
    args: argparse.Namespace, routine: Routine, base: PlanSettings
) -> tuple[PlanSettings, list[dict[str, object]]]:
    clamped: list[dict[str, object]] = []
    holds = dict(base.holds)
    reps = dict(base.reps)
    for what, asked, chosen in (("hold", args.hold, holds), ("reps", args.reps, reps)):
        if asked is None:
            continue
        for exercise in routine.exercises:
            dose = exercise.hold if what == "hold" else exercise.reps
            if dose is None:
                continue
            chosen[exercise.id] = dose.clamp(asked)
            if chosen[exercise.id] != asked:
                clamped.append(
                    {
                        "exercise": exercise.id,
                        "what": what,
                        "asked": asked,
                        "used": chosen[exercise.id],
                        "allowed": f"{dose.low}–{dose.high}",
                    }
                )
    flags = {"rest": "rest_seconds", "prepare": "prepare_seconds", "transition": "transition_seconds"}
    flags |= {"switch": "switch_seconds", "tempo": "tempo_seconds"}
    given = [(f"--{flag}", field, getattr(args, flag)) for flag, field in flags.items()]
    given.append(("--scale", "scale", None if args.scale is None else args.scale / 100))
    problems = [BOUNDS[field].check(flag, value) for flag, field, value in given if value is not None]
    low, high = RATE_BOUNDS
    if args.rate is not None and not low <= args.rate <= high:
        problems.append(f"--rate is {args.rate} words a minute; allowed {low}–{high} words a minute")
    if any(problems):
        raise CliError("plan: " + "; ".join(problem for problem in problems if problem))
    settings = PlanSettings(
        holds=holds,
        reps=reps,
        rest_seconds=_given(args.rest, base.rest_seconds),
        prepare_seconds=_given(args.prepare, base.prepare_seconds),
        transition_seconds=_given(args.transition, base.transition_seconds),
        switch_seconds=_given(args.switch, base.switch_seconds),
        tempo_seconds=_given(args.tempo, base.tempo_seconds),
        scale=base.scale if args.scale is None else args.scale / 100,
        rate=_given(args.rate, base.rate),
    )
    return settings, clamped


def _given(value: T | None, otherwise: T) -> T:
    return otherwise if value is None else value


def _resolve(name: str, catalog: Catalog) -> Routine:
    """A routine id known to the app, else a path to a routine file."""
    entry = catalog.find(name)
    if entry is not None:
        return entry.routine
    path = Path(name)
    if path.suffix == ".toml" or path.exists() or "/" in name:
        try:
            return load_routine(path)
        except RoutineError as error:
            raise CliError("\n".join(error.lines()), EXIT_INVALID) from None
    known = ", ".join(entry.routine.id for entry in catalog.entries)
    raise CliError(f"no routine '{name}' (there are: {known}); or give the path of a .toml routine file")


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    builtin_ids = {routine.id for routine in builtin_routines()}
    builtin_files = {path.resolve() for path in (resources_dir() / "routines").glob("*.toml")}
    for path in args.files:
        try:
            routine = load_routine(path)
            plan = build_plan(routine)
        except RoutineError as error:
            print(printable("\n".join(error.lines())))
            status = EXIT_INVALID
            continue
        if routine.id in builtin_ids and path.resolve() not in builtin_files:
            problem = f"the id '{routine.id}' is a built-in routine's; give this one its own id"
            print(printable(f"{path}: id: {problem}"))
            status = EXIT_INVALID
            continue
        print(
            f"{printable(str(path))}: valid: “{routine.name}”, {plural(len(routine.exercises), 'exercise')}, "
            f"{clock_time(plan.total_seconds)} at the default settings"
        )
    return status


def _voices(args: argparse.Namespace) -> int:
    from stretchcoach.speech.cli_commands import list_voices

    return list_voices(as_json=args.json)


def _say(args: argparse.Namespace) -> int:
    from stretchcoach.core.voice_options import VoiceEngine
    from stretchcoach.speech.cli_commands import say

    engine = VoiceEngine(args.engine) if args.engine else None
    return say(args.text, voice=args.voice, rate=args.rate, out=args.out, engine=engine)


def _poses(args: argparse.Namespace) -> int:
    from stretchcoach.ui.pose_export import contact_sheet, export

    try:
        written = export(args.out)
        if args.sheet is not None:
            contact_sheet(args.sheet)
    except OSError as error:
        raise CliError(f"poses: {error}", EXIT_INVALID) from None
    print(f"{plural(len(written), 'picture')} written to {args.out}")
    if args.sheet is not None:
        print(f"and the contact sheet to {args.sheet}")
    return EXIT_OK


def _install_desktop(args: argparse.Namespace) -> int:
    data_home = desktop_install.xdg_data_home()
    command = desktop_install.launch_command()
    try:
        written = desktop_install.install(desktop_install.planned_files(resources_dir(), data_home, command))
    except desktop_install.NotOurs as error:
        lines = "\n  ".join(map(str, error.paths))
        raise CliError(
            "install-desktop: these files were not written by StretchCoach, so nothing was changed:\n"
            f"  {lines}\nMove them away (or remove them) and run `stretchcoach install-desktop` again.",
            EXIT_INVALID,
        ) from None
    except OSError as error:
        raise CliError(f"install-desktop: {error}", EXIT_INVALID) from None
    print(f"StretchCoach is in your applications menu (it may take a moment to appear):\n  {written[0]}")
    print(f"  and {plural(len(written) - 1, 'icon')} under {data_home / 'icons' / 'hicolor'}")
    print(f"It runs: {' '.join(command)}")
    print("If you move or remove that, run `stretchcoach install-desktop` again.")
    return EXIT_OK


def _uninstall_desktop(args: argparse.Namespace) -> int:
    data_home = desktop_install.xdg_data_home()
    try:
        removal = desktop_install.uninstall(data_home)
    except OSError as error:
        raise CliError(f"uninstall-desktop: {error}", EXIT_INVALID) from None
    if removal.removed:
        print(f"Removed StretchCoach from your applications menu ({plural(len(removal.removed), 'file')}):")
        print("  " + "\n  ".join(map(str, removal.removed)))
    else:
        print(f"StretchCoach's launcher entry is not installed under {data_home}; nothing to remove.")
    if removal.kept:
        print(
            "Left alone, because StretchCoach did not write them:\n  " + "\n  ".join(map(str, removal.kept)),
            file=sys.stderr,
        )
    return EXIT_OK
