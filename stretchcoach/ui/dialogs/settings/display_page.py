"""How the window looks: its colours, whether it opens full screen, and how large its text is."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QWidget

from stretchcoach.storage.settings import TEXT_SCALE_BOUNDS, DisplayOptions, Settings, Theme
from stretchcoach.ui.dialogs.settings.page import SettingsPage
from stretchcoach.ui.settings_keeper import SettingsKeeper

THEMES = ((Theme.SYSTEM, "Same as the system"), (Theme.LIGHT, "Light"), (Theme.DARK, "Dark"))


class DisplaySettingsPage(SettingsPage):
    title = "Display"

    def __init__(self, keeper: SettingsKeeper, parent: QWidget | None = None) -> None:
        super().__init__(keeper, parent)
        self.theme_box = QComboBox()
        for theme, text in THEMES:
            self.theme_box.addItem(text, theme)
        self.add_row("&Theme", "Dark is easier on the eyes in a dim room.", self.theme_box)

        self.fullscreen_box = QCheckBox("Start &full screen")
        self.add_wide(
            self.fullscreen_box,
            "Open the window full screen, to read it from the floor; F11 switches at any time.",
        )

        low, high = TEXT_SCALE_BOUNDS
        self.text_box = QSpinBox()
        self.text_box.setRange(round(low * 100), round(high * 100))
        self.text_box.setSingleStep(10)
        self.text_box.setSuffix(" %")
        self.text_box.setKeyboardTracking(False)
        self.text_box.setMinimumWidth(110)
        self.add_row(
            "Text &size",
            "Larger text on the routine list and during a session, to read from further away.",
            self.text_box,
        )
        self._connect_signals()
        self.finish()

    def _connect_signals(self) -> None:
        self.theme_box.currentIndexChanged.connect(self.on_display_changed)
        self.fullscreen_box.toggled.connect(self.on_display_changed)
        self.text_box.valueChanged.connect(self.on_display_changed)

    def fill(self, settings: Settings) -> None:
        display = settings.display
        self.theme_box.setCurrentIndex(self.theme_box.findData(display.theme))
        self.fullscreen_box.setChecked(display.start_fullscreen)
        self.text_box.setValue(round(display.text_scale * 100))

    def defaults(self) -> dict[str, Any]:
        return {"display": DisplayOptions()}

    @Slot()
    def on_display_changed(self) -> None:
        display = replace(
            self.keeper.settings.display,
            theme=Theme(self.theme_box.currentData()),
            start_fullscreen=self.fullscreen_box.isChecked(),
            text_scale=self.text_box.value() / 100,
        )
        self.keeper.update(display=display)
