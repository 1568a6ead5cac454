"""The `stretchcoach` command's entry point: nothing but the guard around loading the CLI.

Loading the command line takes a few tenths of a second; a Ctrl+C in that time would otherwise
reach the user as a traceback, before `cli.main` could catch it.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130
"""As `cli.EXIT_INTERRUPTED`, which is not loaded yet when this is needed."""


def main() -> int:
    try:
        from stretchcoach.cli import main as run_command  # noqa: PLC0415
    except KeyboardInterrupt:
        print("stretchcoach: stopped (Ctrl+C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    return run_command()
