"""Run by `renderer.HibariRenderer` as a child process: load hibari-tts once, then render phrases.

The model lives here rather than in the app because onnxruntime, numpy and the model add about
160 MB to whatever process loads them; the window's process stays as small as it is with
espeak-ng. A crash in the native runtime ends this process, not the app.

The conversation, over stdin and stdout: one JSON line goes each way per message. The child
first says `{"ready": ENGINE_ID, "rate": HZ}` or `{"error": REASON}` (then exits); each request
`{"text": ..., "speed": ...}` is answered with `{"bytes": N}` and N bytes of 16-bit little-endian
mono PCM, or with `{"error": REASON}`. The child ends when stdin closes, that is when the app
closes the renderer or exits in any way.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

SENTENCE_PAUSE = 0.35
"""Seconds between the sentences of a line at speed 1 (longer when slower). hibari renders each
sentence with about 0.3 s of silence before it and 0.4 s after, so a line such as "Six. Left
leg." came out with 0.7 s between its sentences, twice espeak-ng's 0.35 s at 160 words a minute,
and outlasted the time the plan gives it."""
SILENCE = 32 / 32768
"""Below this a sample is silence, as in `wav.SILENCE_LEVEL`."""
MARGIN = 0.1
"""Seconds kept either side of each sentence's sound: more than the clip cache keeps
(`wav.TAIL`), whose trimming, after levelling, has the last word on a clip's margins."""
WARM_UP = "Ready."
"""Said once before saying ready: hibari loads its text-to-phoneme tables on the first phrase
(about 0.3 s), which would otherwise fall on the first line a session needs."""


def _send(out: IO[bytes], message: dict[str, Any], payload: bytes = b"") -> None:
    out.write(json.dumps(message).encode() + b"\n" + payload)
    out.flush()


def _joined(np: Any, sentences: list[Any], rate: int, speed: float) -> Any:
    """The sentences' sound, each cut to `MARGIN` around what is audible, one `SENTENCE_PAUSE`
    (from the end of one's sound to the start of the next's) apart."""
    margin = round(MARGIN * rate)
    pause = np.zeros(max(0, round(SENTENCE_PAUSE / speed * rate) - 2 * margin), np.float32)
    parts: list[Any] = []
    for sentence in sentences:
        loud = np.flatnonzero(np.abs(sentence) > SILENCE)
        if loud.size == 0:
            continue
        if parts:
            parts.append(pause)
        parts.append(sentence[max(0, loud[0] - margin) : loud[-1] + 1 + margin])
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def main() -> int:
    out = sys.stdout.buffer
    # Anything the libraries print must not mix with the replies.
    sys.stdout = sys.stderr
    try:
        # Imported here, not at the top, so that a broken install is answered, not a traceback.
        import numpy as np  # noqa: PLC0415
        from hibari import SAMPLE_RATE, Hibari, __version__  # noqa: PLC0415

        tts = Hibari(threads=1)  # one onnxruntime thread was faster than two on 2 cores
        tts(WARM_UP, seed=0)
    except Exception as error:  # whatever the package raises, the app should hear why
        _send(out, {"error": f"hibari-tts could not be loaded ({type(error).__name__}: {error})"})
        return 1
    _send(out, {"ready": f"hibari-tts {__version__} heart", "rate": SAMPLE_RATE})
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            # seed=0: the same line always renders to the same audio, as a cache expects.
            speed = float(request["speed"])
            sentences = tts.stream(str(request["text"]), speed=speed, seed=0)
            audio = _joined(np, [np.asarray(sentence) for sentence in sentences], SAMPLE_RATE, speed)
            pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        except Exception as error:  # one phrase failing leaves the next one to try
            _send(out, {"error": f"{type(error).__name__}: {error}"})
            continue
        _send(out, {"bytes": len(pcm)}, pcm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
