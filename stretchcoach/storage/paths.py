"""The folders the app keeps its files in.

`STRETCHCOACH_HOME` puts everything under one folder (tests, portable installs); otherwise the
platform's usual places are used, via platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "stretchcoach"
HOME_VARIABLE = "STRETCHCOACH_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else platformdirs.user_cache_path(APP_NAME)


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else platformdirs.user_log_path(APP_NAME)


def settings_file() -> Path:
    return config_dir() / "settings.json"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def user_routines_dir() -> Path:
    return data_dir() / "routines"
