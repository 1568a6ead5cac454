"""Render the app's PNG icons from its SVG, at every hicolor size the installer ships.

usage: python scripts/render_icons.py   (or `make icons`)

The SVG is the one drawing; the PNGs are committed because a launcher that cannot read SVG (and
small sizes, where a renderer's hinting matters) needs them, and rendering them at install time
would need Qt's SVG module at hand. Each PNG carries the app id in a text chunk, which is how
`stretchcoach install-desktop` later knows an icon file is its own. Runs offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from stretchcoach import APP_ID
from stretchcoach.storage.desktop_install import (
    ICON_MARKER_KEY,
    ICON_SIZES,
    png_icon,
    shipped_icons,
    svg_icon,
)

ROOT = Path(__file__).resolve().parent.parent


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    image.setText(ICON_MARKER_KEY, APP_ID)
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    icons = shipped_icons(ROOT / "resources")
    renderer = QSvgRenderer(str(svg_icon(icons)))
    if not renderer.isValid():
        print(f"cannot read {svg_icon(icons)}", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        target = png_icon(icons, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
