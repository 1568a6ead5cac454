"""`stretchcoach voices` and `stretchcoach say`, as run from a terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from stretchcoach.cli import main
from stretchcoach.speech import choose_voice, cli_commands
from stretchcoach.speech.espeak import bootstrap
from stretchcoach.speech.hibari.renderer import HibariRenderer, natural_installed
from stretchcoach.speech.renderer_protocol import SpeechUnavailable
from stretchcoach.speech.wav import LEAD_IN, TARGET_LEVEL, read_wav, speech_level
from tests.speech.fakes import copying_player

ESPEAK = ("--engine", "espeak")
"""For the tests of what `say` does with its sound: espeak-ng starts faster than the natural
voice's render process, and which engine made the phrase is no part of them."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def no_sound(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No QtMultimedia and no player on the PATH but what the test puts in the returned folder."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_say_out_writes_the_phrase_to_a_wav(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "hold.wav"

    status, said, err = run(capsys, "say", "Hold for thirty seconds.", "--out", str(out), "--rate", "150")

    assert status == 0, err
    sound = read_wav(out)
    assert sound.rms() > 0.02
    assert 1.2 < sound.seconds < 3.5
    assert said == f"wrote {out} ({sound.seconds:.2f} s)\n"
    assert [path.name for path in tmp_path.iterdir()] == ["hold.wav"]


def test_say_in_another_voice_sounds_different(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    british, american = tmp_path / "gb.wav", tmp_path / "us.wav"
    assert run(capsys, "say", "Breathe out.", "--voice", "gmw/en", "--out", str(british))[0] == 0
    assert run(capsys, "say", "Breathe out.", "--voice", "gmw/en-us", "--out", str(american))[0] == 0

    assert read_wav(british).samples != read_wav(american).samples


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rate", "500"), "stretchcoach: --rate must be 80 to 300 words a minute, not 500\n"),
        (("--voice", "xx/nowhere"), "stretchcoach: no voice 'xx/nowhere' (see `stretchcoach voices`)\n"),
    ],
)
def test_say_refuses_a_bad_option_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, "say", "Hello.", *args, "--out", str(tmp_path / "x.wav"))

    assert (status, out, err) == (2, "", message)
    assert not (tmp_path / "x.wav").exists()


def test_say_to_a_folder_that_does_not_exist_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "nowhere" / "x.wav")
    status, _, err = run(capsys, "say", "Hello.", *ESPEAK, "--out", out)

    assert status == 1
    assert err.startswith("stretchcoach: cannot write ") and err.count("\n") == 1


def test_say_with_no_sound_output_says_so_and_suggests_out(
    capsys: pytest.CaptureFixture[str], no_sound: Path
) -> None:
    status, _, err = run(capsys, "say", "Hello.", *ESPEAK)

    assert status == 1
    assert err == "stretchcoach: no audio output found; use --out FILE.wav to save the phrase instead\n"


def test_say_plays_through_a_player_command_when_qt_cannot(
    capsys: pytest.CaptureFixture[str], no_sound: Path, tmp_path: Path
) -> None:
    heard = tmp_path / "heard.wav"
    copying_player(no_sound, "aplay", heard)

    status, _, err = run(capsys, "say", "Hello there.", *ESPEAK)

    assert status == 0, err
    assert read_wav(heard).rms() > 0.02


def test_a_failing_player_is_one_line(capsys: pytest.CaptureFixture[str], no_sound: Path) -> None:
    player = no_sound / "aplay"
    player.write_text("#!/bin/sh\necho 'aplay: main: audio open error: No such device' >&2\nexit 1\n")
    player.chmod(0o755)

    status, _, err = run(capsys, "say", "Hello.", *ESPEAK)

    assert status == 1
    said = "aplay: main: audio open error: No such device"
    assert err == f"stretchcoach: aplay could not play the phrase: {said}\n"


def test_voices_lists_ids_and_names_and_marks_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "voices")

    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "English (Great Britain)" in rows["gmw/en"]
    assert rows["gmw/en"].endswith("(default)")
    assert "gmw/en-US" in rows
    assert len(rows) > 50
    assert "espeak-ng, " in out and "(stretchcoach say --engine espeak --voice ID):" in out


