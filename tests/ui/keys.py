"""Keys as a keyboard sends them: to whatever has focus, never to a widget the test picked.

Sending a key straight to a dialog skips the button that holds focus inside it, which is where a
real keyboard's Space goes; tests that did so passed while the real window misbehaved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def focused() -> QWidget:
    """The widget a key press would reach now: the focus widget, else the active window."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "no widget has focus and no window is active: a key would go nowhere"
    return target


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> QWidget:
    """Press and release a key where the keyboard would deliver it; returns the widget that got it."""
    target = focused()
    qtbot.keyClick(target, key, modifier)
    return target


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Give a newly opened window the keyboard, as a window manager does; offscreen Qt waits to be asked."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
