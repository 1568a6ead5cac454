"""The worker that owns the speech engine: what it renders first, what it drops, and how it fails."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, locate_espeak
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.renderer_protocol import Style, VoiceInfo
from stretchcoach.speech.synthesis_worker import Priority, SynthesisWorker

WAIT = 10.0


class Inbox:
    def __init__(self) -> None:
        self.clips: queue.Queue[Clip] = queue.Queue()
        self.voices: queue.Queue[tuple[VoiceInfo, ...]] = queue.Queue()
        self.failures: queue.Queue[str] = queue.Queue()

    def synthesizer(self, folder: Path, install: EspeakInstall | None = None) -> SynthesisWorker:
        return SynthesisWorker(
            partial(start_espeak, [install or locate_espeak()]),
            folder,
            on_clip=self.clips.put,
            on_voices=self.voices.put,
            on_failure=self.failures.put,
        )

    def texts(self, count: int) -> list[str]:
        return [self.clips.get(timeout=WAIT).text for _ in range(count)]


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def worker(inbox: Inbox, tmp_path: Path) -> Iterator[SynthesisWorker]:
    synthesizer = inbox.synthesizer(tmp_path)
    yield synthesizer
    synthesizer.shutdown()


def test_a_line_due_now_is_rendered_before_the_queued_plan(inbox: Inbox, worker: SynthesisWorker) -> None:
    worker.request([f"Line {n}." for n in range(30)], Style(), Priority.PLAN)
    worker.request(["Three."], Style(), Priority.NUMBERS)
    worker.request(["Hold for 30 seconds."], Style(), Priority.NOW)

    worker.start()

    assert inbox.texts(3) == ["Hold for 30 seconds.", "Three.", "Line 0."]
    assert inbox.voices.get(timeout=WAIT)


def test_the_same_line_asked_for_twice_is_rendered_once(inbox: Inbox, worker: SynthesisWorker) -> None:
    worker.request(["Rest.", "Rest."], Style(), Priority.PLAN)
    worker.request(["Rest."], Style(), Priority.PLAN)
    worker.request(["Done."], Style(), Priority.PLAN)
    worker.start()

    assert inbox.texts(2) == ["Rest.", "Done."]
    worker.shutdown()
    assert inbox.clips.empty()


def test_a_change_of_voice_drops_the_background_renders_queued_for_the_old_one(
    inbox: Inbox, worker: SynthesisWorker
) -> None:
    worker.request(["Old one.", "Old two."], Style(rate=150), Priority.PLAN)
    worker.forget_background()
    worker.request(["New."], Style(rate=200), Priority.PLAN)
    worker.start()

    clip = inbox.clips.get(timeout=WAIT)
    worker.shutdown()

    assert (clip.text, clip.style) == ("New.", Style(rate=200))
    assert inbox.clips.empty()


def test_an_unknown_voice_is_spoken_in_the_default_one_under_the_style_asked_for(
    inbox: Inbox, worker: SynthesisWorker
) -> None:
    worker.request(["Hello."], Style(voice="xx/gone"), Priority.NOW)
    worker.request(["Hello."], Style(), Priority.NOW)
    worker.start()

    unknown, default = inbox.clips.get(timeout=WAIT), inbox.clips.get(timeout=WAIT)

    assert unknown.style == Style(voice="xx/gone")
    assert unknown.path == default.path
    assert inbox.failures.empty()


def test_an_install_that_cannot_start_is_reported_once_and_the_worker_ends(
    inbox: Inbox, tmp_path: Path
) -> None:
    good = locate_espeak()
    broken = EspeakInstall(good.library, tmp_path / "no-data", good.source)
    synthesizer = inbox.synthesizer(tmp_path / "cache", broken)
    synthesizer.request(["Hello."], Style(), Priority.NOW)

    synthesizer.start()
    reason = inbox.failures.get(timeout=WAIT)
    synthesizer.shutdown()

    assert "no-data is missing" in reason
    assert inbox.failures.empty() and inbox.clips.empty()


def test_an_install_that_cannot_start_gives_way_to_the_next(inbox: Inbox, tmp_path: Path) -> None:
    good = locate_espeak()
    broken = EspeakInstall(good.library, tmp_path / "no-data", good.source)
    synthesizer = SynthesisWorker(
        partial(start_espeak, [broken, good]),
        tmp_path / "cache",
        on_clip=inbox.clips.put,
        on_voices=inbox.voices.put,
        on_failure=inbox.failures.put,
    )
    synthesizer.request(["Hello."], Style(), Priority.NOW)

    synthesizer.start()
    said = inbox.texts(1)
    synthesizer.shutdown()

    assert said == ["Hello."]
    assert inbox.failures.empty()


def test_an_unexpected_error_in_the_worker_is_reported_not_swallowed(inbox: Inbox, tmp_path: Path) -> None:
    def explode(clip: Clip) -> None:
        raise RuntimeError("the receiver is gone")

    synthesizer = SynthesisWorker(
        partial(start_espeak, [locate_espeak()]),
        tmp_path,
        on_clip=explode,
        on_voices=inbox.voices.put,
        on_failure=inbox.failures.put,
    )
    synthesizer.request(["Hello."], Style(), Priority.NOW)

    synthesizer.start()

    assert inbox.failures.get(timeout=WAIT) == "the voice stopped unexpectedly (the receiver is gone)"
    synthesizer.shutdown()
