"""Finding and loading espeak-ng without ever letting it take the app down.

The C library calls `exit(1)` when it cannot start (most often: no data folder), and a damaged
data folder can make it crash on the first phrase instead. So every install is checked in three
steps, each able to turn a failure into `SpeechUnavailable` with a reason in plain words:
its files are looked at first; then a child process loads it and speaks one word; only then is it
loaded into this process, where `espeak_ng_Initialize` (which returns an error rather than
exiting) starts it.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from stretchcoach.speech.espeak.binding import Espeak, EspeakError
from stretchcoach.speech.renderer_protocol import SpeechUnavailable

log = logging.getLogger(__name__)

DATA_FILES = ("phontab", "phonindex", "phondata", "intonations")
"""What espeak-ng reads first when it starts; without any of them it exits the process."""
SYSTEM_LIBRARIES = (
    "usr/lib/*/libespeak-ng.so.1",
    "usr/lib64/libespeak-ng.so.1",
    "usr/lib/libespeak-ng.so.1",
    "usr/local/lib/libespeak-ng.so.1",
)
"""Patterns under the root folder, as Debian, Fedora, Arch and a source build install it."""
SYSTEM_DATA = ("/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data")
PROBE_SECONDS = 15.0
PROBE_REFUSED = 3
"""The probe's exit status when it refused an install (any other failure is the library's)."""


class Source(StrEnum):
    BUNDLED = "bundled"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class EspeakInstall:
    library: Path
    data: Path
    source: Source

    def problem(self) -> str | None:
        """Why this install cannot start, judged from its files alone, or None.

        A folder that cannot be searched makes `is_file` raise rather than answer: that install
        is unusable, not the app, and the next one (or the captions) takes over.
        """
        try:
            return self._missing()
        except OSError as error:
            return f"espeak-ng's files in {self.data.parent} cannot be read ({error.strerror or error})"

    def _missing(self) -> str | None:
        if not self.library.is_file():
            return f"the espeak-ng library {self.library} is missing"
        if not self.data.is_dir():
            return f"espeak-ng's data folder {self.data} is missing"
        missing = [name for name in DATA_FILES if not (self.data / name).is_file()]
        if missing:
            return f"espeak-ng's data folder {self.data} is incomplete (no {', '.join(missing)})"
        return None


@dataclass(frozen=True, slots=True)
class EspeakRuntime:
    """espeak-ng loaded into this process and started."""

    install: EspeakInstall
    version: str
    espeak: Espeak

    @property
    def engine_id(self) -> str:
        """Names what renders a phrase, for cache keys: another version may sound different."""
        return f"espeak-ng {self.version} {self.install.data}"


def bundled_install() -> EspeakInstall | None:
    try:
        loader = importlib.import_module("espeakng_loader")
    except ImportError:
        return None
    library = Path(loader.get_library_path())
    return EspeakInstall(library, library.parent / "espeak-ng-data", Source.BUNDLED)


def system_installs() -> list[EspeakInstall]:
    found = []
    for pattern in SYSTEM_LIBRARIES:
        for library in sorted(Path("/").glob(pattern)):
            beside = library.parent / "espeak-ng-data"
            data = next((p for p in (beside, *map(Path, SYSTEM_DATA)) if p.is_dir()), beside)
            found.append(EspeakInstall(library, data, Source.SYSTEM))
    return found


def candidates() -> list[EspeakInstall]:
    """The bundled espeak-ng first (its data matches its library), then any system one."""
    bundled = bundled_install()
    return ([bundled] if bundled else []) + system_installs()


def usable_installs(options: Sequence[EspeakInstall] | None = None) -> list[EspeakInstall]:
    """The installs whose files are all there, best first; nothing is loaded yet."""
    options = candidates() if options is None else options
    usable = [install for install in options if install.problem() is None]
    if usable:
        return usable
    problems = [problem for install in options if (problem := install.problem())]
    raise SpeechUnavailable(problems[0] if problems else "the espeak-ng speech engine is not installed")


def locate_espeak(options: Sequence[EspeakInstall] | None = None) -> EspeakInstall:
    """The best install whose files are all there."""
    return usable_installs(options)[0]


def load_first(installs: Sequence[EspeakInstall]) -> EspeakRuntime:
    """Load the first of `installs` that really starts: the bundled espeak-ng, else a system one."""
    refusals = []
    for install in installs:
        try:
            return load_espeak(install)
        except SpeechUnavailable as refusal:
            log.warning("espeak-ng from %s refused: %s", install.library, refusal.reason)
            refusals.append(refusal)
    raise refusals[0] if refusals else SpeechUnavailable("the espeak-ng speech engine is not installed")


_lock = threading.Lock()
_loaded: EspeakRuntime | None = None
_refusals: dict[EspeakInstall, SpeechUnavailable] = {}


def load_espeak(install: EspeakInstall) -> EspeakRuntime:
    """Load the install into this process, once; later calls return the same runtime.

    Raises SpeechUnavailable if the install is unusable, or if another one is already loaded
    (a process can hold one espeak-ng only).
    """
    global _loaded  # noqa: PLW0603
    with _lock:
        if _loaded is not None and _loaded.install == install:
            return _loaded
        if install in _refusals:
            raise _refusals[install]
        try:
            problem = install.problem()
            if problem is not None:
                raise SpeechUnavailable(problem)
            probe(install)
            if _loaded is not None:
                raise SpeechUnavailable(f"espeak-ng from {_loaded.install.library} is already in use")
            _loaded = load_in_process(install)
        except SpeechUnavailable as refusal:
            _refusals[install] = refusal
            raise
        return _loaded


def probe(install: EspeakInstall) -> None:
    """Start the install in a child process and speak a word there, where an exit or crash is harmless."""
    command = [
        sys.executable,
        "-m",
        "stretchcoach.speech.espeak.probe",
        str(install.library),
        str(install.data),
        install.source.value,
    ]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SpeechUnavailable(f"espeak-ng did not start within {PROBE_SECONDS:g} seconds") from None
    except OSError as error:
        raise SpeechUnavailable(f"could not test espeak-ng ({error.strerror})") from None
    if result.returncode == 0:
        return
    said = [line.strip() for line in (result.stderr or "").splitlines() if line.strip()]
    if result.returncode == PROBE_REFUSED and said:
        raise SpeechUnavailable(said[-1])
    if result.returncode < 0:
        how = f"crashed (signal {-result.returncode})"
    else:
        how = f"quit (status {result.returncode})"
    detail = f": {said[-1]}" if said else ""
    raise SpeechUnavailable(f"espeak-ng {how} while starting{detail}")


def load_in_process(install: EspeakInstall) -> EspeakRuntime:
    """Load and start the library here, on its own data folder.

    The folder is handed to the library (`Espeak.start`), never put in `ESPEAK_DATA_PATH`: this
    runs on the synthesis worker, and writing the environment while other threads may read it
    (setenv) is not thread-safe. Call `probe` first: a data folder that is present but damaged
    can still crash the library.
    """
    try:
        library = ctypes.CDLL(str(install.library), mode=ctypes.RTLD_GLOBAL)
    except OSError as error:
        raise SpeechUnavailable(f"could not load {install.library.name} ({error})") from None
    espeak = Espeak(library)
    try:
        espeak.start(install.data)
    except EspeakError as error:
        reason = f"espeak-ng could not start with the data in {install.data}: {error}"
        raise SpeechUnavailable(reason) from None
    return EspeakRuntime(install, espeak.version(), espeak)
