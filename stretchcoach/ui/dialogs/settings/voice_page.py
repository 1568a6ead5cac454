"""How the coach speaks: on or off, which voice, how fast and loud, how much it says.

The voices are listed by their readable names, English ones first: an id like `gmw/en-US`
means nothing to someone choosing how their coach should sound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from stretchcoach.core.voice_options import RATE_BOUNDS, CoachingMode, VoiceEngine, VoiceOptions
from stretchcoach.speech.renderer_protocol import VoiceInfo
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.dialogs.settings.page import SettingsPage
from stretchcoach.ui.settings_keeper import SettingsKeeper

DEFAULT_VOICE_TEXT = "Default English voice"
NO_SPEECH_TEXT = (
    "This computer cannot speak the coaching just now, so sessions run on their captions; "
    "the window's notice says why."
)
OFF_TEXT = (
    "The voice stopped working for now ({reason}), so sessions run on their captions. "
    "What you choose here is kept, and heard when StretchCoach next starts with a working voice."
)
VOICE_LIST_WAIT_MS = 250
VOICE_LIST_TRIES = 20
"""The speech engine lists its voices once it has started, a moment after the window opens."""


@runtime_checkable
class VoiceSampler(Protocol):
    """What the page asks of a voice that can speak: the voices it offers, and a sample line."""

    def voices(self) -> tuple[VoiceInfo, ...]: ...

    @property
    def off_reason(self) -> str | None:
        """Why the voice stopped working for the rest of this run, or None while it works."""
        ...

    def test_voice(self) -> None:
        """Say a sample line now, at the voice's current settings."""
        ...


def voice_choices(voices: Sequence[VoiceInfo]) -> tuple[list[VoiceInfo], list[VoiceInfo]]:
    """English voices, then the others, each group by name."""
    ordered = sorted(voices, key=lambda voice: (voice.name.strip().casefold(), voice.id))
    english = [voice for voice in ordered if voice.is_english]
    return english, [voice for voice in ordered if not voice.is_english]


