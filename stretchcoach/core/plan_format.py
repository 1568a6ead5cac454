"""Plans and durations as people read them: clock times, tables and JSON."""

from __future__ import annotations

from typing import Any

from stretchcoach.core.plan import Plan
from stretchcoach.core.speech_time import estimate_seconds


def clock_time(seconds: float) -> str:
    """`75` → `1:15`; `3725` → `1:02:05`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "routine": plan.routine.id,
        "name": plan.routine.name,
        "rate": plan.rate,
        "total_seconds": plan.total_seconds,
        "hold_seconds": plan.hold_seconds(),
        "phases": [
            {
                "kind": phase.kind.value,
                "exercise": phase.exercise.id if phase.exercise else None,
                "side": phase.side.value if phase.side else None,
                "position": phase.position or None,
                "label": phase.label,
                "set": phase.set_index + 1,
                "sets": phase.set_count,
                "rep": phase.rep_index + 1 if phase.rep_count else None,
                "reps": phase.rep_count or None,
                "start": start,
                "seconds": phase.seconds,
                "instructions": phase.instructions or None,
                "safety": list(phase.safety),
                "cues": [
                    {
                        "at": cue.at,
                        "text": cue.text,
                        "brief": cue.brief or None,
                        "kind": cue.kind.value,
                        "speaks_for": round(estimate_seconds(cue.text, plan.rate), 2),
                    }
                    for cue in phase.cues
                ],
            }
            for start, phase in zip(plan.starts, plan.phases, strict=True)
        ],
    }


def plan_table(plan: Plan) -> list[str]:
    """One line a phase, then what the screen says to do wherever it changes, then every line
    the coach says (and the captions show), word for word, with when."""
    lines = [
        f"{plan.routine.name} ({plan.routine.id}): {clock_time(plan.total_seconds)} in all, "
        f"{clock_time(plan.hold_seconds())} of holds, {len(plan.phases)} phases, at {plan.rate} wpm",
        f"{'start':>7}  {'kind':<11} {'secs':>5}  {'exercise':<30} detail",
    ]
    shown = ""
    for start, phase in zip(plan.starts, plan.phases, strict=True):
        detail = [phase.side_label, phase.position]
        if phase.set_count > 1:
            detail.append(f"set {phase.set_index + 1}/{phase.set_count}")
        if phase.rep_count:
            detail.append(f"rep {phase.rep_index + 1}/{phase.rep_count}: {phase.label}")
        lines.append(
            f"{clock_time(start):>7}  {phase.kind.value:<11} {phase.seconds:>5g}  "
            f"{phase.exercise_name[:30]:<30} {', '.join(part for part in detail if part)}"
        )
        if phase.instructions and phase.instructions != shown:
            shown = phase.instructions
            lines.append(f"{'':>9}screen: {shown}")
            lines.extend(f"{'':>9}careful: {note}" for note in phase.safety)
        lines.extend(f"{'':>9}{cue.at:>6g}s  “{cue.text}”" for cue in phase.cues)
    return lines
