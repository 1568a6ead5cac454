"""Type sized from a page's height, the one rule every page read from the mat or a chair follows."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

SMALLEST_PAGE = 360
"""Below this height a page keeps the type it has at this height."""
READABLE_FLOOR = 12


def height_unit(height: int) -> float:
    """A hundredth of the page's height, in pixels: the unit every page's type is given in."""
    return max(height, SMALLEST_PAGE) / 100


def size_type(unit: float, sizes: Iterable[tuple[QWidget, float]], floor: int = READABLE_FLOOR) -> None:
    """Give each widget `size` units of type, never below `floor` pixels; unchanged fonts are left be."""
    for widget, size in sizes:
        pixels = max(floor, round(size * unit))
        if widget.font().pixelSize() != pixels:
            font = QFont(widget.font())
            font.setPixelSize(pixels)
            widget.setFont(font)
