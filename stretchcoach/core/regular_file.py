"""Reading a file the user controls without ever blocking on it or swallowing too much.

Opening a named pipe blocks until someone writes to it, and a device or `/dev/zero` behind a
link never ends, so every file the app reads (routines, settings) goes through here: only a
regular file is opened, without blocking, checked again once open (it may have been swapped
meanwhile), and read up to a limit that is checked before anything parses it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """The path is a folder, a pipe, a socket or a device: nothing the app should read."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"this is {what}, not a regular file", str(path))
        self.what = what


class FileTooLarge(OSError):
    """Larger than the limit its kind of file has; read no further."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"the file is {size:,} bytes; at most {limit:,} are read", str(path))
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str | None:
    """What a file of this mode is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`, following links, if it is a regular file of at most `limit` bytes.

    Raises FileNotFoundError, PermissionError and the like as `open` does, NotARegularFile or
    FileTooLarge; never blocks.
    """
    what = kind_of(path.stat().st_mode)
    if what is not None:
        raise NotARegularFile(path, what)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        what = kind_of(info.st_mode)
        if what is not None:
            raise NotARegularFile(path, what)
        if info.st_size > limit:
            raise FileTooLarge(path, info.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, len(data), limit)
    return data
