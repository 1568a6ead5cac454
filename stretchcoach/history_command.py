"""`stretchcoach history`: the sessions kept, as a table, CSV or JSON; no Qt, no display needed.

`--since DATE` is a local date (the day a session was where it was done), so a session at 00:30
on the 2nd counts from the 2nd even though it was still the 1st in UTC.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import UTC, date, datetime, time, timedelta

from stretchcoach.core.history_export import exercises_csv, history_json, sessions_csv
from stretchcoach.core.plan_format import clock_time, plural
from stretchcoach.core.progress import DEFAULT_WEEKLY_GOAL, local_day, minutes_by_week, week_of, weekly_streak
from stretchcoach.core.session_record import NOT_ASKED, SessionRecord
from stretchcoach.storage.history import History

OUTCOMES = {"finished": "finished", "stopped": "stopped", "pain": "it hurt", None: "did not end"}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser("history", help="the sessions you have done, as a table, CSV or JSON")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV, one row per session")
    form.add_argument("--json", action="store_true", help="JSON, every session with its exercises")
    history.add_argument("--exercises", action="store_true", help="with --csv: one row per exercise instead")
    history.add_argument(
        "--since", type=_day, metavar="DATE", help="only sessions on or after DATE (YYYY-MM-DD)"
    )
    history.set_defaults(command="history", run=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-30") from None


def sessions_since(history: History, since: date | None) -> list[SessionRecord]:
    if since is None:
        return history.sessions(with_exercises=True)
    # A day ahead of UTC at the earliest (UTC+14); the local day decides.
    earliest = datetime.combine(since, time(), UTC) - timedelta(days=1)
    return [r for r in history.sessions(earliest, with_exercises=True) if local_day(r) >= since]


def run(args: argparse.Namespace) -> int:
    try:
        records = sessions_since(History(), args.since)
    except sqlite3.Error as error:
        print(f"stretchcoach: history: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(history_json(records), end="")
    elif args.csv:
        print(exercises_csv(records) if args.exercises else sessions_csv(records), end="")
    else:
        print("\n".join(table(records, date.today())))
    return 0


def table(records: list[SessionRecord], today: date) -> list[str]:
    if not records:
        return ["No sessions yet."]
    lines = []
    for r in records:
        pain = f"{_pain(r.pain_before)} → {_pain(r.pain_after)}"
        lines.append(
            f"{r.local_start:%Y-%m-%d %H:%M}  {clock_time(r.active_seconds):>6}  {OUTCOMES[r.outcome]:<11}  "
            f"pain {pain:<20}  {r.routine_name}" + (f"  “{r.note}”" if r.note else "")
        )
    streak = weekly_streak(records, today)
    this_week = minutes_by_week(records).get(week_of(today), 0.0)
    lines.append("")
    lines.append(
        f"{plural(len(records), 'session')} · streak {plural(streak.weeks, 'week')} at "
        f"{DEFAULT_WEEKLY_GOAL} days a week · "
        f"this week {streak.days_this_week} days, {this_week:.0f} minutes"
    )
    return lines


def _pain(score: int | None) -> str:
    return NOT_ASKED if score is None else str(score)
