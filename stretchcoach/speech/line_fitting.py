"""Which form of a cue to say: the full line, the brief one, or nothing, given the time it has.

The plan gives every cue a slot (the time until the next cue) and most a brief form. A line
that would run into the next cue is swapped for its brief form; an optional cue (such as
"Halfway.") that cannot fit is dropped; a cue that must be heard is said in its shortest form
even if the next cue has to cut it off, because timing beats completeness on the floor.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stretchcoach.core.plan import Cue, CueKind
from stretchcoach.core.voice_options import CoachingMode

GAP = 0.15
"""Silence wanted between the end of one line and the start of the next."""

NAMED_IN_BRIEF = frozenset(
    {CueKind.NEXT, CueKind.HOW_TO, CueKind.HOLD, CueKind.SWITCH, CueKind.REPOSITION, CueKind.BEAT}
)
"""Kinds whose brief form is what brief coaching says: the name, not the how-to. The others
(safety, halfway, counts, rest, finish) are short already, and the safety line is never cut."""
NEVER_SHORTENED = frozenset({CueKind.SAFETY})

_LETTER = re.compile(r"[^\W\d_]")
_STOP = re.compile(r"[.!?](?:\s|$)")
_BREAK = re.compile(r"[,;:—–]")


def estimate_seconds(text: str, rate: int) -> float:
    """How long espeak-ng takes to say `text` at `rate` words a minute, before it is rendered.

    Fitted on every line of the built-in routines at 80–300 wpm (within ~1 s at 160 wpm); once a
    line is rendered its real length is used instead.
    """
    letters = len(_LETTER.findall(text))
    stops = len(_STOP.findall(text))
    breaks = len(_BREAK.findall(text))
    return (11.0 * letters + 70.0 * stops + 30.0 * breaks) / max(rate, 1)


def forms(cue: Cue, mode: CoachingMode) -> tuple[str, ...]:
    """The lines a cue may be said as, preferred first."""
    if cue.kind in NEVER_SHORTENED:
        return (cue.text,)
    if mode is CoachingMode.BRIEF and cue.kind in NAMED_IN_BRIEF:
        return (cue.short,)
    return (cue.text,) if cue.short == cue.text else (cue.text, cue.short)


def choose_line(cue: Cue, room: float, mode: CoachingMode, seconds: Callable[[str], float]) -> str | None:
    """The form of `cue` to say with `room` seconds before the next cue, or None to stay quiet."""
    candidates = forms(cue, mode)
    for line in candidates:
        if seconds(line) + GAP <= room:
            return line
    if cue.optional:
        return None
    return min(candidates, key=seconds)
