"""Guard against PySide6 6.12.0's reference leak on None, which aborts Python 3.11 (none_dealloc).

6.12.0 drops a reference to None on every Qt call that returns nothing; after ~5,000 such calls
the interpreter dies. pyproject pins PySide6 below 6.12 for Python < 3.12; this test fails if a
build with the bug is ever installed. The calls run in a child process so that the abort, if it
comes, is reported as a failure instead of killing the test run.
"""

from __future__ import annotations

import subprocess
import sys

CALLS = """
import sys
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage, QPainter, QPen

image = QImage(8, 8, QImage.Format.Format_ARGB32)
painter = QPainter(image)
pen = QPen(QColor("red"))
holder = QObject()
before = sys.getrefcount(None)
for index in range(10_000):
    painter.setPen(pen)
    holder.setObjectName("n")
after = sys.getrefcount(None)
painter.end()
print(before, after)
"""


def test_twenty_thousand_qt_calls_returning_nothing_keep_none_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, f"Python died making Qt calls:\n{result.stderr[-2000:]}"
    before, after = map(int, result.stdout.split())
    assert after >= before, f"None lost {before - after} references over 20,000 calls"
