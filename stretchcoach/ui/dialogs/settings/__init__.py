"""The settings dialog, one module per page; every change is applied and saved as it is made."""

from stretchcoach.ui.dialogs.settings.dialog import SettingsDialog
from stretchcoach.ui.dialogs.settings.voice_page import VoiceSampler

__all__ = ["SettingsDialog", "VoiceSampler"]
