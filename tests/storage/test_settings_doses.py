"""Doses in the settings file: per routine and exercise, restored per routine, clamped out loud;
a file from a newer StretchCoach is never touched."""

from __future__ import annotations

import json

import pytest

from stretchcoach.core.builtin import builtin_routine, builtin_routines
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import (
    NEWER_FILE_NOTICE,
    NewerSettingsFile,
    Settings,
    load_settings,
    save_settings,
)


def test_a_dose_belongs_to_an_exercise_in_a_routine_and_is_saved() -> None:
    settings = (
        Settings()
        .with_dose("five-stretches", "knees-to-chest", hold=90)
        .with_dose("quick-relief", "knees-to-chest", hold=70)
        .with_dose("core-strength", "plank", sets=2)
        .with_dose("physio-ten", "bridge", reps=10)
    )
    save_settings(settings)

    loaded = load_settings().settings
    assert loaded == settings
    five = loaded.plan_settings(builtin_routine("five-stretches"))
    assert five.holds == {"knees-to-chest": 90}
    assert loaded.plan_settings(builtin_routine("quick-relief")).holds == {"knees-to-chest": 70}
    assert loaded.plan_settings(builtin_routine("core-strength")).sets == {"plank": 2}


def test_restoring_a_routine_forgets_only_its_own_doses() -> None:
    settings = (
        Settings()
        .with_dose("five-stretches", "knees-to-chest", hold=90)
        .with_dose("core-strength", "plank", sets=2)
        .with_dose("five-stretches", "forward-fold", hold=90)
        .with_dose("quick-relief", "knees-to-chest", hold=70)
    )

    restored = settings.without_doses("five-stretches").without_doses("core-strength")

    assert restored.holds == {"quick-relief": {"knees-to-chest": 70}}
    assert restored.sets == {}
    assert restored.plan_settings(builtin_routine("five-stretches")).holds == {}


def test_a_dose_out_of_range_is_clamped_with_a_notice_naming_the_exercise_and_the_range() -> None:
    settings = (
        Settings()
        .with_dose("five-stretches", "forward-fold", hold=30)
        .with_dose("five-stretches", "knees-to-chest", hold=90)
        .with_dose("core-strength", "plank", sets=9)
    )

    notices = settings.clamped_doses(builtin_routines())

    assert notices == [
        "Settings: the hold for Forward fold (Five stretches for a tight lower back) was 30 s; "
        "the article allows 60–180 s, so 60 s is used.",
        "Settings: the number of sets for Plank (Core strength for a healthy back) was 9; "
        "the article allows 1–3, so 3 is used.",
    ]
    assert settings.plan_settings(builtin_routine("five-stretches")).holds["forward-fold"] == 60


def test_a_file_from_a_newer_version_is_left_as_it_is_and_the_defaults_are_used() -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    newer = {"version": 2, "holds": {"five-stretches": {"knees-to-chest": 90}}, "wholly_new": [1, 2]}
    path.write_text(json.dumps(newer), encoding="utf-8")
    before = path.read_bytes()

    loaded = load_settings()

    assert loaded.settings == Settings()
    assert loaded.notices == (NEWER_FILE_NOTICE,)
    assert "newer StretchCoach" in NEWER_FILE_NOTICE and "defaults are used" in NEWER_FILE_NOTICE
    with pytest.raises(NewerSettingsFile):
        save_settings(Settings(safety_notice_seen=True))
    assert path.read_bytes() == before
    assert [entry.name for entry in path.parent.iterdir()] == [path.name]  # no backup, nothing set aside
