"""What to do when a stretch hurts: shown the moment the "It hurts" button stops a session.

The first part is the source articles' advice (sharp pain means stop, and see a doctor); the
second lists the signs that need a doctor promptly rather than rest, in the app's own words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from stretchcoach.ui.dialogs.text_dialog import TextDialog

TITLE = "Stopped — look after your back"
RIGHT_NOW = (
    "Ease out of the position slowly, and rest in whatever way is comfortable.",
    "A stretch should feel like a steady pull. Pain that is sharp, or that does not feel like "
    "stretching, means stop — not push on.",
    "If sharp pain comes back when you stretch, or the pain does not settle, talk to your doctor "
    "or a physiotherapist before you try this routine again.",
)
URGENT_INTRO = (
    "Get medical help promptly — call your doctor today, or emergency services if it is sudden or "
    "severe — if you have:"
)
URGENT_SIGNS = (
    "numbness, tingling or weakness in a leg or foot",
    "trouble controlling your bladder or bowels, or numbness around your bottom or genitals",
    "back pain that began after a fall or another injury",
    "a fever, or you feel unwell, as well as the back pain",
)


def advice(exercise: str | None) -> tuple[str | tuple[str, ...], ...]:
    where = f" during {exercise}" if exercise else ""
    return (
        f"The session has stopped{where}, and your history notes that it hurt.",
        RIGHT_NOW,
        URGENT_INTRO,
        URGENT_SIGNS,
    )


class PainAdviceDialog(TextDialog):
    def __init__(self, exercise: str | None, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, advice(exercise), "Close", parent)
