"""The user's choices that change the shape of a session, with the bounds each may take."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from stretchcoach.core.voice_options import RATE_BOUNDS


@dataclass(frozen=True, slots=True)
class Bounds:
    low: float
    high: float
    unit: str
    shown_as: float = 1.0
    """Multiplier for messages, so a scale of 0.5 reads as 50 %."""

    def check(self, name: str, value: float) -> str | None:
        if self.low <= value <= self.high:
            return None
        k = self.shown_as
        return f"{name} is {value * k:g} {self.unit}; allowed {self.low * k:g}–{self.high * k:g} {self.unit}"


BOUNDS: Mapping[str, Bounds] = {
    "rest_seconds": Bounds(3, 300, "s"),
    "prepare_seconds": Bounds(5, 120, "s"),
    "transition_seconds": Bounds(3, 120, "s"),
    "switch_seconds": Bounds(3, 120, "s"),
    "tempo_seconds": Bounds(1.5, 8, "s"),
    "scale": Bounds(0.5, 1.0, "% of the article's dose", shown_as=100),
}


@dataclass(frozen=True)
class PlanSettings:
    """Timing choices for one routine.

    `holds` and `reps` map exercise ids to the user's figure, which must lie within the range the
    article gives; `sets` to a number of sets from one up to the article's figure; `scale` shrinks
    every hold and rep count on a flare-up day but never grows them, so no setting can take a
    session past what the articles advise.
    """

    holds: Mapping[str, int] = field(default_factory=dict)
    reps: Mapping[str, int] = field(default_factory=dict)
    sets: Mapping[str, int] = field(default_factory=dict)
    rest_seconds: int = 10
    prepare_seconds: int = 15
    transition_seconds: int = 10
    switch_seconds: int = 8
    tempo_seconds: float = 3.0
    scale: float = 1.0
    rate: int = 160
    """Words a minute of the voice that will speak the session: a slower voice needs longer to
    say how to get into a stretch, so the get-ready (and every other lead-in) grows to fit."""

    def problems(self) -> list[str]:
        found = []
        for name, bounds in BOUNDS.items():
            problem = bounds.check(name, getattr(self, name))
            if problem:
                found.append(problem)
        low, high = RATE_BOUNDS
        if not low <= self.rate <= high:
            found.append(f"rate is {self.rate} words a minute; allowed {low}–{high} words a minute")
        return found
