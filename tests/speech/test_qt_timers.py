"""Qt timers aimed at instants of the session's clock."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import SystemClock
from stretchcoach.speech.qt_timers import QtTimers


def test_a_timer_fires_once_at_its_instant(qtbot: QtBot) -> None:
    clock = SystemClock()
    timers = QtTimers(clock)
    fired: list[float] = []
    instant = clock.now() + 0.15

    timers.call_at(instant, lambda: fired.append(clock.now()))
    qtbot.waitUntil(lambda: fired != [], timeout=2000)
    qtbot.wait(100)

    assert len(fired) == 1
    assert -0.002 <= fired[0] - instant < 0.03


def test_an_instant_already_past_fires_at_the_next_turn_of_the_event_loop(qtbot: QtBot) -> None:
    clock = SystemClock()
    fired: list[bool] = []

    QtTimers(clock).call_at(clock.now() - 1.0, lambda: fired.append(True))

    assert fired == []
    qtbot.waitUntil(lambda: fired == [True], timeout=1000)


def test_a_cancelled_timer_never_fires(qtbot: QtBot) -> None:
    clock = SystemClock()
    timers = QtTimers(clock)
    fired: list[str] = []

    cancel = timers.call_at(clock.now() + 0.05, lambda: fired.append("cancelled"))
    timers.call_at(clock.now() + 0.1, lambda: fired.append("kept"))
    cancel()
    cancel()
    qtbot.waitUntil(lambda: fired != [], timeout=1000)
    qtbot.wait(50)

    assert fired == ["kept"]
