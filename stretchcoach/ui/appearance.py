"""The look the user chose in the settings: the palette, and how large the text is.

Qt fonts have no relative sizes: a label given 1.8× the desktop's text keeps its point size
when its page's font changes. So a page marks each text with its factor (`set_text_factor`),
and `apply_text_scale` sizes them all again from the factor and the user's scale.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from stretchcoach.storage.settings import Theme
from stretchcoach.ui.theme import dark_palette, light_palette

_FACTOR = "stretchcoach_text_factor"
_BASE_POINTS = "stretchcoach_base_points"


def palette_for(theme: Theme) -> QPalette:
    """An empty palette is no override at all, so the desktop's own palette comes back."""
    if theme is Theme.DARK:
        return dark_palette()
    if theme is Theme.LIGHT:
        return light_palette()
    return QPalette()


def apply_theme(theme: Theme) -> None:
    QGuiApplication.setPalette(palette_for(theme))


def set_text_factor(widget: QWidget, factor: float, scale: float = 1.0) -> None:
    """Size `widget`'s text at `factor` times the desktop's, times the user's `scale`."""
    widget.setProperty(_BASE_POINTS, QApplication.font().pointSizeF())
    widget.setProperty(_FACTOR, factor)
    _resize(widget, scale)


def apply_text_scale(root: QWidget, scale: float) -> None:
    """Resize every marked text in `root` for the user's `scale`, the desktop's text being 1."""
    for widget in (root, *root.findChildren(QWidget)):
        if widget.property(_FACTOR) is not None:
            _resize(widget, scale)


def _resize(widget: QWidget, scale: float) -> None:
    points = float(widget.property(_BASE_POINTS)) * float(widget.property(_FACTOR)) * scale
    font = QFont(widget.font())
    if abs(font.pointSizeF() - points) > 0.01:
        font.setPointSizeF(points)
        widget.setFont(font)
