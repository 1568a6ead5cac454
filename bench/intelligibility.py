"""How well a listener who cannot see the captions would understand the coach: the word error
rate of an offline recogniser on every distinct line of the built-in routines.

Each line is rendered with the app's own voice (the bundled espeak-ng, at the rate given), turned
into 16 kHz mono and transcribed by PocketSphinx with the US English model its PyPI wheel ships,
so nothing is downloaded at run time. Whisper would hear better, but no PyPI package ships a
Whisper model, and fetching one from a model hub is not an option here. A recogniser's errors
are only a proxy for a person's: a line it mishears is a line worth rephrasing, or respelling
for espeak. Not part of `make test`; install the extra first:

    pip install -e '.[intelligibility]'
    python bench/intelligibility.py [--rate 160] [--limit N]

Prints the word error rate per routine and overall, then the worst lines.

Measured on a shared 2-core machine (`--limit 3`, 12 lines, 142 words, about 9 s a line):
94 % of the words misheard ("Breathe in and lower." heard as "really loud"). PocketSphinx's
general model does not follow espeak-ng's voice, so this is far too blunt to judge a rewording
by, and the issue's goal (5 % with a Whisper-class recogniser) cannot be checked with it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from stretchcoach.core import speech_time
from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.plan import CueKind
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.speech.espeak.bootstrap import usable_installs
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import Sound

RECOGNISER_RATE = 16_000
_WORD = re.compile(r"[a-z']+")


def words(text: str) -> list[str]:
    """Lower case words, figures spelt out as the voice says them, for comparing transcripts."""
    spelt = speech_time._NUMBER.sub(lambda match: speech_time._number_words(int(match.group(0))), text)
    return _WORD.findall(spelt.lower().replace("-", " "))


def word_errors(said: list[str], heard: list[str]) -> int:
    """Substitutions, deletions and insertions between the two (word-level Levenshtein)."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def to_recogniser(sound: Sound) -> bytes:
    """16-bit mono at 16 kHz, the model's rate (linear interpolation is plenty for speech)."""
    import numpy as np

    samples = np.asarray(sound.samples, dtype=np.float64)
    times = np.arange(0, len(samples) / sound.rate, 1 / RECOGNISER_RATE)
    resampled = np.interp(times, np.arange(len(samples)) / sound.rate, samples)
    return bytes(resampled.astype(np.int16).tobytes())


def lines_by_routine(rate: int) -> dict[str, list[str]]:
    """The distinct lines each routine says, leaving out the count words and "Halfway."."""
    found = {}
    for routine in builtin_routines():
        plan = build_plan(routine, PlanSettings(rate=rate))
        texts = {
            scheduled.cue.text
            for scheduled in plan.schedule
            if scheduled.cue.kind not in (CueKind.COUNT, CueKind.HALFWAY)
        }
        found[routine.id] = sorted(texts)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=160, help="words a minute (default: the app's 160)")
    parser.add_argument("--limit", type=int, help="only the first N lines of each routine (for a quick look)")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst lines to print")
    args = parser.parse_args()
    try:
        from pocketsphinx import Decoder
    except ImportError:
        print("PocketSphinx is not installed: pip install -e '.[intelligibility]'", file=sys.stderr)
        return 2

    renderer = start_espeak(usable_installs())
    decoder = Decoder(samprate=RECOGNISER_RATE, logfn="/dev/null")
    heard_cache: dict[str, str] = {}
    rows, scored = [], []
    started = time.perf_counter()
    for routine_id, lines in lines_by_routine(args.rate).items():
        errors = total = 0
        for text in lines[: args.limit]:
            if text not in heard_cache:
                decoder.start_utt()
                decoder.process_raw(to_recogniser(renderer.render(text, Style("", args.rate))), full_utt=True)
                decoder.end_utt()
                hypothesis = decoder.hyp()
                heard_cache[text] = hypothesis.hypstr if hypothesis is not None else ""
            said, heard = words(text), words(heard_cache[text])
            wrong = word_errors(said, heard)
            errors, total = errors + wrong, total + len(said)
            scored.append((wrong, len(said), text, heard_cache[text]))
        rows.append(
            [routine_id, str(len(lines[: args.limit])), str(total), f"{100 * errors / max(1, total):.1f} %"]
        )
    all_errors = sum(wrong for wrong, _, _, _ in scored)
    all_words = sum(count for _, count, _, _ in scored)
    rows.append(["all", str(len(scored)), str(all_words), f"{100 * all_errors / max(1, all_words):.1f} %"])
    print_table(
        f"Word error rate, espeak-ng at {args.rate} wpm, PocketSphinx en-us "
        f"({time.perf_counter() - started:.0f} s)",
        ["routine", "lines", "words", "WER"],
        rows,
    )
    print("\nworst lines:")
    worst = sorted(scored, key=lambda item: item[0] / max(1, item[1]), reverse=True)
    for wrong, count, text, heard in worst[: args.worst]:
        print(f"  {100 * wrong / max(1, count):5.1f} %  said “{text}”\n           heard “{heard}”")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
