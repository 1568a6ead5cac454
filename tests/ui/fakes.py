"""Stand-ins for the window's collaborators that remember what they were asked to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.renderer_protocol import VoiceInfo
from stretchcoach.speech.voice_protocol import NoticeListener, OutputListener
from stretchcoach.storage.history import SessionRecord

VOICES = (
    VoiceInfo("gmw/en-US", "English (America)", ("en-us", "en")),
    VoiceInfo("roa/fr", "French (France)", ("fr-fr", "fr")),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb", "en")),
    VoiceInfo("gmw/de", "German", ("de",)),
)


class RecordingVoice:
    """A Voice that says nothing and keeps a log of every call, in order; like the app's voice,
    it lists its voices and says a sample line for the settings."""

    def __init__(self, lead_seconds: float = 0.0) -> None:
        self.lead_seconds = lead_seconds
        self.calls: list[tuple[str, object]] = []
        self.listener: NoticeListener | None = None
        self.output_listener: OutputListener | None = None
        self.fail_on: str = ""
        self.off_reason: str | None = None
        self.hold_back = False
        """When set, `when_ready` keeps its callbacks in `waiting`, as a voice still rendering."""
        self.waiting: list[Callable[[], None]] = []

    def _log(self, name: str, argument: object = None) -> None:
        if name == self.fail_on:
            raise RuntimeError(f"{name} broke")
        self.calls.append((name, argument))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def cues(self) -> list[str]:
        return [argument.cue.text for name, argument in self.calls if isinstance(argument, CueDue)]

    def set_notice_listener(self, listener: NoticeListener) -> None:
        self.listener = listener

    def set_output_listener(self, listener: OutputListener) -> None:
        self.output_listener = listener

    def set_options(self, options: VoiceOptions) -> None:
        self._log("set_options", options)

    def prepare(self, plan: Plan) -> None:
        self._log("prepare", plan)

    def on_cue_due(self, event: CueDue) -> None:
        self._log("on_cue_due", event)

    def silence(self) -> None:
        self._log("silence")

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        self._log("when_ready", text)
        if not self.hold_back:
            callback()
        else:
            self.waiting.append(callback)

    def say(self, lines: Sequence[str]) -> None:
        self._log("say", tuple(lines))

    def said(self) -> list[tuple[str, ...]]:
        """Every batch of lines given to `say`, in order."""
        return [argument for name, argument in self.calls if name == "say" and isinstance(argument, tuple)]

    def shutdown(self) -> None:
        self._log("shutdown")

    def voices(self) -> tuple[VoiceInfo, ...]:
        return VOICES

    def test_voice(self) -> None:
        self._log("test_voice")


class MemoryHistory:
    """Keeps the latest state of each session, in the order they began, as the database does."""

    def __init__(self, error: Exception | None = None) -> None:
        self.notices: list[str] = []
        self.sessions: dict[str, SessionRecord] = {}
        self.writes = 0
        self.error = error
        self.listener: Callable[[str], None] | None = None

    @property
    def records(self) -> list[SessionRecord]:
        return list(self.sessions.values())

    def record(self, entry: SessionRecord) -> None:
        if self.error is not None:
            raise self.error
        self.writes += 1
        self.sessions[entry.key] = entry

    def set_notice_listener(self, listener: Callable[[str], None] | None) -> None:
        self.listener = listener

    def tell(self, notice: str) -> None:
        """As the real history does from its writer thread."""
        self.notices.append(notice)
        if self.listener is not None:
            self.listener(notice)


class RecordingKeepAwake:
    def __init__(self) -> None:
        self.states: list[bool] = []

    @property
    def inhibited(self) -> bool:
        return bool(self.states) and self.states[-1]

    def set_inhibited(self, wanted: bool) -> None:
        self.states.append(wanted)

    def release(self) -> None:
        self.states.append(False)
