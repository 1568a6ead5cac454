"""Every routine the app can run: the built-in ones, then the user's own files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.model import Routine
from stretchcoach.core.routine_file import Problem, RoutineError, load_routine
from stretchcoach.storage.paths import user_routines_dir


@dataclass(frozen=True, slots=True)
class Entry:
    routine: Routine
    builtin: bool
    path: Path | None = None


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Entry, ...]
    broken: tuple[RoutineError, ...] = field(default=())
    """User files that could not be read, each with its problems, to show rather than hide."""

    def find(self, routine_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.routine.id == routine_id), None)


def load_catalog(folder: Path | None = None) -> Catalog:
    folder = folder or user_routines_dir()
    entries = [Entry(routine, builtin=True) for routine in builtin_routines()]
    taken = {entry.routine.id for entry in entries}
    broken: list[RoutineError] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        try:
            routine = load_routine(path)
        except RoutineError as error:
            broken.append(error)
            continue
        if routine.id in taken:
            problem = f"the id '{routine.id}' is already taken by another routine; give this one its own id"
            broken.append(RoutineError(str(path), [Problem("id", problem)]))
            continue
        taken.add(routine.id)
        entries.append(Entry(routine, builtin=False, path=path))
    return Catalog(tuple(entries), tuple(broken))
