"""The settings dialog: a list of pages on the left, the chosen page on the right.

Every change applies and is saved the moment it is made, so the dialog has nothing to confirm
or cancel: Close (or Esc) only closes it. Opened while a session is paused, it says which
changes reach that session and which wait for the next one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stretchcoach.storage.settings import Settings
from stretchcoach.ui.dialogs.settings.display_page import DisplaySettingsPage
from stretchcoach.ui.dialogs.settings.page import SettingsPage
from stretchcoach.ui.dialogs.settings.reminders_page import RemindersSettingsPage
from stretchcoach.ui.dialogs.settings.safety_page import SafetySettingsPage
from stretchcoach.ui.dialogs.settings.session_page import SessionSettingsPage
from stretchcoach.ui.dialogs.settings.voice_page import VoiceSampler, VoiceSettingsPage
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.theme import mix

PAUSED_NOTE = "A session is paused: voice changes apply to it at once, timing from the next session."
SIZE = QSize(720, 560)
"""Room for the longest page, inside a window at its smallest (800×600)."""
PAGE_ROW_LINES = 2.0
"""Each page's name in the list gets this many lines of height: an easy target, a calm list."""


class _Note(QLabel):
    """A sentence that must not be missed, on a tint of the theme's highlight colour."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setContentsMargins(12, 8, 12, 8)
        font = self.font()
        font.setBold(True)
        self.setFont(font)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(mix(background, accent, 0.7))
        painter.setBrush(mix(background, accent, 0.15))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
        super().paintEvent(event)


class SettingsDialog(QDialog):
    safety_notice_requested = Signal()

    def __init__(
        self,
        keeper: SettingsKeeper,
        sampler: VoiceSampler | None,
        *,
        session_paused: bool = False,
        routines: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        """`routines`: (id, name) of each routine a reminder may name."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.keeper = keeper
        self.page_list = QListWidget()
        self.page_list.setAccessibleName("Settings pages")
        self.page_list.setSpacing(3)
        self.stack = QStackedWidget()
        self.session_page = SessionSettingsPage(keeper)
        self.voice_page = VoiceSettingsPage(keeper, sampler)
        self.display_page = DisplaySettingsPage(keeper)
        self.reminders_page = RemindersSettingsPage(keeper, routines)
        self.safety_page = SafetySettingsPage(keeper)
        self.pages: tuple[SettingsPage, ...] = (
            self.session_page,
            self.voice_page,
            self.display_page,
            self.reminders_page,
            self.safety_page,
        )
        row_height = round(self.page_list.fontMetrics().height() * PAGE_ROW_LINES)
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setSizeHint(QSize(0, row_height))
            self.page_list.addItem(item)
            self.stack.addWidget(page)
        self.page_list.setFixedWidth(max(self.page_list.sizeHintForColumn(0) + 48, 130))
        self.paused_note = _Note(PAUSED_NOTE)
        self.paused_note.setAccessibleName("While a session is paused")
        self.paused_note.setVisible(session_paused)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._build_layout()
        # No button is the default: Enter after typing a figure only sets it, and must neither
        # restore a page's defaults nor close the dialog.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self._connect_signals()
        self.page_list.setCurrentRow(0)
        self.page_list.setFocus()
        self.resize(SIZE)

    def _build_layout(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addWidget(self.page_list)
        columns.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(self.paused_note)
        layout.addLayout(columns, 1)
        layout.addWidget(self.button_box)

    def _connect_signals(self) -> None:
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.keeper.changed.connect(self.on_settings_changed)
        self.safety_page.notice_requested.connect(self.safety_notice_requested)
        self.button_box.rejected.connect(self.reject)

    def show_page(self, page: SettingsPage) -> None:
        self.page_list.setCurrentRow(self.pages.index(page))

    @Slot(object)
    def on_settings_changed(self, settings: Settings) -> None:
        for page in self.pages:
            page.show_settings(settings)
