"""The settings file: read forgivingly, written atomically.

A damaged file never stops the app: it is set aside (never deleted), the last good backup is
used if there is one, and every value that was dropped is reported so the UI can say so.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Any

from stretchcoach.core.model import Dose, Exercise, Routine
from stretchcoach.core.plan_settings import BOUNDS, PlanSettings
from stretchcoach.core.planner import sets_dose
from stretchcoach.core.regular_file import FileTooLarge, NotARegularFile, read_regular_file
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.core.voice_options import RATE_BOUNDS, CoachingMode, VoiceEngine, VoiceOptions
from stretchcoach.storage.atomic import aside_path, backup_of, set_aside, write_atomically
from stretchcoach.storage.paths import settings_file

VERSION = 1
MAX_FILE_BYTES = 4 * 1024 * 1024
"""Far above any real settings file (a few kilobytes even with every dose chosen)."""
_TIMING_FIELDS = tuple(BOUNDS)
_DOSE_KINDS = ("holds", "reps", "sets")
NEWER_FILE_NOTICE = (
    "Your settings were written by a newer StretchCoach; they are kept as they are and the defaults "
    "are used for now."
)


class NewerSettingsFile(OSError):
    """The file on disk is from a newer StretchCoach: it is not ours to overwrite."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EPERM, "the settings file was written by a newer StretchCoach", str(path))


@dataclass(frozen=True, slots=True)
class _Choice:
    """One saved dose and the range its exercise allows now."""

    exercise: Exercise
    kind: str
    value: int
    allowed: Dose


TEXT_SCALE_BOUNDS = (0.8, 1.4)
"""How far the text may shrink or grow; at 140 % a session still fits a window at its smallest (800×600)."""


class Theme(StrEnum):
    """SYSTEM follows the desktop's palette; LIGHT and DARK override it for this app only."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class DisplayOptions:
    theme: Theme = Theme.SYSTEM
    start_fullscreen: bool = False
    """Open the window full screen, as `--fullscreen` does, for a television or a mat-side laptop."""
    text_scale: float = 1.0
    """A multiplier on every text size the picker and the session page choose for themselves."""


@dataclass(frozen=True)
class Settings:
    timing: PlanSettings = field(default_factory=PlanSettings)
    """Timing shared by all routines; its own `holds` and `reps` stay empty."""
    holds: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Chosen hold seconds, by routine id then exercise id."""
    reps: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    sets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    voice: VoiceOptions = field(default_factory=VoiceOptions)
    display: DisplayOptions = field(default_factory=DisplayOptions)
    safety_notice_seen: bool = False
    last_routine: str = ""
    reminder: ReminderOptions = field(default_factory=ReminderOptions)
    autostart_written: bool = False
    """StretchCoach wrote the login entry (kept in the file's reminder table); see storage/autostart.sync."""

    def plan_settings(self, routine: Routine) -> PlanSettings:
        """The settings for one routine, keeping only choices that still fit its exercises.

        A routine file may have changed since a choice was saved; a stale choice is clamped into
        the new range (`clamped_doses` words it for the user), or dropped if the exercise is gone.
        """
        chosen: dict[str, dict[str, int]] = {kind: {} for kind in _DOSE_KINDS}
        for choice in self._choices(routine):
            chosen[choice.kind][choice.exercise.id] = choice.allowed.clamp(choice.value)
        # Planned for the voice that will speak it, so every line has time to be heard whole.
        return replace(
            self.timing, holds=chosen["holds"], reps=chosen["reps"], sets=chosen["sets"], rate=self.voice.rate
        )

    def clamped_doses(self, routines: Iterable[Routine]) -> list[str]:
        """A sentence for every saved dose outside what its article allows, naming the exercise.

        `plan_settings` clamps silently because it runs on every change; this is said once, when
        the file is read, so a figure typed into the file is never changed behind the user's back.
        """
        found = []
        for routine in routines:
            for choice in self._choices(routine):
                if choice.allowed.contains(choice.value):
                    continue
                unit = " s" if choice.kind == "holds" else ""
                what = {"holds": "hold", "reps": "rep count", "sets": "number of sets"}[choice.kind]
                found.append(
                    f"Settings: the {what} for {choice.exercise.name} ({routine.name}) was "
                    f"{choice.value}{unit}; the article allows {choice.allowed.describe()}{unit}, so "
                    f"{choice.allowed.clamp(choice.value)}{unit} is used."
                )
        return found

    def _choices(self, routine: Routine) -> Iterator[_Choice]:
        for exercise in routine.exercises:
            for kind, table, dose in (
                ("holds", self.holds, exercise.hold),
                ("reps", self.reps, exercise.reps),
                ("sets", self.sets, sets_dose(exercise)),
            ):
                value = table.get(routine.id, {}).get(exercise.id)
                if value is not None and dose is not None:
                    yield _Choice(exercise, kind, value, dose)

    def with_dose(
        self,
        routine_id: str,
        exercise_id: str,
        *,
        hold: int | None = None,
        reps: int | None = None,
        sets: int | None = None,
    ) -> Settings:
        return replace(
            self,
            holds=_with(self.holds, routine_id, exercise_id, hold),
            reps=_with(self.reps, routine_id, exercise_id, reps),
            sets=_with(self.sets, routine_id, exercise_id, sets),
        )

    def without_doses(self, routine_id: str) -> Settings:
        """The article's doses again for one routine; other routines keep theirs."""
        return replace(
            self,
            holds=_without(self.holds, routine_id),
            reps=_without(self.reps, routine_id),
            sets=_without(self.sets, routine_id),
        )


