"""The routines that ship with the app, read from the package's resources."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from stretchcoach.core.model import Routine
from stretchcoach.core.routine_file import load_routine

ORDER = ("five-stretches", "physio-ten", "core-strength", "quick-relief")


def resources_dir() -> Path:
    """The installed package carries `resources/` inside it; a source checkout keeps it beside it."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "routines").is_dir():
            return candidate
    raise FileNotFoundError(f"the app's resources are missing (looked beside {package})")


@cache
def builtin_routines() -> tuple[Routine, ...]:
    folder = resources_dir() / "routines"
    found = {routine.id: routine for routine in map(load_routine, sorted(folder.glob("*.toml")))}
    ordered = [found.pop(routine_id) for routine_id in ORDER if routine_id in found]
    return (*ordered, *found.values())


def builtin_routine(routine_id: str) -> Routine:
    for routine in builtin_routines():
        if routine.id == routine_id:
            return routine
    known = ", ".join(routine.id for routine in builtin_routines())
    raise KeyError(f"no built-in routine '{routine_id}' (there are: {known})")
