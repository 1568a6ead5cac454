"""The voice engine in the settings file: saved, read back, and forgiven when it is unknown."""

from __future__ import annotations

import json

from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import Settings, load_settings, save_settings


def test_the_engine_is_saved_by_name_and_read_back() -> None:
    save_settings(Settings(voice=VoiceOptions(engine=VoiceEngine.ESPEAK)))

    assert json.loads(settings_file().read_text())["voice"]["engine"] == "espeak"
    assert load_settings().settings.voice.engine is VoiceEngine.ESPEAK


def test_a_file_without_an_engine_gets_the_natural_voice() -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(json.dumps({"version": 1, "voice": {"rate": 170}}))

    loaded = load_settings()

    assert loaded.settings.voice == VoiceOptions(rate=170)
    assert loaded.settings.voice.engine is VoiceEngine.NATURAL
    assert loaded.notices == ()


def test_an_unknown_engine_is_replaced_by_the_default_with_a_notice() -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(json.dumps({"version": 1, "voice": {"engine": "piper"}}))

    loaded = load_settings()

    assert loaded.settings.voice.engine is VoiceEngine.NATURAL
    assert loaded.notices == ("Settings: voice.engine 'piper' is unknown; using 'natural'.",)