@pytest.mark.skipif(not natural_installed(), reason="hibari-tts is not installed (CI installs it)")
def test_voices_lists_the_natural_voice_first_as_the_default_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "voices")

    assert status == 0
    first, voice = out.splitlines()[:2]
    assert (
        first
        == "Natural voice (hibari-tts), the default engine, 1 voice (stretchcoach say --engine natural):"
    )
    assert voice.split() == ["heart", "Natural", "(American", "English)", "(default)"]


def test_without_the_natural_voice_espeak_is_the_default_engine(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_commands, "natural_installed", lambda: False)

    status, out, _ = run(capsys, "voices")

    assert status == 0
    assert out.startswith("espeak-ng, the default engine, ")
    assert "heart" not in out.split()


def test_voices_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "voices", "--json")

    document = json.loads(out)
    assert status == 0
    engines = {engine["engine"]: engine for engine in document["engines"]}
    assert document["default_engine"] == document["engines"][0]["engine"]
    espeak = engines["espeak"]
    assert espeak["default_voice"] == "gmw/en"
    english = next(voice for voice in espeak["voices"] if voice["id"] == "gmw/en")
    assert english == {"id": "gmw/en", "name": "English (Great Britain)", "languages": ["en-gb", "en"]}
    if natural_installed():
        assert document["default_engine"] == "natural"
        assert engines["natural"]["voices"] == [
            {"id": "heart", "name": "Natural (American English)", "languages": ["en-us"]}
        ]


@pytest.mark.skipif(not natural_installed(), reason="hibari-tts is not installed (CI installs it)")
def test_without_espeak_voices_lists_the_natural_voice_and_says_why_espeak_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bootstrap, "candidates", list)

    status, out, err = run(capsys, "voices")

    assert status == 0
    assert out.startswith("Natural voice (hibari-tts), the default engine") and "espeak-ng," not in out
    assert err == (
        "stretchcoach: espeak-ng is not available (no voice: the espeak-ng speech engine is not installed)\n"
    )


def test_without_either_engine_voices_fails_and_so_does_say_with_espeak_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bootstrap, "candidates", list)
    monkeypatch.setattr(cli_commands, "natural_installed", lambda: False)
    expected = "stretchcoach: no voice: the espeak-ng speech engine is not installed\n"

    assert run(capsys, "voices") == (1, "", expected)
    out = str(tmp_path / "x.wav")
    assert run(capsys, "say", "Hello.", "--engine", "espeak", "--out", out) == (1, "", expected)


@pytest.mark.skipif(not natural_installed(), reason="hibari-tts is not installed (`make test` installs it)")
@pytest.mark.parametrize("engine", ["natural", "espeak"])
def test_say_renders_as_a_session_does_with_either_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str
) -> None:
    """The worker, the cache's trimming and levelling: what `say` writes is the session's clip."""
    out = tmp_path / f"{engine}.wav"

    status, said, _ = run(capsys, "say", "Hold for 30 seconds.", "--engine", engine, "--out", str(out))

    sound = read_wav(out)
    assert status == 0 and said.startswith(f"wrote {out}")
    assert abs(speech_level(sound) - TARGET_LEVEL) <= 1.0
    span = sound.audible_span()
    assert span is not None and span[0] <= round(LEAD_IN * sound.rate)


def test_say_falls_back_to_espeak_with_one_line_when_the_natural_voice_cannot_start(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse() -> HibariRenderer:
        raise SpeechUnavailable("the natural voice (hibari-tts) is not installed")

    monkeypatch.setattr(choose_voice, "start_hibari", refuse)
    out = tmp_path / "x.wav"

    status, _, complaint = run(capsys, "say", "Rest.", "--engine", "natural", "--out", str(out))

    assert status == 0 and read_wav(out).rate == 22050
    assert complaint == (
        "stretchcoach: The natural voice is not available: the natural voice (hibari-tts) is not"
        " installed. The coach speaks with espeak-ng instead.\n"
    )


def test_a_voice_name_is_for_espeak(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = str(tmp_path / "x.wav")

    assert run(capsys, "say", "Rest.", "--engine", "natural", "--voice", "en-us", "--out", out) == (
        2,
        "",
        "stretchcoach: --voice chooses among espeak-ng's voices: add --engine espeak\n",
    )
