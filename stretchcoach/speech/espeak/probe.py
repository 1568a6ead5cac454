"""Run by `bootstrap.probe` in a child process: start espeak-ng and render one word.

`python -m stretchcoach.speech.espeak.probe LIBRARY DATA SOURCE` exits 0 if that worked; `PROBE_REFUSED` with
the reason as its last line on stderr if our checks refused the install; anything else means
the library itself exited or crashed, which is what the child is there to absorb.
"""

from __future__ import annotations

import sys
from pathlib import Path

from stretchcoach.speech.espeak.bootstrap import PROBE_REFUSED, EspeakInstall, Source, load_in_process
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.renderer_protocol import SpeechUnavailable, SynthesisError


def main(argv: list[str]) -> int:
    library, data, source = argv
    install = EspeakInstall(Path(library), Path(data), Source(source))
    try:
        problem = install.problem()
        if problem is not None:
            raise SpeechUnavailable(problem)
        sound = EspeakRenderer(load_in_process(install)).render("Ready.")
        if sound.audible_span() is None:
            raise SynthesisError("espeak-ng rendered a test word as silence")
    except (SpeechUnavailable, SynthesisError) as error:
        print(error, file=sys.stderr)
        return PROBE_REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
