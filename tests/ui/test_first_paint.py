"""The benchmark's switch: quit once the window has painted, saying when and how much memory."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stretchcoach.ui.first_paint import QUIT_AFTER_FIRST_PAINT, after_first_paint, quit_after_first_paint


@pytest.mark.parametrize("setting", ["1", None])
def test_the_app_quits_after_its_first_paint_only_when_asked(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], setting: str | None
) -> None:
    if setting is None:
        monkeypatch.delenv(QUIT_AFTER_FIRST_PAINT, raising=False)
    else:
        monkeypatch.setenv(QUIT_AFTER_FIRST_PAINT, setting)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    quits: list[bool] = []
    monkeypatch.setattr(app, "quit", lambda: quits.append(True))
    window = QWidget()
    qtbot.addWidget(window)
    quit_after_first_paint(window, app)
    window.show()
    window.repaint()
    qtbot.wait(20)
    window.repaint()
    qtbot.wait(20)
    if setting is None:
        assert quits == []
        assert "first-paint" not in capsys.readouterr().err
    else:
        assert quits == [True], "once, for the first paint only"
        assert re.search(r"first-paint-monotonic [\d.]+ peak-rss-kib [1-9]\d*", capsys.readouterr().err)


def test_what_waits_for_the_first_frame_runs_after_it_once_in_the_order_given(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    ran: list[str] = []
    after_first_paint(window, app, lambda: ran.append("voice"))
    after_first_paint(window, app, lambda: ran.append("second"))
    qtbot.wait(20)
    assert ran == [], "nothing before the window is drawn"

    window.show()
    window.repaint()
    qtbot.waitUntil(lambda: len(ran) == 2)
    window.repaint()
    qtbot.wait(20)

    assert ran == ["voice", "second"]


def test_what_is_given_after_the_first_frame_runs_on_the_next_turn(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    ran: list[str] = []
    after_first_paint(window, app, lambda: ran.append("voice"))
    window.show()
    window.repaint()
    qtbot.waitUntil(lambda: ran == ["voice"])

    after_first_paint(window, app, lambda: ran.append("late"))
    assert ran == ["voice"], "from the event loop, not from inside the call"

    qtbot.waitUntil(lambda: ran == ["voice", "late"])
