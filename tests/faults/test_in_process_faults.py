"""Faults that need no child process: the window as `launch` builds it, file contents drawn by
hypothesis, damaged voice clips, an unreadable espeak-ng install, the closing signals.

These are the fast half of the fault suite: each case runs in milliseconds, so hypothesis can
try a hundred file contents where a child process could afford one.
"""

from __future__ import annotations

import json
import os
import signal
import wave
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.routine_file import RoutineError, load_routine
from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, Source, usable_installs
from stretchcoach.speech.renderer_protocol import SpeechUnavailable, Style
from stretchcoach.speech.wav import Sound, tick
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.paths import settings_file, user_routines_dir
from stretchcoach.storage.settings import load_settings, save_settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.signal_waker import _CLOSING_SIGNALS, SignalWaker
from tests.faults.harness import snapshot
from tests.faults.test_cli_faults import GOOD_SETTINGS, damaged_with_backup
from tests.ui.fakes import RecordingKeepAwake, RecordingVoice

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JSONISH = st.one_of(
    st.binary(max_size=300),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=20,
    ).map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries(
        {
            "version": st.integers(-3, 3),
            "timing": st.dictionaries(st.text(max_size=15), st.integers() | st.text()),
        }
    ).map(lambda value: json.dumps(value).encode()),
)


def test_the_window_restores_damaged_settings_and_its_first_save_keeps_everything(
    app_home: Path, qtbot: QtBot
) -> None:
    damaged_with_backup(app_home)
    backup = settings_file().with_name("settings.json.bak").read_bytes()
    loaded = load_settings()
    window = build_window(
        loaded, load_catalog(), History(), FakeClock(), RecordingVoice(), inhibitor=RecordingKeepAwake()
    )
    qtbot.addWidget(window)

    [notice] = [text for text in window.banner.notices if "settings" in text.lower()]
    assert "restored from the backup settings.json.bak" in notice
    assert window.settings.settings.timing.rest_seconds == 42
    window.settings.update(last_routine="core-strength")

    saved = json.loads(settings_file().read_text())
    assert (saved["timing"]["rest_seconds"], saved["last_routine"]) == (42, "core-strength")
    assert settings_file().with_name("settings.json.damaged").read_bytes() == b'{"timing": {"rest_sec'
    assert settings_file().with_name("settings.json.bak").read_bytes() == backup


@FAST
@given(content=JSONISH)
def test_no_settings_file_stops_the_app_or_is_lost(app_home: Path, content: bytes) -> None:
    """Reading changes nothing; after a save the user's bytes are still in the folder somewhere
    (the backup of a file that was read, or the damaged copy of one that was not)."""
    folder = settings_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    settings_file().write_bytes(content)

    loaded = load_settings()
    assert snapshot(folder) == {"settings.json": snapshot(folder)["settings.json"]}, "reading moved nothing"
    try:
        save_settings(loaded.settings)
    except OSError as refused:  # a newer version's file: kept, not written
        assert "newer" in str(refused)

    kept = [path.read_bytes() for path in folder.iterdir()]
    assert content in kept


@FAST
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_a_routine_file_is_a_routine_or_a_list_of_problems(app_home: Path, content: bytes) -> None:
    path = app_home / "drawn.toml"
    app_home.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        load_routine(path)
    except RoutineError as error:
        assert error.problems and all(str(problem) for problem in error.problems)


@pytest.mark.parametrize("damage", ["zero rate", "cut short", "a FIFO", "a folder"])
def test_a_damaged_clip_in_the_voice_cache_is_rendered_again(app_home: Path, damage: str) -> None:
    cache = ClipCache(app_home / "cache", "test-engine")
    style = Style("", 160)
    path = cache.path_for("Hold", style)
    path.parent.mkdir(parents=True)
    if damage == "zero rate":
        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(22050)
            writer.writeframes(b"\x01\x02" * 100)
        data = bytearray(path.read_bytes())
        data[24:28] = (0).to_bytes(4, "little")  # the header's sample rate
        path.write_bytes(bytes(data))
    elif damage == "cut short":
        cache.get("Hold", style, lambda _text, _style: Sound(tick().samples, 22050))
        path.write_bytes(path.read_bytes()[:200])
    elif damage == "a FIFO":
        os.mkfifo(path)
    else:
        path.mkdir()

    assert cache.find("Hold", style) is None
    if damage != "a folder":
        clip = cache.get("Hold", style, lambda _text, _style: Sound(tick().samples, 22050))
        assert clip.seconds > 0 and cache.find("Hold", style) is not None


def test_an_espeak_install_that_cannot_be_read_gives_way_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "bundled"
    real_is_file = Path.is_file

    def is_file(path: Path) -> bool:
        if locked in path.parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(Path, "is_file", is_file)
    bundled = EspeakInstall(locked / "libespeak-ng.so.1", locked / "espeak-ng-data", Source.BUNDLED)

    with pytest.raises(SpeechUnavailable, match="cannot be read"):
        usable_installs([bundled])


def test_sighup_closes_the_window_as_sigterm_does(qapp: QApplication) -> None:
    before = {number: signal.getsignal(number) for number in _CLOSING_SIGNALS}
    waker = SignalWaker(qapp)
    try:
        installed = signal.getsignal(signal.SIGHUP)
        assert callable(installed) and installed is not before[signal.SIGHUP]
    finally:
        waker.close()
    assert {number: signal.getsignal(number) for number in _CLOSING_SIGNALS} == before


def test_a_user_routines_folder_that_is_a_file_is_said_in_the_window(app_home: Path, qtbot: QtBot) -> None:
    user_routines_dir().parent.mkdir(parents=True)
    user_routines_dir().write_text(json.dumps(GOOD_SETTINGS))

    catalog = load_catalog()
    window = build_window(
        load_settings(), catalog, History(), FakeClock(), RecordingVoice(), inhibitor=RecordingKeepAwake()
    )
    qtbot.addWidget(window)

    assert catalog.find("quick-relief") is not None, "the built-in routines are all there"
    [notice] = [text for text in window.banner.notices if "routines folder" in text]
    assert notice == (
        f"Your routines folder {user_routines_dir()} is a file, not a folder; your own routines are left out."
    )


def test_the_notice_names_the_copy_the_save_will_make_beside_an_earlier_one(app_home: Path) -> None:
    damaged_with_backup(app_home)
    earlier = settings_file().with_name("settings.json.damaged")
    earlier.write_bytes(b"damaged last month")

    loaded = load_settings()
    save_settings(loaded.settings)

    assert "kept as settings.json.damaged-1 when" in loaded.notices[0]
    assert settings_file().with_name("settings.json.damaged-1").read_bytes() == b'{"timing": {"rest_sec'
    assert earlier.read_bytes() == b"damaged last month"
