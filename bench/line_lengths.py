"""The planner's speech-length model against real espeak-ng renders, rate by rate.

Renders every line the built-in routines say (as planned for each rate) with the bundled
espeak-ng, trims it as the clip cache does, and compares with `core.speech_time`: the estimate's
error, and the margin the planner keeps (planned seconds minus the real clip). A negative margin
would be a line that runs into the next; this is how the model's weights and headroom were
checked. Run `bench/line_lengths.py --fit` to print least-squares weights from the renders.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from stretchcoach.core import speech_time
from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.wording import COUNT_WORDS
from stretchcoach.speech.espeak.bootstrap import usable_installs
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import trim_silence

RATES = (120, 130, 140, 160, 180, 200)


def lines_at(rate: int) -> list[str]:
    found: set[str] = set()
    for routine in builtin_routines():
        found |= build_plan(routine, PlanSettings(rate=rate)).texts()
    return sorted(found)


def main() -> int:
    renderer = start_espeak(usable_installs())
    rows = []
    samples: list[tuple[str, int, float]] = []
    for rate in RATES:
        errors, margins = [], []
        worst = ("", float("inf"))
        for text in lines_at(rate):
            real = trim_silence(renderer.render(text, Style("", rate))).seconds
            samples.append((text, rate, real))
            if text in COUNT_WORDS:
                continue
            errors.append(speech_time.estimate_seconds(text, rate) - real)
            margin = speech_time.planned_seconds(text, rate) - speech_time.GAP - real
            margins.append(margin)
            if margin < worst[1]:
                worst = (text, margin)
        counts = max(trim_silence(renderer.render(w, Style("", rate))).seconds for w in COUNT_WORDS)
        rows.append(
            [
                str(rate),
                str(len(errors)),
                f"{statistics.mean(errors):+.2f}",
                f"{statistics.pstdev(errors):.2f}",
                f"{min(margins):+.2f}",
                f"{counts:.2f}",
                worst[0][:48],
            ]
        )
    print_table(
        "Speech-length model vs espeak-ng renders (seconds)",
        ["wpm", "lines", "mean error", "sd", "least margin", "longest count word", "tightest line"],
        rows,
    )
    if "--fit" in sys.argv:
        fit(samples)
    return 0 if all(float(row[4]) >= 0 for row in rows) else 1


def fit(samples: list[tuple[str, int, float]]) -> None:
    """Least-squares weights for letters, stops, breaks and the line, from the renders."""
    import numpy as np  # only for refitting; the app itself never needs it

    def features(text: str, rate: int) -> list[float]:
        spelt = speech_time._NUMBER.sub(lambda m: speech_time._number_words(int(m.group(0))), text)
        counts = (
            len(speech_time._LETTER.findall(spelt)),
            len(speech_time._STOP.findall(spelt)),
            len(speech_time._BREAK.findall(spelt)),
            1,
        )
        return [count / rate for count in counts]

    rows = [(features(text, rate), real) for text, rate, real in samples if text not in COUNT_WORDS]
    weights, *_ = np.linalg.lstsq(np.array([f for f, _ in rows]), np.array([r for _, r in rows]), rcond=None)
    print("\nweights (letter, stop, break, line):", ", ".join(f"{w:.2f}" for w in weights))


if __name__ == "__main__":
    raise SystemExit(main())
