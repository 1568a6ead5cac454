"""Words each engine says badly, respelt for that engine only: the caption keeps the real words.

Found with `bench/intelligibility.py` (an offline recogniser listening to every built-in line)
and kept only where the respelling was heard right and the real spelling was not. espeak-ng's
"breathe" was heard as "three", "bring" or "dream" 32 times over the built-in lines, spelt
"breeth" 13 times. The renderers apply these just before synthesis, and add `digest` to
their `engine_id`, so that changing a respelling renders every clip of that engine afresh (the
digest covers the whole table: a rare change, and the clips are cached again in the background).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from stretchcoach.core.voice_options import VoiceEngine

RESPELLINGS: Mapping[VoiceEngine, Mapping[str, str]] = {
    VoiceEngine.ESPEAK: {
        "breathe": "breeth",
        "crossovers": "cross-overs",
    },
    VoiceEngine.NATURAL: {
        "forward fold": "forward, fold",
    },
}
"""Lower-case words or phrases, matched whole and in any case, and what the engine is given."""


def _pattern(respellings: Mapping[str, str]) -> re.Pattern[str] | None:
    if not respellings:
        return None
    words = sorted(respellings, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)


_PATTERNS = {engine: _pattern(respellings) for engine, respellings in RESPELLINGS.items()}


def spoken(text: str, engine: VoiceEngine) -> str:
    """`text` as `engine` is to be given it: respelt where it says a word badly. A respelt word
    keeps a capital first letter, which some engines read as the start of a sentence."""
    pattern = _PATTERNS.get(engine)
    if pattern is None:
        return text

    def respelt(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = RESPELLINGS[engine][word.lower()]
        return replacement[:1].upper() + replacement[1:] if word[:1].isupper() else replacement

    return pattern.sub(respelt, text)


def digest(engine: VoiceEngine) -> str:
    """A short fingerprint of `engine`'s respellings, for the clip cache's key."""
    table = sorted(RESPELLINGS.get(engine, {}).items())
    return hashlib.sha256(repr(table).encode()).hexdigest()[:8]
