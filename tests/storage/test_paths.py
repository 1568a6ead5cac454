"""Where files go: the platform's folders by default, one folder under STRETCHCOACH_HOME."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from stretchcoach.storage import paths


def test_the_platform_folders_are_used_when_no_home_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRETCHCOACH_HOME")
    monkeypatch.setattr(platformdirs, "user_config_path", lambda app: tmp_path / "config" / app)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda app: tmp_path / "share" / app)
    monkeypatch.setattr(platformdirs, "user_cache_path", lambda app: tmp_path / "cache" / app)

    assert paths.settings_file() == tmp_path / "config" / "stretchcoach" / "settings.json"
    assert paths.history_file() == tmp_path / "share" / "stretchcoach" / "history.sqlite3"
    assert paths.user_routines_dir() == tmp_path / "share" / "stretchcoach" / "routines"
    assert paths.cache_dir() == tmp_path / "cache" / "stretchcoach"


def test_stretchcoach_home_keeps_everything_in_one_folder(app_home: Path) -> None:
    for folder in (paths.config_dir(), paths.data_dir(), paths.cache_dir(), paths.log_dir()):
        assert folder.parent == app_home
