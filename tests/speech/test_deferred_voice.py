"""The voice made after the first frame: nothing said to it before is lost, and a session that
needs it sooner gets it at once."""

from __future__ import annotations

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.events import CueDue
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.deferred_voice import DeferredVoice
from stretchcoach.speech.voice_protocol import VoiceOutput
from tests.ui.fakes import RecordingVoice


class Factory:
    """Makes RecordingVoices and remembers the options each was made with."""

    def __init__(self) -> None:
        self.made: list[tuple[VoiceOptions, RecordingVoice]] = []

    def __call__(self, options: VoiceOptions) -> RecordingVoice:
        voice = RecordingVoice(lead_seconds=0.4)
        self.made.append((options, voice))
        return voice


def test_what_the_window_tells_the_voice_before_it_is_made_reaches_it_when_it_is() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions())
    notices: list[str] = []
    plan = build_plan(builtin_routine("quick-relief"))
    espeak = VoiceOptions(engine=VoiceEngine.ESPEAK, rate=140)

    outputs: list[VoiceOutput] = []
    voice.set_notice_listener(notices.append)
    voice.set_output_listener(outputs.append)
    voice.prepare(plan)
    voice.set_options(espeak)
    voice.silence()
    assert factory.made == [] and not voice.is_made

    voice.make()

    [(options, made)] = factory.made
    assert options == espeak, "made at the options last chosen"
    assert made.calls == [("prepare", plan)], "the routine on screen is rendered ahead"
    assert made.listener is not None
    made.listener("Voice is off: no sound.")
    assert notices == ["Voice is off: no sound."]
    assert made.output_listener is not None, "the window hears when the sound server goes and comes back"
    made.output_listener(VoiceOutput.LOST)
    assert outputs == [VoiceOutput.LOST]
    voice.make()
    assert len(factory.made) == 1, "made once"


def test_a_session_started_before_the_voice_is_made_makes_it_there_and_then() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions())
    ready: list[str] = []

    voice.when_ready("Lie on your back.", lambda: ready.append("ready"))

    [(_, made)] = factory.made
    assert ready == ["ready"] and made.calls == [("when_ready", "Lie on your back.")]
    assert voice.lead_seconds == 0.4
    voice.say(["Paused."])
    voice.prepare(build_plan(builtin_routine("five-stretches")))
    assert made.names() == ["when_ready", "say", "prepare"], "after that, every call goes straight through"


def test_a_window_closed_before_its_voice_was_made_never_makes_it() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions())

    voice.shutdown()
    voice.make()

    assert factory.made == [], "no engine or render process started only to be closed"


def test_a_closing_app_that_still_asks_for_its_voice_gets_a_silent_one() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions())
    plan = build_plan(builtin_routine("quick-relief"))
    voice.shutdown()
    ready: list[str] = []

    assert voice.lead_seconds == 0.0
    voice.on_cue_due(CueDue(plan.schedule[0], due=1.0))
    voice.when_ready("Lie on your back.", lambda: ready.append("ready"))
    voice.made().say(["Paused."])

    assert factory.made == [], "no render process started that nothing would shut down"
    assert ready == ["ready"], "a session waiting on the voice is not kept waiting"


def test_shutting_down_a_made_voice_shuts_down_the_real_one() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions())
    voice.make()

    voice.shutdown()

    assert factory.made[0][1].names() == ["shutdown"]


def test_while_the_voice_is_switched_off_nothing_is_loaded_for_it_until_it_is_switched_on() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions(enabled=False))
    plan = build_plan(builtin_routine("quick-relief"))
    voice.prepare(plan)
    ready: list[str] = []

    voice.make()
    voice.when_ready("Lie on your back.", lambda: ready.append("ready"))
    voice.say(["Paused."])

    assert factory.made == [], "no QtMultimedia, no engine while it is off"
    assert ready == ["ready"], "a line that will not be heard is not waited for"

    voice.set_options(VoiceOptions(enabled=True))

    [(options, made)] = factory.made
    assert options.enabled and made.calls == [("prepare", plan)]


def test_switching_the_voice_on_before_the_first_frame_waits_for_it() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions(enabled=False))

    voice.set_options(VoiceOptions(enabled=True))

    assert factory.made == [], "the window is drawn first"
    voice.make()
    assert len(factory.made) == 1


def test_a_session_started_with_the_voice_off_still_gets_its_lead_for_switching_it_on() -> None:
    factory = Factory()
    voice = DeferredVoice(factory, VoiceOptions(enabled=False))
    voice.make()

    assert voice.lead_seconds == 0.4
    assert len(factory.made) == 1
