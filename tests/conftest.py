"""Shared by every test: a headless Qt and a private home for the app's files."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every file the app writes at a fresh folder, so no test sees another's or the user's."""
    home = tmp_path / "stretchcoach-home"
    monkeypatch.setenv("STRETCHCOACH_HOME", str(home))
    return home
