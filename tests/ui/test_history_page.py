"""The history page: the first-time state, years of sessions, and deleting that asks first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from bench.history_samples import sample_sessions
from stretchcoach.storage.history import History
from stretchcoach.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.keys import activate, press

TODAY = date.today()


def open_history(window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.history_page


def when_asked(qtbot: QtBot, answer: Callable[[QMessageBox], None]) -> list[str]:
    """Answer the confirmation that is about to open; returns what it said."""
    said: list[str] = []

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, act)
            return
        said.append(box.text())
        try:
            activate(qtbot, box)
            focus = QApplication.focusWidget()
            if focus is not box.defaultButton() or box.defaultButton().text() != "Keep":
                said.append(f"the focus was on {focus!r}, not on Keep")
            else:
                answer(box)
        finally:
            if box.isVisible():
                box.reject()

    QTimer.singleShot(0, act)
    return said


def key(qtbot: QtBot, which: Qt.Key) -> Callable[[QMessageBox], None]:
    return lambda box: press(qtbot, which)


def click(text: str) -> Callable[[QMessageBox], None]:
    def clicking(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()

    return clicking


def test_the_first_time_is_friendly_and_esc_goes_back(window: MainWindow, qtbot: QtBot) -> None:
    assert "No sessions yet" in window.picker.history_line.text()
    open_history(window, qtbot)
    page = window.history_page
    assert page.body.currentWidget() is page.first_time
    assert "first session" in page.first_time.text()
    assert not page.delete_all_button.isEnabled() and not page.report_button.isEnabled()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.picker


def test_the_picker_button_opens_it_too(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(window.picker.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.history_page


def test_years_of_sessions(make_window: WindowFactory, qtbot: QtBot) -> None:
    records = sample_sessions(3 * 365, TODAY - timedelta(days=1))
    History().record_all(records)
    window = make_window()
    line = window.picker.history_line.text()
    assert line.startswith(f"Last: {records[-1].routine_name}, ")
    assert "weeks in a row at 3 days a week" in line

    open_history(window, qtbot)

    page = window.history_page
    assert page.body.currentWidget() is page.content
    assert len(page.records) == len(records)
    assert page.sessions.count() == 60
    assert page.sessions.item(0).text().startswith(f"{records[-1].local_start:%a %d %b %Y %H:%M}")
    assert "Streak:" in page.summary.text() and f"{len(records)} sessions in all" in page.summary.text()
    assert page.calendar.month == TODAY.replace(day=1)
    assert "at first" in page.trend.text()
    press(qtbot, Qt.Key.Key_PageUp)
    earlier = page.calendar.month
    assert earlier < TODAY.replace(day=1) and page.calendar.days_practised() > 0
    image = page.grab().toImage()
    assert image.width() > 0 and len({image.pixel(x, 300) for x in range(0, image.width(), 7)}) > 3


def test_deleting_a_session_asks_and_space_or_enter_keep_it(make_window: WindowFactory, qtbot: QtBot) -> None:
    records = sample_sessions(20, TODAY, every_day=True)
    History().record_all(records)
    window = make_window()
    open_history(window, qtbot)
    page = window.history_page
    assert QApplication.focusWidget() is page.sessions and page.sessions.currentRow() == 0

    for safe in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Escape):
        said = when_asked(qtbot, key(qtbot, safe))
        press(qtbot, Qt.Key.Key_Delete)
        assert len(said) == 1 and len(History().sessions()) == 20, said
        activate(qtbot, window)  # as the window manager gives the window back its keyboard
    press(qtbot, Qt.Key.Key_Space)
    assert len(History().sessions()) == 20, "Space on the list deletes nothing"

    when_asked(qtbot, click("Delete session"))
    press(qtbot, Qt.Key.Key_Delete)

    left = History().sessions()
    assert [r.key for r in left] == [r.key for r in records[:-1]]
    assert len(page.records) == 19


def test_deleting_all_asks_first(make_window: WindowFactory, qtbot: QtBot) -> None:
    History().record_all(sample_sessions(10, TODAY, every_day=True))
    window = make_window()
    open_history(window, qtbot)
    page = window.history_page

    said = when_asked(qtbot, key(qtbot, Qt.Key.Key_Space))
    page.delete_all_button.click()
    assert said == ["Delete all your history?"] and len(History().sessions()) == 10, said

    when_asked(qtbot, click("Delete all history"))
    page.delete_all_button.click()

    assert History().sessions() == []
    assert page.body.currentWidget() is page.first_time


@pytest.mark.parametrize("size", [(800, 600), (1280, 800)])
def test_the_type_is_large_enough_to_read_from_a_chair(
    make_window: WindowFactory, qtbot: QtBot, size: tuple[int, int]
) -> None:
    History().record_all(sample_sessions(30, TODAY))
    window = make_window(size=size)
    open_history(window, qtbot)
    page = window.history_page
    assert page.sessions.font().pixelSize() >= 15
    assert page.heading.font().pixelSize() >= 30


def test_not_during_a_session(window: MainWindow, qtbot: QtBot) -> None:
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.session_page


def test_exports_write_the_csv_pair_and_the_report(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    History().record_all(sample_sessions(14, TODAY, every_day=True))
    window = make_window()
    open_history(window, qtbot)
    chosen = iter([str(tmp_path / "mine.csv"), str(tmp_path / "physio.pdf")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (next(chosen), ""))

    window.history_page.csv_button.click()
    window.history_page.report_button.click()

    sessions = (tmp_path / "mine.csv").read_text(encoding="utf-8").splitlines()
    exercises = (tmp_path / "mine-exercises.csv").read_text(encoding="utf-8").splitlines()
    assert len(sessions) == 15 and sessions[0].startswith("date,start_local,start_utc")
    assert len(exercises) > 14 and exercises[0].startswith("date,start_local,routine_id,position")
    assert (tmp_path / "physio.pdf").read_bytes().startswith(b"%PDF")
    assert any("mine-exercises.csv" in notice for notice in window.banner.notices)
