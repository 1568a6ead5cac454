"""How long espeak-ng takes to say a line, known before anything is rendered.

The planner lays a session out for the rate that will speak it, so it needs every line's length
without a speech engine (core loads no audio code). The model counts what takes time to say —
letters (digits spelt out, as the voice says them), stops between sentences, shorter breaks, and
the line itself — over the rate in words a minute. Fitted by least squares on every line of the
built-in routines rendered by the bundled espeak-ng at 120–200 wpm, 10 wpm apart, clips trimmed
as the app trims them (`bench/line_lengths.py` renders them again and compares): residual
0.22 s. The planner's headroom covers the worst line measured, so a plan that fits by this
model fits the real voice. The countdown's one-word lines are not planned by it: they are said a
second apart, and measured at under 0.55 s even at 120 wpm.
"""

from __future__ import annotations

import re

LETTER_WEIGHT = 10.55
STOP_WEIGHT = 67.6
BREAK_WEIGHT = 39.9
LINE_WEIGHT = 31.9
"""Seconds × words a minute for each letter, each stop between sentences (. ! ? followed by
more), each break (, ; : dash) and each line (starting and ending it)."""
HEADROOM = 1.12
HEADROOM_SECONDS = 0.2
"""The planner's margin: with it, no built-in line at 120–200 wpm outlasts its estimate."""
GAP = 0.15
"""Silence wanted between the end of one line and the start of the next."""

_LETTER = re.compile(r"[^\W\d_]")
_STOP = re.compile(r"[.!?]\s+(?=\S)")
_BREAK = re.compile(r"[,;:—–]")
_NUMBER = re.compile(r"\d+")
_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def estimate_seconds(text: str, rate: int) -> float:
    """The best estimate of how long `text` takes at `rate` words a minute."""
    spelt = _NUMBER.sub(lambda match: _number_words(int(match.group(0))), text).strip()
    if not spelt:
        return 0.0
    weight = (
        LETTER_WEIGHT * len(_LETTER.findall(spelt))
        + STOP_WEIGHT * len(_STOP.findall(spelt))
        + BREAK_WEIGHT * len(_BREAK.findall(spelt))
        + LINE_WEIGHT
    )
    return weight / max(rate, 1)


def planned_seconds(text: str, rate: int) -> float:
    """The time a plan gives `text`: long enough for the real voice, and the silence after it."""
    return estimate_seconds(text, rate) * HEADROOM + HEADROOM_SECONDS + GAP


def _number_words(number: int) -> str:
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {_number_words(rest)}" if rest else "")
    return " ".join(_ONES[int(digit)] for digit in str(number))
