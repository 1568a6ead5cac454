"""Running the real `stretchcoach` against a hostile home folder, and judging what came back.

Every case runs the command in a child process with its own `STRETCHCOACH_HOME`, under a
timeout, and is judged on four counts: a traceback on stderr, a hang, a user file lost or
replaced, and whether a message says what happened. `Outcome` keeps those so a failing case
says which one it failed.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CASE_SECONDS = 20.0
"""Far above any command's time here (the slowest, a window start, takes about two seconds)."""
UNPRIVILEGED = "nobody"


@dataclass(frozen=True)
class Outcome:
    status: int | None
    """None when the command had to be killed: a hang."""
    stdout: str
    stderr: str

    @property
    def hung(self) -> bool:
        return self.status is None

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def run(
    args: Sequence[str],
    home: Path,
    *,
    script: str | None = None,
    user: str | None = None,
    timeout: float = CASE_SECONDS,
    preexec: Callable[[], None] | None = None,
) -> Outcome:
    """`python -m stretchcoach ARGS` (or `python -c SCRIPT ARGS`), as `user` if one is given."""
    environ = {
        **os.environ,
        "STRETCHCOACH_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = (
        [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "stretchcoach", *args]
    )
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={_group_of(user)}", "--clear-groups", *command]
    try:
        result = subprocess.run(
            command,
            env=environ,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
            preexec_fn=preexec,
        )
    except subprocess.TimeoutExpired as expired:
        return Outcome(None, _text(expired.stdout), _text(expired.stderr))
    return Outcome(result.returncode, result.stdout, result.stderr)


def _text(output: bytes | str | None) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def _group_of(user: str) -> int:
    return pwd.getpwnam(user).pw_gid


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: what kind it is and, for a regular file, its content's hash.

    Special files are recorded by kind without being opened, so taking a snapshot never blocks.
    """
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        key = str(path.relative_to(folder))
        if stat.S_ISLNK(mode):
            found[key] = f"link to {path.readlink()}"
        elif stat.S_ISREG(mode):
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = stat.filemode(mode)[0]
    return found


def lost_or_replaced(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The user's entries that are gone or whose content changed; new files (a log) are fine."""
    return [
        f"{name}: {kind} -> {after.get(name, 'gone')}"
        for name, kind in before.items()
        if after.get(name) != kind
    ]


def judge(outcome: Outcome, before: dict[str, str], after: dict[str, str], *, says: Sequence[str]) -> None:
    """The four counts every case is held to, each failing with its own explanation."""
    assert not outcome.hung, f"hung (killed after {CASE_SECONDS:g} s); stderr so far:\n{outcome.stderr}"
    assert not outcome.traceback, f"a traceback reached the user:\n{outcome.stderr}"
    assert not lost_or_replaced(before, after), (
        f"user files lost or replaced: {lost_or_replaced(before, after)}"
    )
    said = outcome.stdout + outcome.stderr
    missing = [words for words in says if words not in said]
    assert not missing, (
        f"the message does not say {missing}:\nstdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}"
    )


@contextmanager
def shared_home() -> Iterator[Path]:
    """A home an unprivileged user can reach: pytest's own folders are private to root.

    Skips when the tests do not run as root (a plain user cannot make another user's files
    unreadable to it in a way the test could undo) or the unprivileged user cannot run Python
    from where it is installed.
    """
    if os.geteuid() != 0:
        pytest.skip("needs root, to run the command as an unprivileged user")
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux), to run the command as an unprivileged user")
    try:
        account = pwd.getpwnam(UNPRIVILEGED)
    except KeyError:
        pytest.skip(f"there is no user '{UNPRIVILEGED}' to run the command as")
    probe = subprocess.run(
        [
            "setpriv",
            f"--reuid={UNPRIVILEGED}",
            f"--regid={account.pw_gid}",
            "--clear-groups",
            sys.executable,
            "-c",
            "import stretchcoach",
        ],
        capture_output=True,
        check=False,
        timeout=CASE_SECONDS,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"'{UNPRIVILEGED}' cannot run this Python and StretchCoach: "
            + probe.stderr.decode(errors="replace")[-200:]
        )
    with tempfile.TemporaryDirectory(prefix="stretchcoach-faults-") as folder:
        Path(folder).chmod(0o755)
        home = Path(folder) / "home"
        home.mkdir()
        os.chown(home, account.pw_uid, account.pw_gid)
        yield home  # root removes it afterwards whatever its modes


def give_to(path: Path, user: str = UNPRIVILEGED) -> None:
    """Make `path` and everything under it the unprivileged user's, as the user's own files are."""
    account = pwd.getpwnam(user)
    for entry in (path, *path.rglob("*")):
        os.chown(entry, account.pw_uid, account.pw_gid, follow_symlinks=False)
