"""Ctrl+C, SIGTERM and SIGHUP end the Qt event loop properly (the window records a running session first)."""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

_CLOSING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class SignalWaker(QObject):
    """Ctrl+C, SIGTERM and SIGHUP (the terminal it was started from closed) close the window
    properly, so a running session is recorded first.

    Python runs signal handlers only between bytecodes, and Qt's event loop is C++; the wake-up
    socket makes Qt call back into Python as soon as a signal arrives.
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {number: signal.getsignal(number) for number in _CLOSING_SIGNALS}
        self.signalled = False
        """Whether a signal ended the loop (a logout, a kill), not the user closing the window."""
        for number in self._previous:
            signal.signal(number, lambda *_: self._quit(app))
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _quit(self, app: QCoreApplication) -> None:
        self.signalled = True
        app.quit()

    def _drain(self) -> None:
        self._reader.recv(64)

    def close(self) -> None:
        for number, handler in self._previous.items():
            if handler is not None:
                signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