def _with(
    table: Mapping[str, Mapping[str, int]], routine_id: str, exercise_id: str, value: int | None
) -> Mapping[str, Mapping[str, int]]:
    if value is None:
        return table
    copy = {key: dict(chosen) for key, chosen in table.items()}
    copy.setdefault(routine_id, {})[exercise_id] = value
    return copy


def _without(table: Mapping[str, Mapping[str, int]], routine_id: str) -> Mapping[str, Mapping[str, int]]:
    return {key: chosen for key, chosen in table.items() if key != routine_id}


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    notices: tuple[str, ...] = ()
    """What had to be repaired while reading, in words for the user."""


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The settings, repaired where needed; a damaged or missing file falls back to its backup.

    Reading never moves, renames or writes a file: a command that only reads the settings (or a
    window that changes nothing) leaves the damaged file and its good backup exactly as they
    were, so the next start recovers them again. The damaged copy is set aside by the first
    `save_settings`, which writes the restored settings in its place.
    """
    path = path or settings_file()
    backup = backup_of(_target(path))
    try:
        document = _read_document(path)
    except _Damaged:
        restored = _read_backup(backup)
        kept = _aside_name(path)
        if restored is None:
            return LoadedSettings(
                Settings(),
                (
                    f"Your settings file {path.name} is damaged and there is no usable backup; the "
                    f"defaults are used, and the damaged file is kept as {kept} when they "
                    "are next saved.",
                ),
            )
        notice = (
            f"Your settings file {path.name} is damaged; your settings were restored from the backup "
            f"{backup.name}, and the damaged file is kept as {kept} when they are next saved."
        )
        return _loaded(restored, [notice])
    except OSError as error:
        reason = f"{path.name} is {error.what}" if isinstance(error, NotARegularFile) else _reason(error)
        return LoadedSettings(
            Settings(), (f"Could not read your settings ({reason}); using the defaults for now.",)
        )
    if document is not None:
        return _loaded(document, [])
    if not backup.exists() and not backup.is_symlink():
        return LoadedSettings(Settings())  # a first run, or a wish to start afresh
    restored = _read_backup(backup)
    if restored is None:
        notice = (
            f"Your settings file {path.name} is missing and its backup {backup.name} cannot be used; "
            "the defaults are used."
        )
        return LoadedSettings(Settings(), (notice,))
    return _loaded(
        restored,
        [
            f"Your settings file {path.name} was missing; your settings were restored from its backup "
            f"{backup.name}."
        ],
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings; refused (`NewerSettingsFile`) when a newer StretchCoach owns the file.

    The file is checked at every save rather than once at start-up, so a newer version that
    writes it while this one runs is not overwritten either. A damaged file is set aside first
    (never deleted), and the backup is then left as it is: it is the last good copy, not the
    damaged one. A link is followed and its target replaced, so settings kept elsewhere (a
    dotfiles folder) stay there; a pipe, device or folder at the path is refused.
    """
    path = _target(path or settings_file())
    try:
        on_disk = _read_document(path)
    except _Damaged:
        set_aside(path, "damaged")
        on_disk = None
    except NotARegularFile as error:
        raise OSError(errno.EINVAL, f"{path.name} is {error.what}, not a settings file", str(path)) from None
    if on_disk is not None and _is_newer(on_disk):
        raise NewerSettingsFile(path)
    text = json.dumps(_document_from(settings), indent=2, ensure_ascii=False, sort_keys=True)
    write_atomically(path, (text + "\n").encode("utf-8"))


