"""Finding the largest type at which some text, wrapped to a width, still fits: shared by two widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def wrapped_height(font: QFont, text: str, width: int) -> int:
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 1_000_000), WRAP, text).height()


def fitting_size(
    font: QFont, text: str, width: int, sizes: range, fits: Callable[[QFontMetrics, int], bool]
) -> int:
    """The first pixel size in `sizes` (largest first) whose wrapped height `fits`; else the last."""
    probe = QFont(font)
    for size in sizes:
        probe.setPixelSize(size)
        if fits(QFontMetrics(probe), wrapped_height(probe, text, width)):
            return size
    return sizes[-1]
