"""Finding espeak-ng, and never letting its C library take the process down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stretchcoach.speech.espeak.bootstrap import (
    DATA_FILES,
    EspeakInstall,
    Source,
    bundled_install,
    candidates,
    load_espeak,
    locate_espeak,
    probe,
)
from stretchcoach.speech.renderer_protocol import SpeechUnavailable


@pytest.fixture(scope="module")
def bundled() -> EspeakInstall:
    install = bundled_install()
    assert install is not None, "espeakng-loader is a dependency of the app"
    return install


@pytest.fixture
def damaged_data(tmp_path: Path, bundled: EspeakInstall) -> Path:
    """espeak's data with a phoneme table that is present but garbage: the library crashes on it."""
    folder = tmp_path / "espeak-ng-data"
    folder.mkdir()
    for entry in bundled.data.iterdir():
        if entry.name != "phontab":
            (folder / entry.name).symlink_to(entry)
    (folder / "phontab").write_bytes(b"garbage" * 10)
    return folder


def test_the_bundled_espeak_comes_first_and_has_its_data(bundled: EspeakInstall) -> None:
    assert candidates()[0] == bundled
    assert bundled.source is Source.BUNDLED
    assert bundled.problem() is None
    assert locate_espeak() == bundled


def test_an_install_whose_data_is_missing_or_incomplete_is_passed_over(
    tmp_path: Path, bundled: EspeakInstall
) -> None:
    incomplete = tmp_path / "data"
    incomplete.mkdir()
    (incomplete / "phontab").write_bytes(b"x")
    missing = EspeakInstall(bundled.library, tmp_path / "nowhere", Source.BUNDLED)
    partial = EspeakInstall(bundled.library, incomplete, Source.SYSTEM)

    assert locate_espeak([missing, partial, bundled]) == bundled
    with pytest.raises(SpeechUnavailable, match="nowhere is missing"):
        locate_espeak([missing, partial])
    assert "no " + ", ".join(DATA_FILES[1:]) in str(partial.problem())


def test_no_espeak_at_all_says_so() -> None:
    with pytest.raises(SpeechUnavailable, match="not installed"):
        locate_espeak([])


MISSING_DATA = """
import ctypes, sys
from pathlib import Path
from stretchcoach.speech.espeak.bootstrap import *
bundled = bundled_install()
if sys.argv[1] == "raw":
    library = ctypes.CDLL(str(bundled.library))
    library.espeak_Initialize(1, 100, str(sys.argv[2]).encode(), 0)
    print("espeak_Initialize returned")
else:
    try:
        load_in_process(EspeakInstall(bundled.library, Path(sys.argv[2]), Source.BUNDLED))
    except SpeechUnavailable as error:
        print("refused:", error.reason)
"""


def test_a_missing_data_folder_is_our_error_where_espeak_itself_would_exit(tmp_path: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    env = {"ESPEAK_DATA_PATH": nowhere, "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    raw, ours = (
        subprocess.run(
            [sys.executable, "-c", MISSING_DATA, way, nowhere],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        for way in ("raw", "ours")
    )

    assert raw.returncode == 1, "espeak_Initialize calls exit(1): the hazard this guards against"
    assert "returned" not in raw.stdout
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.startswith(f"refused: espeak-ng could not start with the data in {nowhere}")


STARTS_ON_ITS_OWN_DATA = """
import os
from stretchcoach.speech.espeak.bootstrap import bundled_install, load_in_process
from stretchcoach.speech.espeak.renderer import EspeakRenderer
before = dict(os.environ)
sound = EspeakRenderer(load_in_process(bundled_install())).render("Ready.")
print(sound.audible_span() is not None, dict(os.environ) == before)
"""


@pytest.mark.parametrize("stale", [False, True], ids=["no ESPEAK_DATA_PATH", "a stale ESPEAK_DATA_PATH"])
def test_espeak_starts_on_its_own_data_and_never_writes_the_environment(tmp_path: Path, stale: bool) -> None:
    """Loading runs on the synthesis worker, where setenv could race a reader on another thread."""
    empty = tmp_path / "espeak-ng-data"
    empty.mkdir()
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    if stale:
        env["ESPEAK_DATA_PATH"] = str(empty)

    result = subprocess.run(
        [sys.executable, "-c", STARTS_ON_ITS_OWN_DATA],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    spoke, environment_untouched = result.stdout.split()
    assert spoke == "True"
    assert environment_untouched == "True"


def test_the_probe_passes_a_good_install(bundled: EspeakInstall) -> None:
    probe(bundled)


def test_a_damaged_data_folder_that_crashes_espeak_is_refused_and_we_live_on(
    bundled: EspeakInstall, damaged_data: Path
) -> None:
    damaged = EspeakInstall(bundled.library, damaged_data, Source.BUNDLED)
    assert damaged.problem() is None, "all the files are there: only running espeak shows the damage"

    with pytest.raises(SpeechUnavailable, match=r"espeak-ng (crashed|quit)") as refused:
        load_espeak(damaged)
    with pytest.raises(SpeechUnavailable) as again:
        load_espeak(damaged)

    assert again.value is refused.value, "an install is tried once per process"


def test_loading_a_missing_install_never_reaches_the_library(tmp_path: Path, bundled: EspeakInstall) -> None:
    with pytest.raises(SpeechUnavailable, match="is missing"):
        load_espeak(EspeakInstall(bundled.library, tmp_path / "gone", Source.BUNDLED))
