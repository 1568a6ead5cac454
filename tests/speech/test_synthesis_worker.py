"""The worker that owns the speech engine: what it renders first, what it drops, and how it fails."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, locate_espeak
from stretchcoach.speech.renderer_protocol import Style, VoiceInfo
from stretchcoach.speech.synthesis_worker import GIVE_UP_AFTER, Priority, SynthesisWorker
from tests.speech.fakes import FakeRenderer, espeak_only

WAIT = 10.0
ESPEAK = Style(engine=VoiceEngine.ESPEAK)


class Inbox:
    def __init__(self) -> None:
        self.clips: queue.Queue[Clip] = queue.Queue()
        self.voices: queue.Queue[tuple[VoiceInfo, ...]] = queue.Queue()
        self.failures: queue.Queue[str] = queue.Queue()

    def espeak_worker(self, folder: Path, install: EspeakInstall | None = None) -> SynthesisWorker:
        return SynthesisWorker(
            espeak_only([install or locate_espeak()]),
            folder,
            on_clip=self.clips.put,
            on_voices=self.voices.put,
            on_failure=self.failures.put,
        )

    def fake_worker(self, renderer: FakeRenderer, folder: Path) -> SynthesisWorker:
        return SynthesisWorker(
            lambda _engine: renderer,
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
    made = inbox.espeak_worker(tmp_path)
    yield made
    made.shutdown()


def test_a_line_due_now_is_rendered_before_the_queued_plan(inbox: Inbox, worker: SynthesisWorker) -> None:
    worker.request([f"Line {n}." for n in range(30)], ESPEAK, Priority.PLAN)
    worker.request(["Three."], ESPEAK, Priority.NUMBERS)
    worker.request(["Hold for 30 seconds."], ESPEAK, Priority.NOW)

    worker.start()

    assert inbox.texts(3) == ["Hold for 30 seconds.", "Three.", "Line 0."]
    assert inbox.voices.get(timeout=WAIT)


def test_the_same_line_asked_for_twice_is_rendered_once(inbox: Inbox, worker: SynthesisWorker) -> None:
    worker.request(["Rest.", "Rest."], ESPEAK, Priority.PLAN)
    worker.request(["Rest."], ESPEAK, Priority.PLAN)
    worker.request(["Done."], ESPEAK, Priority.PLAN)
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
    worker.request(["Hello."], ESPEAK, Priority.NOW)
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
    worker = inbox.espeak_worker(tmp_path / "cache", broken)
    worker.request(["Hello."], ESPEAK, Priority.NOW)

    worker.start()
    reason = inbox.failures.get(timeout=WAIT)
    worker.shutdown()

    assert "no-data is missing" in reason
    assert inbox.failures.empty() and inbox.clips.empty()


def test_an_install_that_cannot_start_gives_way_to_the_next(inbox: Inbox, tmp_path: Path) -> None:
    good = locate_espeak()
    broken = EspeakInstall(good.library, tmp_path / "no-data", good.source)
    worker = SynthesisWorker(
        espeak_only([broken, good]),
        tmp_path / "cache",
        on_clip=inbox.clips.put,
        on_voices=inbox.voices.put,
        on_failure=inbox.failures.put,
    )
    worker.request(["Hello."], ESPEAK, Priority.NOW)

    worker.start()
    said = inbox.texts(1)
    worker.shutdown()

    assert said == ["Hello."]
    assert inbox.failures.empty()


def test_an_unexpected_error_in_the_worker_is_reported_not_swallowed(inbox: Inbox, tmp_path: Path) -> None:
    def explode(clip: Clip) -> None:
        raise RuntimeError("the receiver is gone")

    worker = SynthesisWorker(
        espeak_only([locate_espeak()]),
        tmp_path,
        on_clip=explode,
        on_voices=inbox.voices.put,
        on_failure=inbox.failures.put,
    )
    worker.request(["Hello."], ESPEAK, Priority.NOW)

    worker.start()

    assert inbox.failures.get(timeout=WAIT) == "the voice stopped unexpectedly (the receiver is gone)"
    worker.shutdown()


def test_a_line_that_fails_to_render_is_skipped_once_and_the_lines_after_it_still_come(
    inbox: Inbox, tmp_path: Path
) -> None:
    renderer = FakeRenderer(failing={"Bad."})
    worker = inbox.fake_worker(renderer, tmp_path)
    worker.request(["One.", "Bad.", "Two."], ESPEAK, Priority.PLAN)
    worker.start()
    assert inbox.texts(2) == ["One.", "Two."]

    worker.request(["Bad."], ESPEAK, Priority.NOW)
    worker.request(["Three."], ESPEAK, Priority.PLAN)
    said = inbox.texts(1)
    worker.shutdown()

    assert said == ["Three."]
    assert renderer.rendered == ["One.", "Bad.", "Two.", "Three."], "a line that failed is not tried again"
    assert inbox.failures.empty()


def test_failures_short_of_the_limit_in_a_row_never_add_up_to_giving_up(inbox: Inbox, tmp_path: Path) -> None:
    lines: list[str] = []
    for run in range(3):
        lines += [f"Bad {run}.{n}." for n in range(GIVE_UP_AFTER - 1)] + [f"Good {run}."]
    worker = inbox.fake_worker(
        FakeRenderer(failing={line for line in lines if line.startswith("Bad")}), tmp_path
    )
    worker.request(lines, ESPEAK, Priority.PLAN)

    worker.start()
    said = inbox.texts(3)
    worker.shutdown()

    assert said == ["Good 0.", "Good 1.", "Good 2."]
    assert inbox.failures.empty()


def test_lines_failing_in_a_row_give_the_voice_up_with_one_reason(inbox: Inbox, tmp_path: Path) -> None:
    renderer = FakeRenderer(failing=None)
    worker = inbox.fake_worker(renderer, tmp_path)
    lines = [f"Line {n}." for n in range(GIVE_UP_AFTER + 2)]
    worker.request(lines, ESPEAK, Priority.PLAN)

    worker.start()
    reason = inbox.failures.get(timeout=WAIT)
    worker.request(["After."], ESPEAK, Priority.NOW)
    worker.shutdown()

    assert reason == (
        f"{GIVE_UP_AFTER} lines in a row could not be rendered"
        f" (the last: the fake engine could not say {lines[GIVE_UP_AFTER - 1]!r})"
    )
    assert renderer.rendered == lines[:GIVE_UP_AFTER], "the worker stops at the limit"
    assert inbox.failures.empty() and inbox.clips.empty()
