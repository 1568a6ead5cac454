"""The timing every routine shares, and the flare-up scale; each within `PlanSettings`' bounds."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from stretchcoach.core.plan_settings import BOUNDS, PlanSettings
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.dialogs.settings.page import SettingsPage, seconds_box
from stretchcoach.ui.settings_keeper import SettingsKeeper

TIMINGS = (
    (
        "rest_seconds",
        "&Rest between sets",
        "The pause between one set and the next, unless a routine sets its own.",
    ),
    ("prepare_seconds", "&Get ready", "Time to settle into position before each exercise begins."),
    ("transition_seconds", "&Change position", "Time to get up, lie down or turn over between exercises."),
    ("switch_seconds", "S&witch sides", "Time to swap legs or sides halfway through a stretch."),
    ("tempo_seconds", "Rep &tempo", "How long each rep lasts: one slow breath out, one breath in."),
)
SCALE_HELP = (
    "On a sore day, every hold and rep count shrinks to this share of the article's dose; "
    "100 % is the dose as the article gives it, and nothing here can go beyond it."
)


class SessionSettingsPage(SettingsPage):
    title = "Session"

    def __init__(self, keeper: SettingsKeeper, parent: QWidget | None = None) -> None:
        super().__init__(keeper, parent)
        self.boxes: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name, label, help_text in TIMINGS:
            bounds = BOUNDS[name]
            fractional = isinstance(getattr(PlanSettings(), name), float)
            box = seconds_box(
                bounds.low, bounds.high, step=0.5 if fractional else 1, decimals=1 if fractional else 0
            )
            self.boxes[name] = box
            self.add_row(label, help_text, box)
        scale = BOUNDS["scale"]
        self.scale_box = QSpinBox()
        self.scale_box.setRange(round(scale.low * 100), round(scale.high * 100))
        self.scale_box.setSingleStep(5)
        self.scale_box.setSuffix(" %")
        self.scale_box.setKeyboardTracking(False)
        self.scale_box.setMinimumWidth(110)
        self.add_row("&Flare-up scale", SCALE_HELP, self.scale_box)
        self._connect_signals()
        self.finish()

    def _connect_signals(self) -> None:
        for box in self.boxes.values():
            box.valueChanged.connect(self.on_timing_changed)
        self.scale_box.valueChanged.connect(self.on_timing_changed)

    def fill(self, settings: Settings) -> None:
        timing = settings.timing
        for name, box in self.boxes.items():
            box.setValue(getattr(timing, name))
        self.scale_box.setValue(round(timing.scale * 100))

    def defaults(self) -> dict[str, Any]:
        return {"timing": PlanSettings()}

    @Slot()
    def on_timing_changed(self) -> None:
        values: dict[str, Any] = {name: box.value() for name, box in self.boxes.items()}
        timing = replace(self.keeper.settings.timing, scale=self.scale_box.value() / 100, **values)
        self.keeper.update(timing=timing)
