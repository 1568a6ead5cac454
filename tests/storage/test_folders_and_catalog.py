"""Where the app keeps things and which routines it lists, as a user moving machines would see it."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from stretchcoach.storage import paths
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.paths import user_routines_dir

MINE = """
id = "{id}"
name = "Mine"
[[exercises]]
id = "knees"
name = "Knees to chest"
position = "lying_on_back"
instructions = "Hug your knees."
how_to = "Hug both knees."
hold = 45
"""


def test_stretchcoach_home_names_each_folder_plainly(app_home: Path) -> None:
    assert paths.config_dir() == app_home / "config"
    assert paths.data_dir() == app_home / "data"
    assert paths.cache_dir() == app_home / "cache"
    assert paths.log_dir() == app_home / "logs"
    assert paths.settings_file() == app_home / "config" / "settings.json"


def test_a_home_with_a_tilde_is_the_users_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("STRETCHCOACH_HOME", "~/coach")

    assert paths.data_dir() == tmp_path / "coach" / "data"


def test_without_a_home_the_log_goes_to_the_platforms_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRETCHCOACH_HOME")
    monkeypatch.setattr(platformdirs, "user_log_path", lambda app: tmp_path / "state" / app / "log")

    assert paths.log_dir() == tmp_path / "state" / "stretchcoach" / "log"


def test_an_empty_home_variable_means_the_platform_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHCOACH_HOME", "")
    monkeypatch.setattr(platformdirs, "user_config_path", lambda app: tmp_path / app)

    assert paths.config_dir() == tmp_path / "stretchcoach"


def test_the_users_routines_are_marked_as_theirs_with_their_file() -> None:
    user_routines_dir().mkdir(parents=True)
    path = user_routines_dir() / "mine.toml"
    path.write_text(MINE.format(id="mine"))

    entry = load_catalog().find("mine")

    assert entry is not None
    assert (entry.builtin, entry.path) == (False, path)
    assert all(e.builtin and e.path is None for e in load_catalog().entries if e.routine.id != "mine")


def test_two_of_the_users_files_with_one_id_keep_the_first_and_explain_the_second() -> None:
    user_routines_dir().mkdir(parents=True)
    (user_routines_dir() / "a.toml").write_text(MINE.format(id="twin"))
    (user_routines_dir() / "b.toml").write_text(MINE.format(id="twin"))

    catalog = load_catalog()

    assert [e.path.name for e in catalog.entries if e.path is not None] == ["a.toml"]
    assert [error.lines() for error in catalog.broken] == [
        [
            f"{user_routines_dir() / 'b.toml'}: id: the id 'twin' is already taken by another routine; "
            "give this one its own id"
        ]
    ]


def test_a_missing_routines_folder_is_no_problem() -> None:
    catalog = load_catalog()

    assert catalog.broken == ()
    assert all(entry.builtin for entry in catalog.entries)