class _Damaged(Exception):
    """The file is there but is not a settings document."""


def _target(path: Path) -> Path:
    """Where a settings file really is: the target of a link (however many), else the path."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _aside_name(path: Path) -> str:
    try:
        return aside_path(_target(path), "damaged").name
    except OSError:
        return f"{path.name}.damaged"


def _loaded(document: dict[str, Any], notices: list[str]) -> LoadedSettings:
    if _is_newer(document):
        return LoadedSettings(Settings(), (*notices, NEWER_FILE_NOTICE))
    return LoadedSettings(_settings_from(document, notices), tuple(notices))


def _read_backup(backup: Path) -> dict[str, Any] | None:
    try:
        return _read_document(backup)
    except (OSError, _Damaged):
        return None


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _is_newer(document: Mapping[str, Any]) -> bool:
    version = document.get("version", VERSION)
    return isinstance(version, int) and not isinstance(version, bool) and version > VERSION


def _read_document(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`, None if there is no file; raises _Damaged for anything else in
    a regular file (too big, not UTF-8, not JSON, nested past the parser's depth, not an object)
    and OSError when it cannot be read (NotARegularFile for a pipe, device or folder)."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except FileTooLarge:
        raise _Damaged from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Damaged from None
    if not isinstance(document, dict):
        raise _Damaged
    return document


def _settings_from(document: dict[str, Any], notices: list[str]) -> Settings:
    reader = _Reader(notices)
    timing_doc = reader.table(document, "timing")
    defaults = PlanSettings()
    timing_values: dict[str, Any] = {}
    for name in _TIMING_FIELDS:
        bounds = BOUNDS[name]
        default = getattr(defaults, name)
        kind = float if isinstance(default, float) else int
        timing_values[name] = reader.number(
            timing_doc, name, kind=kind, low=bounds.low, high=bounds.high, default=default, section="timing"
        )
    voice_doc = reader.table(document, "voice")
    voice_defaults = VoiceOptions()
    mode_text = reader.text(voice_doc, "mode", voice_defaults.mode.value, "voice")
    try:
        mode = CoachingMode(mode_text)
    except ValueError:
        notices.append(f"Settings: voice.mode '{mode_text}' is unknown; using '{voice_defaults.mode.value}'.")
        mode = voice_defaults.mode
    engine_text = reader.text(voice_doc, "engine", voice_defaults.engine.value, "voice")
    try:
        engine = VoiceEngine(engine_text)
    except ValueError:
        notices.append(
            f"Settings: voice.engine '{engine_text}' is unknown; using '{voice_defaults.engine.value}'."
        )
        engine = voice_defaults.engine
    voice = VoiceOptions(
        enabled=reader.flag(voice_doc, "enabled", voice_defaults.enabled, "voice"),
        engine=engine,
        voice=reader.text(voice_doc, "voice", voice_defaults.voice, "voice"),
        rate=reader.number(
            voice_doc,
            "rate",
            kind=int,
            low=RATE_BOUNDS[0],
            high=RATE_BOUNDS[1],
            default=voice_defaults.rate,
            section="voice",
        ),
        volume=reader.number(
            voice_doc, "volume", kind=float, low=0.0, high=1.0, default=voice_defaults.volume, section="voice"
        ),
        mode=mode,
        ticks=reader.flag(voice_doc, "ticks", voice_defaults.ticks, "voice"),
    )
    reminder_table = reader.table(document, "reminder")
    return Settings(
        timing=PlanSettings(**timing_values),
        holds=reader.doses(document, "holds"),
        reps=reader.doses(document, "reps"),
        sets=reader.doses(document, "sets"),
        voice=voice,
        display=_display_from(reader, reader.table(document, "display")),
        safety_notice_seen=reader.flag(document, "safety_notice_seen", False, ""),
        last_routine=reader.text(document, "last_routine", "", ""),
        reminder=_reminder_from(reader, reminder_table),
        autostart_written=reader.flag(reminder_table, "autostart_written", False, "reminder"),
    )


def _reminder_from(reader: _Reader, table: Mapping[str, Any]) -> ReminderOptions:
    """A file from before reminders has no such table: reminders off, as they were."""
    defaults = ReminderOptions()
    days = table.get("days", sorted(defaults.days))
    if not (isinstance(days, list) and all(type(day) is int and 0 <= day <= 6 for day in days)):
        reader.bad("reminder.days", days, sorted(defaults.days))
        days = sorted(defaults.days)
    at_text = reader.text(table, "time", defaults.at.strftime("%H:%M"), "reminder")
    try:
        at = time.fromisoformat(at_text).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        reader.bad("reminder.time", at_text, defaults.at.strftime("%H:%M"))
        at = defaults.at
    return ReminderOptions(
        enabled=reader.flag(table, "enabled", defaults.enabled, "reminder"),
        days=frozenset(days),
        at=at,
        routine=reader.text(table, "routine", defaults.routine, "reminder"),
        at_login=reader.flag(table, "at_login", defaults.at_login, "reminder"),
    )


def _display_from(reader: _Reader, table: Mapping[str, Any]) -> DisplayOptions:
    defaults = DisplayOptions()
    theme_text = reader.text(table, "theme", defaults.theme.value, "display")
    try:
        theme = Theme(theme_text)
    except ValueError:
        reader.notices.append(
            f"Settings: display.theme '{theme_text}' is unknown; using '{defaults.theme.value}'."
        )
        theme = defaults.theme
    low, high = TEXT_SCALE_BOUNDS
    return DisplayOptions(
        theme=theme,
        start_fullscreen=reader.flag(table, "start_fullscreen", defaults.start_fullscreen, "display"),
        text_scale=reader.number(
            table,
            "text_scale",
            kind=float,
            low=low,
            high=high,
            default=defaults.text_scale,
            section="display",
        ),
    )


def _document_from(settings: Settings) -> dict[str, Any]:
    voice = {item.name: getattr(settings.voice, item.name) for item in fields(settings.voice)}
    voice["mode"] = settings.voice.mode.value
    voice["engine"] = settings.voice.engine.value
    return {
        "version": VERSION,
        "timing": {name: getattr(settings.timing, name) for name in _TIMING_FIELDS},
        "holds": {key: dict(value) for key, value in settings.holds.items()},
        "reps": {key: dict(value) for key, value in settings.reps.items()},
        "sets": {key: dict(value) for key, value in settings.sets.items()},
        "voice": voice,
        "display": {
            "theme": settings.display.theme.value,
            "start_fullscreen": settings.display.start_fullscreen,
            "text_scale": settings.display.text_scale,
        },
        "safety_notice_seen": settings.safety_notice_seen,
        "last_routine": settings.last_routine,
        "reminder": {
            "enabled": settings.reminder.enabled,
            "days": sorted(settings.reminder.days),
            "time": settings.reminder.at.strftime("%H:%M"),
            "routine": settings.reminder.routine,
            "at_login": settings.reminder.at_login,
            "autostart_written": settings.autostart_written,
        },
    }


class _Reader:
    """Takes each value it can and notes each one it cannot, in words for the user."""

    def __init__(self, notices: list[str]) -> None:
        self.notices = notices

    def bad(self, where: str, value: object, default: object) -> None:
        self.notices.append(f"Settings: {where} was {value!r}, which is not usable; using {default!r}.")

    def table(self, document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = document.get(key, {})
        if isinstance(value, dict):
            return value
        self.bad(key, value, {})
        return {}

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        *,
        kind: type[int] | type[float],
        low: float,
        high: float,
        default: Any,
        section: str,
    ) -> Any:
        if key not in table:
            return default
        value = table[key]
        ok_type = isinstance(value, int | float) if kind is float else isinstance(value, int)
        if isinstance(value, bool) or not ok_type or not low <= value <= high:
            self.bad(_where(section, key), value, default)
            return default
        return kind(value)

    def flag(self, table: Mapping[str, Any], key: str, default: bool, section: str) -> bool:
        value = table.get(key, default)
        if isinstance(value, bool):
            return value
        self.bad(_where(section, key), value, default)
        return default

    def text(self, table: Mapping[str, Any], key: str, default: str, section: str) -> str:
        value = table.get(key, default)
        if isinstance(value, str) and len(value) <= 200:
            return value
        self.bad(_where(section, key), value, default)
        return default

    def doses(self, document: Mapping[str, Any], key: str) -> dict[str, dict[str, int]]:
        kept: dict[str, dict[str, int]] = {}
        for routine_id, chosen in self.table(document, key).items():
            if not isinstance(chosen, dict):
                self.bad(f"{key}.{routine_id}", chosen, {})
                continue
            for exercise_id, value in chosen.items():
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
                    self.bad(f"{key}.{routine_id}.{exercise_id}", value, "the routine's default")
                    continue
                kept.setdefault(routine_id, {})[exercise_id] = value
        return kept


def _where(section: str, key: str) -> str:
    return f"{section}.{key}" if section else key
