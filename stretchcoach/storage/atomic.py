"""Writing a file so that a crash or power cut leaves either the old version or the new one."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace `path` with `data` in one step, keeping the previous version as `path.bak`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if keep_backup and path.exists():
            _copy_atomically(path, backup_of(path))
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    _sync_folder(path.parent)


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _copy_atomically(source: Path, target: Path) -> None:
    """A full disk can stop the copy half way: the partial copy goes, the old backup stays."""
    staging = target.with_name(target.name + ".tmp")
    try:
        shutil.copyfile(source, staging)
        staging.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        raise


def set_aside(path: Path, why: str) -> Path:
    """Move a damaged file out of the way, never deleting it, and say where it went."""
    target = aside_path(path, why)
    path.replace(target)
    return target


def aside_path(path: Path, why: str) -> Path:
    """Where `set_aside` would put `path` now: beside it, under a name no earlier copy has, so
    a notice can name the copy before it is made."""
    for attempt in range(1000):
        suffix = f".{why}" if attempt == 0 else f".{why}-{attempt}"
        target = path.with_name(path.name + suffix)
        if not target.exists():
            return target
    raise FileExistsError(f"too many set-aside copies of {path}")


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
