"""Colours derived from the system palette, so the app reads as well in a dark theme as a light one.

Each phase kind keeps its hue in both themes; only its lightness moves, until the colour stands
out from the window background by the WCAG ratio for text (4.5:1), because the ring's label is
painted in it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from stretchcoach.core.plan import PhaseKind

TEXT_CONTRAST = 4.5

# Hues (degrees) chosen to be told apart at a glance, not only by colour: each kind also has its label.
_PHASE_HUES = {
    PhaseKind.TRANSITION: 190,  # teal: moving to a new position
    PhaseKind.PREPARE: 38,  # amber: get ready
    PhaseKind.HOLD: 212,  # blue: hold still
    PhaseKind.REP: 268,  # violet: breathe and move
    PhaseKind.REST: 135,  # green: rest
    PhaseKind.SWITCH_SIDE: 18,  # orange: switch sides
    PhaseKind.REPOSITION: 18,
    PhaseKind.FINISH: 135,
}

DANGER_BACKGROUND = QColor(176, 32, 32)
"""The "It hurts" button: a red that white text reads on (6.4:1) and that stands out in either theme."""
DANGER_TEXT = QColor(255, 255, 255)


def luminance(colour: QColor) -> float:
    """Relative luminance as WCAG defines it."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.3


def readable(hue: int, saturation: float, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """The hue at the lightness nearest a pleasant one that still reads on `background`."""
    dark_background = luminance(background) < 0.3
    lightness = 0.62 if dark_background else 0.42
    step = 0.02 if dark_background else -0.02
    colour = QColor.fromHslF(hue / 360, saturation, lightness)
    while contrast(colour, background) < minimum and 0.0 < lightness < 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        colour = QColor.fromHslF(hue / 360, saturation, lightness)
    return colour


def phase_colour(kind: PhaseKind, palette: QPalette) -> QColor:
    return readable(_PHASE_HUES[kind], 0.75, palette.color(QPalette.ColorRole.Window))


def paused_colour(palette: QPalette) -> QColor:
    return readable(0, 0.0, palette.color(QPalette.ColorRole.Window))


def track_colour(palette: QPalette) -> QColor:
    """The unfilled part of the ring: a faint step from the background toward the text."""
    return mix(palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText), 0.14)


def accent_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The face and label of the main button: the system's highlight, deepened until its label reads."""
    face = QColor(palette.color(QPalette.ColorRole.Highlight))
    ink = palette.color(QPalette.ColorRole.HighlightedText)
    towards = QColor(0, 0, 0) if luminance(ink) > 0.5 else QColor(255, 255, 255)
    for _ in range(20):
        if contrast(face, ink) >= TEXT_CONTRAST:
            break
        face = mix(face, towards, 0.08)
    return face, ink


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme: the settings' dark theme, and its screenshots."""
    roles = {
        QPalette.ColorRole.Window: QColor(32, 33, 36),
        QPalette.ColorRole.WindowText: QColor(232, 234, 237),
        QPalette.ColorRole.Base: QColor(24, 25, 27),
        QPalette.ColorRole.AlternateBase: QColor(40, 41, 45),
        QPalette.ColorRole.Text: QColor(232, 234, 237),
        QPalette.ColorRole.Button: QColor(48, 50, 54),
        QPalette.ColorRole.ButtonText: QColor(232, 234, 237),
        QPalette.ColorRole.Highlight: QColor(66, 133, 244),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.ToolTipBase: QColor(48, 50, 54),
        QPalette.ColorRole.ToolTipText: QColor(232, 234, 237),
        QPalette.ColorRole.PlaceholderText: QColor(154, 160, 166),
        QPalette.ColorRole.Light: QColor(70, 72, 76),
        QPalette.ColorRole.Midlight: QColor(58, 60, 64),
        QPalette.ColorRole.Mid: QColor(44, 46, 50),
        QPalette.ColorRole.Dark: QColor(20, 21, 23),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
        QPalette.ColorRole.Link: QColor(138, 180, 248),
    }
    return _palette(roles, disabled=QColor(110, 114, 120))


def light_palette() -> QPalette:
    """A light palette, for a desktop whose own theme is dark; the Fusion style's colours."""
    roles = {
        QPalette.ColorRole.Window: QColor(239, 239, 239),
        QPalette.ColorRole.WindowText: QColor(0, 0, 0),
        QPalette.ColorRole.Base: QColor(255, 255, 255),
        QPalette.ColorRole.AlternateBase: QColor(247, 247, 247),
        QPalette.ColorRole.Text: QColor(0, 0, 0),
        QPalette.ColorRole.Button: QColor(239, 239, 239),
        QPalette.ColorRole.ButtonText: QColor(0, 0, 0),
        QPalette.ColorRole.Highlight: QColor(48, 140, 198),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.ToolTipBase: QColor(255, 255, 220),
        QPalette.ColorRole.ToolTipText: QColor(0, 0, 0),
        QPalette.ColorRole.PlaceholderText: QColor(110, 110, 110),
        QPalette.ColorRole.Light: QColor(255, 255, 255),
        QPalette.ColorRole.Midlight: QColor(202, 202, 202),
        QPalette.ColorRole.Mid: QColor(184, 184, 184),
        QPalette.ColorRole.Dark: QColor(159, 159, 159),
        QPalette.ColorRole.Shadow: QColor(118, 118, 118),
        QPalette.ColorRole.Link: QColor(0, 0, 238),
    }
    return _palette(roles, disabled=QColor(150, 150, 150))


def _palette(roles: dict[QPalette.ColorRole, QColor], disabled: QColor) -> QPalette:
    palette = QPalette()
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette
