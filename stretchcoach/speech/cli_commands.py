"""`stretchcoach voices` and `stretchcoach say`: the voice from a terminal, without the app.

Every failure is one line on stderr and a non-zero status, never a traceback.
"""

from __future__ import annotations

import json
import logging
import queue
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QUrl,
    qInstallMessageHandler,
)

from stretchcoach.core.regular_file import kind_of
from stretchcoach.core.voice_options import RATE_BOUNDS, VoiceEngine, VoiceOptions
from stretchcoach.speech.choose_voice import renderer_starter
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.clip_players import (
    NO_OUTPUT,
    QT_LATENCY,
    OutputUnavailable,
    find_player_command,
    qt_multimedia,
)
from stretchcoach.speech.espeak.bootstrap import usable_installs
from stretchcoach.speech.espeak.renderer import EspeakRenderer, start_espeak
from stretchcoach.speech.hibari import renderer as hibari
from stretchcoach.speech.hibari.renderer import natural_installed
from stretchcoach.speech.renderer_protocol import SpeechUnavailable, Style, VoiceInfo
from stretchcoach.speech.synthesis_worker import Priority, SynthesisWorker
from stretchcoach.speech.wav import Sound, read_wav, save_wav, write_wav

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PLAYER_GRACE_SECONDS = 10.0
RENDER_WAIT_SECONDS = 60.0
"""Starting an engine takes a second or two; a phrase not back by then never will be."""
NATURAL_TITLE = "Natural voice (hibari-tts)"
ESPEAK_TITLE = "espeak-ng"


class _Failed(Exception):
    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


def list_voices(as_json: bool) -> int:
    """Both engines' voices, the natural voice first: it is the default engine where it is
    installed. Fails only if neither engine is there."""
    natural = natural_installed()
    try:
        espeak: EspeakRenderer | None = _renderer()
    except _Failed as failed:
        if not natural:
            return _report(failed)
        print(f"stretchcoach: espeak-ng is not available ({failed})", file=sys.stderr)
        espeak = None
    engines = []
    if natural:
        engines.append(_Engine(VoiceEngine.NATURAL, NATURAL_TITLE, hibari.VOICE, hibari.VOICES))
    if espeak is not None:
        engines.append(_Engine(VoiceEngine.ESPEAK, ESPEAK_TITLE, espeak.default_voice, espeak.voices()))
    if as_json:
        print(json.dumps(_voices_document(engines), indent=2, ensure_ascii=False))
    else:
        _print_voices(engines)
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class _Engine:
    engine: VoiceEngine
    title: str
    default_voice: str
    voices: tuple[VoiceInfo, ...]


def _voices_document(engines: list[_Engine]) -> dict[str, object]:
    return {
        "default_engine": engines[0].engine.value,
        "engines": [
            {
                "engine": engine.engine.value,
                "name": engine.title,
                "default_voice": engine.default_voice,
                "voices": [
                    {"id": v.id, "name": v.name, "languages": list(v.languages)} for v in engine.voices
                ],
            }
            for engine in engines
        ],
    }


def _print_voices(engines: list[_Engine]) -> None:
    """A heading per engine, saying how `say` picks it, then its voices by id and name."""
    for index, engine in enumerate(engines):
        if index:
            print()
        default = ", the default engine" if index == 0 else ""
        if engine.engine is VoiceEngine.NATURAL:
            how = "stretchcoach say --engine natural"
        else:
            how = "stretchcoach say --engine espeak --voice ID"
        count = f"{len(engine.voices)} voice{'s' if len(engine.voices) != 1 else ''}"
        print(f"{engine.title}{default}, {count} ({how}):")
        width = max((len(voice.id) for voice in engine.voices), default=0)
        for voice in engine.voices:
            marker = "  (default)" if voice.id == engine.default_voice else ""
            print(f"  {voice.id:<{width}}  {voice.name}{marker}")


def say(
    text: str,
    voice: str | None = None,
    rate: int | None = None,
    out: Path | None = None,
    engine: VoiceEngine | None = None,
) -> int:
    """Say `text` as a session would: through the synthesis worker, with its fallback from the
    natural voice to espeak-ng (told on stderr), trimmed and levelled as every clip is."""
    try:
        low, high = RATE_BOUNDS
        if rate is not None and not low <= rate <= high:
            raise _Failed(f"--rate must be {low} to {high} words a minute, not {rate}", EXIT_USAGE)
        if not text.strip():
            raise _Failed("there is nothing to say: TEXT is empty", EXIT_USAGE)
        if not _is_text(text):
            raise _Failed(
                "TEXT is not UTF-8 text (check the terminal's or the script's encoding)", EXIT_USAGE
            )
        if not any(character.isalnum() for character in text):
            raise _Failed("there is nothing to say: TEXT has no letters or digits", EXIT_USAGE)
        if out is not None:
            _check_out(out)
        if engine is None:
            # The voices --voice names are espeak-ng's: naming one chooses espeak-ng.
            engine = VoiceEngine.ESPEAK if voice else VoiceOptions().engine
        if voice and engine is VoiceEngine.NATURAL:
            raise _Failed("--voice chooses among espeak-ng's voices: add --engine espeak", EXIT_USAGE)
        chosen = _renderer().voice_id(voice) if voice else ""
        if chosen is None:
            raise _Failed(f"no voice '{voice}' (see `stretchcoach voices`)", EXIT_USAGE)
        style = Style(chosen, rate if rate is not None else VoiceOptions().rate, engine)
        sound = _render_as_a_session_does(text, style)
        if out is not None:
            _write(out, sound)
            print(f"wrote {out} ({sound.seconds:.2f} s)")
        else:
            _play(sound)
    except _Failed as failed:
        return _report(failed)
    return EXIT_OK


def _renderer() -> EspeakRenderer:
    try:
        return start_espeak(usable_installs())
    except SpeechUnavailable as unavailable:
        raise _Failed(f"no voice: {unavailable.reason}") from None


def _render_as_a_session_does(text: str, style: Style) -> Sound:
    results: queue.Queue[Clip | str] = queue.Queue()
    try:
        start = renderer_starter()
    except SpeechUnavailable as unavailable:
        raise _Failed(f"no voice: {unavailable.reason}") from None
    with tempfile.TemporaryDirectory(prefix="stretchcoach-say-") as folder:
        worker = SynthesisWorker(
            start,
            Path(folder),
            on_clip=results.put,
            on_voices=lambda _voices: None,
            on_failure=lambda reason: results.put(f"no voice: {reason}"),
            on_notice=lambda message: print(f"stretchcoach: {message}", file=sys.stderr),
            on_skipped=lambda _text, reason: results.put(reason),
        )
        worker.request((text,), style, Priority.NOW)
        worker.start()
        try:
            result = results.get(timeout=RENDER_WAIT_SECONDS)
        except queue.Empty:
            raise _Failed(f"the phrase was not rendered within {RENDER_WAIT_SECONDS:g} s") from None
        finally:
            worker.shutdown()
        if isinstance(result, str):
            raise _Failed(result)
        return read_wav(result.path)


def _is_text(text: str) -> bool:
    """False for arguments that were not UTF-8: Python keeps their bytes as lone surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_out(out: Path) -> None:
    """Refuse, before rendering, to put the clip anywhere but a new or existing regular file.

    The clip is written beside the path and renamed over it, which would put a regular file in
    place of a device node, a pipe or a link; a link is refused rather than followed so the
    file that changes is always the one named on the command line.
    """
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise _Failed(f"cannot write {out}: {error.strerror}") from None
    if stat.S_ISLNK(mode):
        raise _Failed(f"{out} is a symbolic link; give the path of the file itself", EXIT_USAGE)
    what = kind_of(mode)
    if what is not None:
        raise _Failed(f"{out} is {what}, not a file; nothing was written", EXIT_USAGE)


def _write(out: Path, sound: Sound) -> None:
    try:
        save_wav(out, sound)
    except OSError as error:
        raise _Failed(f"cannot write {out}: {error.strerror}") from None


def _play(sound: Sound) -> None:
    with tempfile.TemporaryDirectory(prefix="stretchcoach-say-") as folder:
        path = Path(folder) / "say.wav"
        write_wav(path, sound)
        if _play_with_qt(path, sound.seconds):
            return
        command = find_player_command()
        if command is None:
            raise _Failed(f"{NO_OUTPUT}; use --out FILE.wav to save the phrase instead")
        try:
            result = subprocess.run(
                [*command, str(path)],
                capture_output=True,
                text=True,
                timeout=sound.seconds + PLAYER_GRACE_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise _Failed(f"{Path(command[0]).name} did not finish playing") from None
        if result.returncode != 0:
            said = result.stderr.strip().splitlines()
            detail = said[-1] if said else f"exit status {result.returncode}"
            raise _Failed(f"{Path(command[0]).name} could not play the phrase: {detail}")


def _play_with_qt(path: Path, seconds: float) -> bool:
    """Play through QtMultimedia if it has a sound device; False if it cannot.

    QSoundEffect reports the end of a clip seconds late, so the wait is the clip's own length.
    """
    qInstallMessageHandler(_qt_message)
    try:
        multimedia = qt_multimedia()
    except OutputUnavailable:
        return False
    _application = QCoreApplication.instance() or QCoreApplication([])
    if not multimedia.QMediaDevices.audioOutputs():
        return False
    effect = multimedia.QSoundEffect()
    loop = QEventLoop()
    error = multimedia.QSoundEffect.Status.Error

    def status_changed() -> None:
        if effect.status() == error:
            loop.quit()

    effect.statusChanged.connect(status_changed)
    effect.setSource(QUrl.fromLocalFile(str(path)))
    effect.play()
    QTimer.singleShot(round((seconds + QT_LATENCY + 0.2) * 1000), loop.quit)
    loop.exec()
    played = bool(effect.status() != error)
    effect.stop()
    return played


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's sound backends complain on stderr when no server runs; the command's own line says it."""
    log.debug("qt: %s", message)


def _report(failed: _Failed) -> int:
    print(f"stretchcoach: {failed}", file=sys.stderr)
    return failed.status
