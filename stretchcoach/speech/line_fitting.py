"""Which form of a cue to say, and whether an optional one still has time.

The plan is laid out for the rate that speaks it, so that every line fits before the next one
(`core.speech_time`): full coaching says every line as the plan has it, never a shorter stand-in.
Brief coaching, the user's choice, says the brief form of the lines that have one (the exercise's
name instead of how to do it). An optional cue ("Halfway.") with no time left — the voice is
slower than the plan, or a rendered clip came out longer than estimated — is left unsaid.
"""

from __future__ import annotations

from collections.abc import Callable

from stretchcoach.core.plan import Cue, CueKind
from stretchcoach.core.speech_time import GAP
from stretchcoach.core.voice_options import CoachingMode

__all__ = ["GAP", "NAMED_IN_BRIEF", "choose_line", "forms"]
"""GAP too: the pause between lines, where speech code (and its tests) look for it."""

NAMED_IN_BRIEF = frozenset(
    {CueKind.NEXT, CueKind.HOW_TO, CueKind.HOLD, CueKind.SWITCH, CueKind.REPOSITION, CueKind.BEAT}
)
"""Kinds whose brief form is what brief coaching says: the name, not the how-to. The others
(safety, halfway, counts, rest, finish) are short already, and the safety line is never cut."""


def forms(cue: Cue, mode: CoachingMode) -> tuple[str, ...]:
    """The lines a cue may be said as in this coaching mode, for rendering ahead: one line,
    since full coaching no longer falls back to the brief form."""
    if mode is CoachingMode.BRIEF and cue.kind in NAMED_IN_BRIEF:
        return (cue.short,)
    return (cue.text,)


def choose_line(cue: Cue, room: float, mode: CoachingMode, seconds: Callable[[str], float]) -> str | None:
    """The line to say for `cue` with `room` seconds before the next cue, or None to stay quiet.

    Only an optional cue gives way; any other is said whole, since the plan made room for it.
    """
    (line,) = forms(cue, mode)
    if cue.optional and seconds(line) + GAP > room:
        return None
    return line