class VoiceSettingsPage(SettingsPage):
    title = "Voice"

    def __init__(
        self, keeper: SettingsKeeper, sampler: VoiceSampler | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(keeper, parent)
        self.sampler = sampler
        self._voices: tuple[VoiceInfo, ...] = ()
        self._listed = 0
        """How many entries of the voice list the engine gave: the rest is a saved voice it lacks."""
        self._tries = 0
        self.enabled_box = QCheckBox("&Speak the coaching")
        self.add_wide(self.enabled_box, "When off, the coaching is shown as captions only.")

        self.engine_box = _engine_box()
        self.add_row(
            "&Engine",
            "The natural voice is the easiest to follow with your eyes closed; espeak-ng has many "
            "voices and languages.",
            self.engine_box,
        )

        self.voice_box = QComboBox()
        self.voice_box.setMinimumContentsLength(22)
        self.voice_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_row(
            "&Voice", "With espeak-ng, whose voice the coach has; English voices come first.", self.voice_box
        )

        self.rate_box = QSpinBox()
        self.rate_box.setRange(*RATE_BOUNDS)
        self.rate_box.setSingleStep(10)
        self.rate_box.setSuffix(" words a minute")
        self.rate_box.setKeyboardTracking(False)
        self.test_button = QPushButton("&Test")
        self.test_button.setAccessibleName("Test the voice")
        self.test_button.setAccessibleDescription(
            "Says a sample line with the voice, rate and volume chosen here"
        )
        self.add_row(
            "&Rate",
            "How fast the coach talks. Test says a sample line just as a session will.",
            _row(self.rate_box, self.test_button),
            focus=self.rate_box,
        )

        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setSingleStep(5)
        self.volume_slider.setPageStep(10)
        self.volume_slider.setTracking(False)
        self.volume_slider.setMinimumWidth(160)
        self.volume_label = QLabel()
        self.volume_label.setMinimumWidth(self.volume_label.fontMetrics().horizontalAdvance("100 %") + 6)
        self.volume_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.add_row(
            "V&olume",
            "How loud the coach speaks, within your computer's own volume.",
            _row(self.volume_slider, self.volume_label),
            focus=self.volume_slider,
        )

        self.mode_box = QComboBox()
        self.mode_box.addItem("Full", CoachingMode.FULL)
        self.mode_box.addItem("Brief", CoachingMode.BRIEF)
        self.add_row(
            "&Coaching",
            "Full talks you into each exercise; brief only names it, for when you know them well.",
            self.mode_box,
        )

        self.ticks_box = QCheckBox("Tick each second of the count&down")
        self.add_wide(self.ticks_box, "A soft tick under “three, two, one” as a hold ends.")

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Why the voice is silent")
        self.body.insertWidget(self.body.count() - 2, self.status_label)

        self._voice_timer = QTimer(self)
        self._voice_timer.setInterval(VOICE_LIST_WAIT_MS)
        self._build_voice_list()
        self._connect_signals()
        self.finish()
        self.list_voices()

    def _connect_signals(self) -> None:
        self.enabled_box.toggled.connect(self.on_voice_changed)
        self.engine_box.currentIndexChanged.connect(self.on_engine_changed)
        self.voice_box.currentIndexChanged.connect(self.on_voice_changed)
        self.rate_box.valueChanged.connect(self.on_voice_changed)
        self.volume_slider.valueChanged.connect(self.on_voice_changed)
        self.volume_slider.sliderMoved.connect(self.on_volume_moved)
        self.mode_box.currentIndexChanged.connect(self.on_voice_changed)
        self.ticks_box.toggled.connect(self.on_voice_changed)
        self.test_button.clicked.connect(self.on_test)
        self._voice_timer.timeout.connect(self.list_voices)

    @Slot()
    def list_voices(self) -> None:
        """Fill the voice list from the speech engine, asking again for a while until it has started."""
        voices = self.sampler.voices() if self.sampler is not None else ()
        self._tries += 1
        if voices or self.sampler is None or self._tries >= VOICE_LIST_TRIES:
            self._voice_timer.stop()
        elif not self._voice_timer.isActive():
            self._voice_timer.start()
        if voices != self._voices:
            self._voices = voices
            blocker = QSignalBlocker(self.voice_box)
            self._build_voice_list()
            blocker.unblock()
            self.show_settings(self.keeper.settings)

    def _build_voice_list(self) -> None:
        box = self.voice_box
        box.clear()
        box.addItem(DEFAULT_VOICE_TEXT, "")
        box.setItemData(0, "espeak-ng's own English", Qt.ItemDataRole.ToolTipRole)
        english, others = voice_choices(self._voices)
        for voice in english:
            box.addItem(voice.name.strip(), voice.id)
        if others:
            box.insertSeparator(box.count())
        for voice in others:
            box.addItem(voice.name.strip(), voice.id)
        for index in range(1, box.count()):
            box.setItemData(index, box.itemData(index), Qt.ItemDataRole.ToolTipRole)
        self._listed = box.count()

    def showEvent(self, event: QShowEvent) -> None:
        """The voice may have failed since the page was last shown (a Test with no sound device)."""
        self._show_status()
        super().showEvent(event)

    def _show_status(self) -> None:
        if self.sampler is None:
            status = NO_SPEECH_TEXT
        elif self.sampler.off_reason is not None:
            status = OFF_TEXT.format(reason=self.sampler.off_reason)
        else:
            status = ""
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.test_button.setEnabled(not status)

    def fill(self, settings: Settings) -> None:
        self._show_status()
        options = settings.voice
        self.enabled_box.setChecked(options.enabled)
        self.engine_box.setCurrentIndex(self.engine_box.findData(options.engine))
        self.voice_box.setEnabled(options.engine is VoiceEngine.ESPEAK)
        self._select_voice(options.voice)
        self.rate_box.setValue(options.rate)
        self.volume_slider.setValue(round(options.volume * 100))
        self.on_volume_moved(self.volume_slider.value())
        self.mode_box.setCurrentIndex(self.mode_box.findData(options.mode))
        self.ticks_box.setChecked(options.ticks)

    def _select_voice(self, chosen: str) -> None:
        """Select the saved voice, whose id may differ in case; one the engine does not list
        (another machine's, or typed into the file) is added to the list rather than lost."""
        box = self.voice_box
        while box.count() > self._listed:
            box.removeItem(box.count() - 1)
        wanted = chosen.casefold()
        for index in range(box.count()):
            if str(box.itemData(index) or "").casefold() == wanted:
                box.setCurrentIndex(index)
                return
        box.addItem(chosen, chosen)
        box.setCurrentIndex(box.count() - 1)

    def defaults(self) -> dict[str, Any]:
        return {"voice": VoiceOptions()}

    def options(self) -> VoiceOptions:
        """The options the controls show."""
        return replace(
            self.keeper.settings.voice,
            enabled=self.enabled_box.isChecked(),
            engine=VoiceEngine(self.engine_box.currentData()),
            voice=str(self.voice_box.currentData() or ""),
            rate=self.rate_box.value(),
            volume=self.volume_slider.value() / 100,
            mode=CoachingMode(self.mode_box.currentData()),
            ticks=self.ticks_box.isChecked(),
        )

    @Slot()
    def on_voice_changed(self) -> None:
        self.keeper.update(voice=self.options())

    @Slot()
    def on_engine_changed(self) -> None:
        """The voice list is espeak-ng's (the natural engine has one voice): it is filled once
        espeak-ng has started, which choosing it sets off."""
        self.voice_box.setEnabled(self.engine_box.currentData() == VoiceEngine.ESPEAK)
        self.on_voice_changed()
        self._tries = 0
        self.list_voices()

    @Slot(int)
    def on_volume_moved(self, value: int) -> None:
        self.volume_label.setText(f"{value} %")

    @Slot()
    def on_test(self) -> None:
        """The voice already has the options shown: every change reached it as it was made."""
        if self.sampler is not None:
            self.sampler.test_voice()


def _engine_box() -> QComboBox:
    box = QComboBox()
    box.addItem("Natural voice", VoiceEngine.NATURAL)
    box.addItem("espeak-ng", VoiceEngine.ESPEAK)
    return box


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row
