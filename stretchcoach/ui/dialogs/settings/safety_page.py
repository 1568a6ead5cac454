"""The first-run safety notice: read it again now, or have it shown again at start-up."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from stretchcoach.storage.settings import Settings
from stretchcoach.ui.dialogs.settings.page import SettingsPage
from stretchcoach.ui.settings_keeper import SettingsKeeper

ABOUT = (
    "StretchCoach is a guide, not medical advice. Before your first session it shows a notice: "
    "who should ask a doctor first, how to stretch safely, and when to stop."
)


class SafetySettingsPage(SettingsPage):
    title = "Safety"
    notice_requested = Signal()
    """The user wants to read the safety notice now."""

    def __init__(self, keeper: SettingsKeeper, parent: QWidget | None = None) -> None:
        super().__init__(keeper, parent)
        about = QLabel(ABOUT)
        about.setWordWrap(True)
        self.add_wide(about)
        self.show_button = QPushButton("Show the safety &notice")
        self.show_button.setAccessibleDescription("Opens the notice shown before the first session")
        button_row = QWidget()
        layout = QHBoxLayout(button_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.show_button)
        layout.addStretch(1)
        self.add_wide(button_row)
        self.at_start_box = QCheckBox("Show the notice &each time StretchCoach starts")
        self.add_wide(self.at_start_box, "For someone else who will use StretchCoach on this computer.")
        self._connect_signals()
        self.finish()

    def _connect_signals(self) -> None:
        self.show_button.clicked.connect(self.notice_requested)
        self.at_start_box.toggled.connect(self.on_at_start_toggled)

    def fill(self, settings: Settings) -> None:
        self.at_start_box.setChecked(not settings.safety_notice_seen)

    def defaults(self) -> dict[str, Any]:
        return {"safety_notice_seen": False}

    @Slot(bool)
    def on_at_start_toggled(self, checked: bool) -> None:
        self.keeper.update(safety_notice_seen=not checked)
