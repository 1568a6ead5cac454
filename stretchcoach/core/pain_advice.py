"""What the app tells someone whose back hurts: shown large on the screen and read out calmly.

The first part is the source articles' advice (sharp pain means stop, and see a doctor); the
rest lists the signs that need a doctor promptly rather than rest, in the app's own words. The
spoken form is shorter and in short sentences, for someone lying still with their eyes closed.
"""

from __future__ import annotations

from stretchcoach.core.wording import SLIGHT_STRETCH

TITLE = "Stopped — look after your back"
RIGHT_NOW = (
    "Ease out of the position slowly, and rest in whatever way is comfortable.",
    f"{SLIGHT_STRETCH} Pain that is sharp, or that does not feel like stretching, means stop — not push on.",
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

SPOKEN = (
    "Stopping now.",
    "Slowly ease out of the position, and rest in a way that feels comfortable.",
    "Sharp pain means stop, never push on.",
    "Get medical help today if any of these is true.",
    "A leg or foot is numb, tingling or weak.",
    "Your bladder or bowel control has changed, or you are numb around your bottom.",
    "The pain began after a fall or an injury.",
    "You have a fever, or feel unwell.",
    "Otherwise, if the pain does not settle, talk to your doctor or a physiotherapist before you try again.",
    "This advice is on the screen.",
)

Block = str | tuple[str, ...]


def advice(exercise: str | None) -> tuple[Block, ...]:
    """The advice as paragraphs (a string) and bulleted lists (a tuple), for the screen."""
    where = f" during {exercise}" if exercise else ""
    return (
        f"The session has stopped{where}, and your history notes that it hurt.",
        RIGHT_NOW,
        URGENT_INTRO,
        URGENT_SIGNS,
    )
