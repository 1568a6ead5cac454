"""The settings of the running app: changed in one place, saved at once, a failed save reported."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from stretchcoach.storage.settings import NewerSettingsFile, Settings, save_settings

log = logging.getLogger(__name__)


class SettingsKeeper(QObject):
    notice = Signal(str)
    changed = Signal(object)

    def __init__(
        self,
        settings: Settings,
        save: Callable[[Settings], None] = save_settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._save = save

    @property
    def settings(self) -> Settings:
        return self._settings

    def update(self, **changes: Any) -> None:
        """Change some fields and save; if saving fails the app keeps the change for this run."""
        changed = replace(self._settings, **changes)
        if changed == self._settings:
            return
        self._settings = changed
        try:
            self._save(changed)
        except NewerSettingsFile:
            # Said once when the file was read; the change lasts for this run and the file stays as it is.
            log.info("settings not saved: the file belongs to a newer StretchCoach")
        except OSError as error:
            log.exception("could not save the settings")
            self.notice.emit(
                f"Your settings could not be saved ({error.strerror or error}); they last until you quit."
            )
        self.changed.emit(changed)
