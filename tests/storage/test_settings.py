"""Settings survive crashes and damage: atomic writes, a backup, and repairs the user is told about."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.voice_options import CoachingMode, VoiceOptions
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import LoadedSettings, Settings, load_settings, save_settings


def test_a_first_run_has_defaults_and_nothing_to_report() -> None:
    loaded = load_settings()

    assert loaded.settings == Settings()
    assert loaded.notices == ()
    assert not settings_file().exists()


def test_what_is_saved_is_what_is_loaded() -> None:
    settings = Settings(
        timing=PlanSettings(rest_seconds=20, tempo_seconds=2.5, scale=0.75),
        holds={"physio-ten": {"hip-flexor": 25}},
        reps={"physio-ten": {"bridge": 10}},
        voice=VoiceOptions(
            enabled=False, voice="gmw/en-gb", rate=150, volume=0.5, mode=CoachingMode.BRIEF, ticks=True
        ),
        safety_notice_seen=True,
        last_routine="physio-ten",
    )

    save_settings(settings)

    assert load_settings() == load_settings()
    assert load_settings().settings == settings


def test_saving_keeps_the_previous_file_as_a_backup() -> None:
    save_settings(Settings(last_routine="first"))
    save_settings(Settings(last_routine="second"))

    backup = settings_file().with_name("settings.json.bak")
    assert json.loads(backup.read_text())["last_routine"] == "first"
    assert not list(settings_file().parent.glob("*.tmp"))


def test_a_damaged_file_is_restored_from_the_backup_without_touching_either() -> None:
    save_settings(Settings(last_routine="good"))
    save_settings(Settings(last_routine="newer"))
    settings_file().write_bytes(b'{"timing": {"rest_sec')
    backup = settings_file().with_name("settings.json.bak").read_bytes()

    loaded = load_settings()

    assert loaded.settings.last_routine == "good"
    assert loaded.notices == (
        "Your settings file settings.json is damaged; your settings were restored from the backup "
        "settings.json.bak, and the damaged file is kept as settings.json.damaged when they are next saved.",
    )
    assert settings_file().read_bytes() == b'{"timing": {"rest_sec', "reading moves nothing"
    assert settings_file().with_name("settings.json.bak").read_bytes() == backup
    assert load_settings() == loaded, "a second reader (the window after a command) recovers the same"


def test_the_first_save_after_damage_keeps_the_damaged_copy_and_the_backup() -> None:
    save_settings(Settings(last_routine="good"))
    save_settings(Settings(last_routine="newer"))
    settings_file().write_bytes(b'{"timing": {"rest_sec')
    backup = settings_file().with_name("settings.json.bak").read_bytes()

    save_settings(load_settings().settings)

    assert load_settings() == LoadedSettings(Settings(last_routine="good"))
    assert settings_file().with_name("settings.json.damaged").read_bytes() == b'{"timing": {"rest_sec'
    assert settings_file().with_name("settings.json.bak").read_bytes() == backup, "not the damaged copy"


def test_a_damaged_file_with_no_backup_gives_defaults_and_keeps_the_file(app_home: Path) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_bytes(b"\xff\xfe garbage")

    loaded = load_settings()
    save_settings(loaded.settings)

    assert loaded.settings == Settings()
    assert settings_file().with_name("settings.json.damaged").read_bytes() == b"\xff\xfe garbage"


def test_a_missing_settings_file_is_recovered_from_its_backup_rather_than_a_first_run() -> None:
    save_settings(Settings(last_routine="old"))
    save_settings(Settings(last_routine="older"))
    settings_file().unlink()

    loaded = load_settings()

    assert loaded.settings.last_routine == "old"
    assert loaded.notices == (
        "Your settings file settings.json was missing; your settings were restored from its backup "
        "settings.json.bak.",
    )
    assert not settings_file().exists()


def test_no_file_and_no_backup_is_a_first_run() -> None:
    assert load_settings() == LoadedSettings(Settings())


def test_values_that_make_no_sense_are_replaced_one_by_one() -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_text(
        json.dumps(
            {
                "timing": {"rest_seconds": 9999, "prepare_seconds": 20, "scale": "half"},
                "voice": {"rate": True, "mode": "shouty", "volume": 0.3},
                "holds": {"physio-ten": {"hip-flexor": -4, "piriformis": 25}, "odd": 3},
                "safety_notice_seen": "yes",
            }
        )
    )

    loaded = load_settings()

    assert loaded.settings.timing == PlanSettings(prepare_seconds=20)
    assert loaded.settings.voice == VoiceOptions(volume=0.3)
    assert loaded.settings.holds == {"physio-ten": {"piriformis": 25}}
    assert loaded.settings.safety_notice_seen is False
    assert len(loaded.notices) == 7


def test_saved_doses_are_fitted_to_the_routine_as_it_is_now() -> None:
    settings = Settings(
        holds={"physio-ten": {"hip-flexor": 45, "piriformis": 25, "retired": 30, "bridge": 20}},
        timing=PlanSettings(rest_seconds=12),
    )

    plan_settings = settings.plan_settings(builtin_routine("physio-ten"))

    assert plan_settings.holds == {"hip-flexor": 30, "piriformis": 25}
    assert plan_settings.rest_seconds == 12


def test_choosing_a_dose_leaves_other_routines_alone() -> None:
    settings = Settings(holds={"a": {"x": 30}})

    changed = settings.with_dose("b", "y", hold=20, reps=5)

    assert changed.holds == {"a": {"x": 30}, "b": {"y": 20}}
    assert changed.reps == {"b": {"y": 5}}
    assert settings.holds == {"a": {"x": 30}}
    assert replace(changed, holds={}, reps={}) == replace(settings, holds={})
