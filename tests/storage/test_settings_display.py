"""The display settings in the file: kept as saved, and a bad value replaced with a notice."""

from __future__ import annotations

import json

import pytest

from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import DisplayOptions, Settings, Theme, load_settings, save_settings


def write(document: dict[str, object]) -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(json.dumps({"version": 1, **document}), encoding="utf-8")


def test_display_options_are_saved_and_loaded() -> None:
    settings = Settings(display=DisplayOptions(Theme.DARK, start_fullscreen=True, text_scale=1.3))

    save_settings(settings)

    assert json.loads(settings_file().read_text(encoding="utf-8"))["display"] == {
        "theme": "dark",
        "start_fullscreen": True,
        "text_scale": 1.3,
    }
    assert load_settings().settings.display == settings.display


def test_a_file_from_before_the_display_settings_gets_their_defaults() -> None:
    write({"safety_notice_seen": True})

    loaded = load_settings()

    assert loaded.settings.display == DisplayOptions()
    assert loaded.notices == ()


@pytest.mark.parametrize(
    ("display", "said"),
    [
        ({"theme": "purple"}, "display.theme 'purple' is unknown; using 'system'"),
        ({"text_scale": 3}, "display.text_scale was 3"),
        ({"text_scale": "big"}, "display.text_scale was 'big'"),
        ({"start_fullscreen": "yes"}, "display.start_fullscreen was 'yes'"),
    ],
)
def test_a_bad_display_value_is_replaced_by_its_default_and_said(
    display: dict[str, object], said: str
) -> None:
    write({"display": {"theme": "dark", **display}})

    loaded = load_settings()

    assert loaded.settings.display == DisplayOptions(Theme.SYSTEM if "theme" in display else Theme.DARK)
    assert len(loaded.notices) == 1 and said in loaded.notices[0]
