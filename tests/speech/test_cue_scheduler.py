"""The cue scheduler against a fake clock: when lines start, which form is said, and what silences them."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from stretchcoach.core import pain_advice, wording
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SessionEngine
from stretchcoach.core.events import CueDue, SessionEvent
from stretchcoach.core.plan import CueKind, Plan, ScheduledCue
from stretchcoach.core.planner import build_plan
from stretchcoach.core.speech_time import GAP
from stretchcoach.core.voice_options import CoachingMode, VoiceOptions
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.cue_scheduler import GAP_BETWEEN_LINES, LATE_LIMIT, CueScheduler, Spoken
from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import LEAD_IN
from tests.speech.fakes import FakeClips, FakeTimers, RecordingOutput, run_session

MARGIN = 0.1
TICK = Clip("(tick)", Style(), Path("/clips/tick.wav"), 0.03)


def short_plan() -> Plan:
    """Pelvic tilts (reps) and knees to chest (a 60 s hold with "Halfway."), default timing."""
    routine = builtin_routine("quick-relief")
    return build_plan(dataclasses.replace(routine, exercises=routine.exercises[:2]))


@dataclass
class Rig:
    plan: Plan
    clock: FakeClock
    timers: FakeTimers
    output: RecordingOutput
    clips: FakeClips
    scheduler: CueScheduler
    engine: SessionEngine
    spoken: list[Spoken]

    def run(self, until: float | None = None) -> None:
        run_session(self.engine, self.clock, self.timers, until)

    def first(self, kind: CueKind) -> ScheduledCue:
        return next(s for s in self.plan.schedule if s.cue.kind is kind)

    def event(self, scheduled: ScheduledCue, due: float) -> CueDue:
        return CueDue(scheduled, due)


def rig(
    plan: Plan | None = None,
    options: VoiceOptions | None = None,
    lengths: dict[str, float] | None = None,
    *,
    default: float | None = None,
    ready: bool = True,
) -> Rig:
    plan = plan or short_plan()
    clock = FakeClock()
    timers = FakeTimers(clock)
    output = RecordingOutput(clock)
    clips = FakeClips(lengths, default=default, ready=ready)
    scheduler = CueScheduler(clock, timers, output, clips, options or VoiceOptions(), tick=TICK)
    spoken: list[Spoken] = []
    scheduler.set_spoken_listener(spoken.append)
    engine = SessionEngine(plan, clock, cue_lead=scheduler.lead + MARGIN)

    def forward(event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            scheduler.on_cue_due(event)

    engine.subscribe(forward)
    return Rig(plan, clock, timers, output, clips, scheduler, engine, spoken)


def test_every_cue_starts_one_output_latency_before_its_offset() -> None:
    r = rig()
    begins = r.clock.now() + r.engine.cue_lead

    r.run()

    assert [line.due - begins for line in r.spoken] == pytest.approx([s.offset for s in r.plan.schedule])
    for line in r.spoken:
        assert line.started == pytest.approx(line.due - r.output.latency - LEAD_IN, abs=1e-5)
    assert r.spoken[0].due == pytest.approx(begins), "the opening line too, heard as the session begins"
    assert r.output.texts == [line.text for line in r.spoken]


def test_lines_that_fit_are_said_in_full_and_never_overlap() -> None:
    r = rig(default=0.8)

    r.run()

    assert r.output.texts == [s.cue.text for s in r.plan.schedule]
    for earlier, later in zip(r.output.played, r.output.played[1:], strict=False):
        assert earlier.end + GAP <= later.start + 1e-9, f"{earlier.text!r} runs into {later.text!r}"
    assert not any(item.cut for item in r.output.played)


def test_a_line_longer_than_planned_is_still_said_whole_not_swapped_for_its_brief_form() -> None:
    """The plan made room for every line; if a clip still runs over, the next line cuts it,
    but the coach never says a different, shorter line than the one the captions show."""
    how_to = rig().first(CueKind.HOW_TO)
    r = rig(lengths={how_to.cue.text: how_to.slot + 5})

    r.run()

    assert how_to.cue.text in r.output.texts
    assert how_to.cue.brief not in r.output.texts


def test_brief_coaching_says_the_brief_form() -> None:
    how_to = rig().first(CueKind.HOW_TO)
    r = rig(options=VoiceOptions(mode=CoachingMode.BRIEF))

    r.run()

    assert how_to.cue.brief in r.output.texts
    assert how_to.cue.text not in r.output.texts
    assert how_to.cue.brief == "Pelvic tilts."


def test_an_optional_line_that_cannot_fit_is_dropped_and_the_rest_are_said() -> None:
    r = rig(lengths={wording.HALFWAY: 100.0}, default=0.8)

    r.run()

    assert wording.HALFWAY not in r.output.texts
    expected = [s.cue.text for s in r.plan.schedule if s.cue.text != wording.HALFWAY]
    assert r.output.texts == expected


def test_a_line_too_long_for_its_slot_is_cut_by_the_next_never_played_over_it() -> None:
    how_to = rig().first(CueKind.HOW_TO)
    r = rig(lengths={how_to.cue.text: 40.0})

    r.run()

    said = next(item for item in r.output.played if item.text == how_to.cue.text)
    after = r.output.played[r.output.played.index(said) + 1]
    assert said.cut
    assert said.stopped == pytest.approx(after.start)
    for earlier, later in zip(r.output.played, r.output.played[1:], strict=False):
        assert earlier.end <= later.start + 1e-9


def test_the_safety_line_is_never_shortened() -> None:
    r = rig(lengths={wording.OPENING: 60.0})

    r.run()

    assert r.output.texts[0] == wording.OPENING


def test_brief_coaching_names_the_exercise_even_with_time_to_spare() -> None:
    r = rig(options=VoiceOptions(mode=CoachingMode.BRIEF))
    how_to = r.first(CueKind.HOW_TO)

    r.run()

    assert how_to.cue.brief in r.output.texts
    assert how_to.cue.text not in r.output.texts
    assert wording.OPENING in r.output.texts
    counts = sum(s.cue.kind is CueKind.COUNT for s in r.plan.schedule)
    assert counts > 0
    assert sum(line.kind is CueKind.COUNT for line in r.spoken) == counts


def test_silence_stops_the_current_line_at_once_and_nothing_more_is_said() -> None:
    r = rig()
    how_to = r.first(CueKind.HOW_TO)
    start = r.clock.now()
    r.run(until=start + how_to.offset + 1.0)
    assert r.output.texts[-1] == how_to.cue.text

    r.engine.pause()
    r.scheduler.silence()
    paused_at = r.clock.now()
    r.clock.advance(120)
    r.timers.run_due()

    assert r.output.played[-1].stopped == paused_at
    assert r.output.texts[-1] == how_to.cue.text
    assert r.timers.pending == 0


def test_silence_cancels_a_line_announced_but_not_yet_started() -> None:
    r = rig()
    first_count = next(s for s in r.plan.schedule if s.cue.kind is CueKind.COUNT)
    announced = r.clock.now() + r.engine.cue_lead + first_count.offset - r.scheduler.lead - MARGIN
    r.run(until=announced + MARGIN / 2)
    assert r.timers.pending == 1

    r.scheduler.silence()
    r.clock.advance(1.0)
    r.timers.run_due()

    assert "Three." not in r.output.texts


def test_resuming_says_the_cues_that_come_after_the_pause() -> None:
    r = rig()
    hold = r.first(CueKind.HOLD)
    start = r.clock.now()
    r.run(until=start + hold.offset + 5)
    r.engine.pause()
    r.scheduler.silence()
    r.clock.advance(30)

    r.engine.resume()
    r.run()

    assert r.output.texts[-1] == r.plan.schedule[-1].cue.text
    assert r.output.texts.count(wording.HALFWAY) == 1


def test_a_cue_announced_too_late_is_skipped_but_a_slightly_late_one_is_said_at_once() -> None:
    r = rig()
    hold = r.first(CueKind.HOLD)
    now = r.clock.now()

    r.scheduler.on_cue_due(CueDue(hold, now - LATE_LIMIT - 0.1))
    r.timers.run_due()
    assert r.output.played == []

    r.scheduler.on_cue_due(CueDue(hold, now - 0.2))
    r.timers.run_due()
    assert r.output.texts == [hold.cue.text]
    assert r.output.played[0].start == now


def test_a_line_not_yet_rendered_is_asked_for_and_plays_on_time_when_it_arrives_before_its_instant() -> None:
    r = rig(ready=False)
    hold = r.first(CueKind.HOLD)
    due = r.clock.now() + 0.5

    r.scheduler.on_cue_due(CueDue(hold, due))
    assert r.clips.wanted == [hold.cue.text]
    r.clock.advance(0.1)
    r.clips.arrived.add(hold.cue.text)
    r.scheduler.clip_ready(r.clips.make(hold.cue.text))
    assert r.output.played == []
    r.clock.set(due - r.scheduler.lead)
    r.timers.run_due()

    assert r.output.played[0].start == pytest.approx(due - r.scheduler.lead)


def test_a_line_rendered_after_its_instant_plays_late_within_the_limit_and_never_beyond() -> None:
    r = rig(ready=False)
    hold = r.first(CueKind.HOLD)
    rest = next(s for s in r.plan.schedule if s.cue.kind is CueKind.HALFWAY)
    due = r.clock.now() + 0.5
    r.scheduler.on_cue_due(CueDue(hold, due))
    r.scheduler.on_cue_due(CueDue(rest, due + 0.01))

    r.clock.set(due + 0.2)
    r.timers.run_due()
    r.clips.arrived.add(hold.cue.text)
    r.scheduler.clip_ready(r.clips.make(hold.cue.text))
    r.clock.set(due + LATE_LIMIT + 0.1)
    r.clips.arrived.add(rest.cue.text)
    r.scheduler.clip_ready(r.clips.make(rest.cue.text))

    assert r.output.texts == [hold.cue.text]
    assert r.output.played[0].start == pytest.approx(due + 0.2)


def test_ticks_sound_with_each_countdown_word_only_when_asked_for() -> None:
    quiet = rig()
    quiet.run()
    ticking = rig(options=VoiceOptions(ticks=True))
    ticking.run()

    counts = [line.started for line in ticking.spoken if line.kind is CueKind.COUNT]
    assert quiet.output.clicks == []
    assert ticking.output.clicks == counts
    assert len(counts) == sum(s.cue.kind is CueKind.COUNT for s in ticking.plan.schedule)


def test_a_voice_turned_off_says_nothing_and_turning_it_off_stops_the_current_line() -> None:
    off = rig(options=VoiceOptions(enabled=False))
    off.run()
    assert off.output.played == []

    r = rig()
    how_to = r.first(CueKind.HOW_TO)
    r.run(until=r.clock.now() + how_to.offset + 1)
    r.scheduler.set_options(VoiceOptions(enabled=False))
    assert r.output.played[-1].cut
    r.run()
    assert r.output.texts[-1] == how_to.cue.text


def test_lines_play_at_the_chosen_volume() -> None:
    r = rig(options=VoiceOptions(volume=0.4))

    r.run()

    assert {item.volume for item in r.output.played} == {0.4}


def test_a_line_whose_clip_never_comes_is_forgotten_after_the_late_limit() -> None:
    r = rig(ready=False)
    hold = r.first(CueKind.HOLD)
    due = r.clock.now() + 0.5
    r.scheduler.on_cue_due(CueDue(hold, due))

    r.clock.set(due)
    r.timers.run_due()
    assert r.timers.pending == 1
    r.clock.set(due - r.scheduler.lead + LATE_LIMIT)
    r.timers.run_due()
    r.clips.arrived.add(hold.cue.text)
    r.scheduler.clip_ready(r.clips.make(hold.cue.text))

    assert r.timers.pending == 0
    assert r.output.played == []


def test_the_voice_sample_is_said_even_with_the_voice_off() -> None:
    r = rig(options=VoiceOptions(enabled=False))

    r.scheduler.say_now("This is your coach.")
    r.timers.run_due()

    assert r.output.texts == ["This is your coach."]


def test_lines_said_in_turn_follow_one_another_whole_with_a_breath_between() -> None:
    r = rig(default=2.0)
    lines = pain_advice.SPOKEN[:4]

    r.scheduler.say_in_turn(lines)
    for _ in range(40):
        r.clock.advance(0.25)
        r.timers.run_due()

    assert r.output.texts == list(lines)
    assert not any(item.cut for item in r.output.played)
    starts = [item.start for item in r.output.played]
    assert [later - earlier for earlier, later in itertools.pairwise(starts)] == pytest.approx(
        [2.0 + GAP_BETWEEN_LINES] * 3, abs=0.26
    )


def test_lines_said_in_turn_are_silent_with_the_voice_off_and_stop_on_silence() -> None:
    off = rig(options=VoiceOptions(enabled=False))
    off.scheduler.say_in_turn(("Paused.",))
    off.timers.run_due()
    assert off.output.played == []

    r = rig(default=2.0)
    r.scheduler.say_in_turn(pain_advice.SPOKEN)
    r.timers.run_due()
    r.clock.advance(1)
    r.timers.run_due()
    r.scheduler.silence()
    r.clock.advance(30)
    r.timers.run_due()
    assert r.output.texts == [pain_advice.SPOKEN[0]]
