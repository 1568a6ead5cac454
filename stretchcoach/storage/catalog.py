"""Every routine the app can run: the built-in ones, then the user's own files."""

from __future__ import annotations

import os
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
    folder_problem: str | None = None
    """Why none of the user's routines could be listed (the folder is a file, or unreadable)."""

    def find(self, routine_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.routine.id == routine_id), None)


def load_catalog(folder: Path | None = None) -> Catalog:
    folder = folder or user_routines_dir()
    entries = [Entry(routine, builtin=True) for routine in builtin_routines()]
    taken = {entry.routine.id for entry in entries}
    broken: list[RoutineError] = []
    paths, folder_problem = _routine_files(folder)
    for path in paths:
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
    return Catalog(tuple(entries), tuple(broken), folder_problem)


def _routine_files(folder: Path) -> tuple[list[Path], str | None]:
    """The `.toml` files in the user's folder, or why the folder cannot be listed.

    No folder yet is normal (nobody has written a routine); a file in its place or a folder that
    cannot be read would otherwise hide every routine in it without a word.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except FileNotFoundError:
        return [], None
    except NotADirectoryError:
        return [], f"Your routines folder {folder} is a file, not a folder; your own routines are left out."
    except OSError as error:
        reason = error.strerror or str(error)
        return [], f"Your routines folder {folder} cannot be read ({reason}); your own routines are left out."
    return [folder / name for name in names if name.endswith(".toml") and not name.startswith(".")], None
