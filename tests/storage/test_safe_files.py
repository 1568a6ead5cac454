"""Files the user cares about survive a crash, a full disk and a second damaged copy.

Each test plays one thing that goes wrong at the worst moment and checks what the user is left
with: the old settings or the new, never half of one, and no clutter beside them.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from stretchcoach.storage.atomic import set_aside, write_atomically
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import Settings, load_settings, save_settings


def test_a_save_replaces_the_file_rather_than_rewriting_it_in_place() -> None:
    save_settings(Settings(last_routine="before"))
    with settings_file().open("rb") as reader:
        save_settings(Settings(last_routine="after"))

        still_read = reader.read()

    assert b'"before"' in still_read, "someone reading during a save sees the whole old file"
    assert load_settings().settings.last_routine == "after"


def test_the_new_settings_reach_the_disk_before_they_take_the_old_ones_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        target = str(Path(f"/proc/self/fd/{descriptor}").readlink())
        synced.append((target, stat.S_ISREG(os.fstat(descriptor).st_mode)))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)

    save_settings(Settings(last_routine="durable"))

    files = [Path(target) for target, regular in synced if regular]
    assert len(files) == 1
    assert files[0].parent == settings_file().parent, "written beside the file, so the rename is atomic"
    assert files[0].name.startswith(".settings.json.")
    assert files[0].name.endswith(".tmp")
    assert (str(settings_file().parent), False) in synced, "the folder too, so the rename itself lasts"


def test_a_failed_save_keeps_the_old_settings_and_leaves_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_settings(Settings(last_routine="kept"))

    def no_room(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(OSError, match="No space left"):
        patch.setattr(Path, "replace", no_room)
        save_settings(Settings(last_routine="lost"))

    assert load_settings().settings.last_routine == "kept"
    assert sorted(path.name for path in settings_file().parent.iterdir()) == ["settings.json"]


def test_a_write_interrupted_mid_way_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes" / "file.bin"

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"data")

    assert list(target.parent.iterdir()) == []


def test_saving_again_keeps_exactly_one_backup_and_no_staging_copy() -> None:
    for name in ("one", "two", "three"):
        save_settings(Settings(last_routine=name))

    names = sorted(path.name for path in settings_file().parent.iterdir())

    assert names == ["settings.json", "settings.json.bak"]
    assert b'"two"' in settings_file().with_name("settings.json.bak").read_bytes()


def test_a_write_without_a_backup_leaves_none(tmp_path: Path) -> None:
    target = tmp_path / "clip.wav"
    write_atomically(target, b"old", keep_backup=False)

    write_atomically(target, b"new", keep_backup=False)

    assert target.read_bytes() == b"new"
    assert [path.name for path in tmp_path.iterdir()] == ["clip.wav"]


def test_settings_that_cannot_be_read_give_the_defaults_and_say_why() -> None:
    settings_file().mkdir(parents=True)

    loaded = load_settings()

    assert loaded.settings == Settings()
    assert loaded.notices == (
        "Could not read your settings (settings.json is a folder); using the defaults for now.",
    )
    assert settings_file().is_dir(), "nothing is moved or deleted when the file could not even be read"


def test_a_second_damaged_copy_is_kept_beside_the_first(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("first damage")
    first = set_aside(path, "damaged")
    path.write_text("second damage")

    second = set_aside(path, "damaged")

    assert (first.name, second.name) == ("settings.json.damaged", "settings.json.damaged-1")
    assert (first.read_text(), second.read_text()) == ("first damage", "second damage")
    assert not path.exists()


def test_a_damaged_settings_file_seen_twice_keeps_both_copies() -> None:
    settings_file().parent.mkdir(parents=True)
    for garbage in (b"{not json", b"[1, 2]"):
        settings_file().write_bytes(garbage)
        loaded = load_settings()
        assert loaded.settings == Settings()
        save_settings(loaded.settings)

    kept = sorted(path.name for path in settings_file().parent.iterdir())

    assert kept == ["settings.json", "settings.json.damaged", "settings.json.damaged-1"]


def test_a_disk_that_fills_while_the_backup_is_copied_leaves_the_old_backup_and_no_part_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_settings(Settings(last_routine="first"))
    save_settings(Settings(last_routine="second"))

    def half_copy(source: Path, target: Path) -> None:
        Path(target).write_bytes(Path(source).read_bytes()[:5])
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(OSError, match="No space left"):
        patch.setattr(shutil, "copyfile", half_copy)
        save_settings(Settings(last_routine="third"))

    names = sorted(path.name for path in settings_file().parent.iterdir())
    assert names == ["settings.json", "settings.json.bak"]
    assert load_settings().settings.last_routine == "second"
    assert b'"first"' in settings_file().with_name("settings.json.bak").read_bytes()
