"""A dialog of plain text in a large type with one button, the shape of every notice the app shows.

The body is a list of blocks: a string is a paragraph, a tuple of strings a bulleted list whose
lines wrap under their text rather than under the bullet.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

HEADING_SCALE = 1.8
BODY_SCALE = 1.3
WIDTH = 720

Block = str | tuple[str, ...]


def _label(text: str, scale: float, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    font = QFont(label.font())
    font.setBold(bold)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def block_text(blocks: Sequence[Block]) -> str:
    """The whole body as plain text, for screen readers and tests."""
    parts = [
        block if isinstance(block, str) else "\n".join(f"• {line}" for line in block) for block in blocks
    ]
    return "\n\n".join(parts)


class TextDialog(QDialog):
    def __init__(
        self, title: str, blocks: Sequence[Block], button: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.text = block_text(blocks)
        self.setAccessibleDescription(self.text)
        self.button_box = QDialogButtonBox()
        self.button = self.button_box.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.button.setDefault(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(32, 24, 32, 20)
        self.body.setSpacing(14)
        self.body.addWidget(_label(title, HEADING_SCALE, bold=True))
        for block in blocks:
            if isinstance(block, str):
                self.body.addWidget(_label(block, BODY_SCALE))
            else:
                self.body.addLayout(self._bullets(block))
        self.body.addSpacing(8)
        self.body.addWidget(self.button_box)
        self.setMinimumWidth(WIDTH)
        self.button_box.accepted.connect(self.accept)

    def showEvent(self, event: QShowEvent) -> None:
        """Wrapped text needs its height worked out for the real width, not the narrowest one."""
        self.resize(self.width(), self.heightForWidth(self.width()))
        super().showEvent(event)

    @staticmethod
    def _bullets(lines: tuple[str, ...]) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(8, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, line in enumerate(lines):
            grid.addWidget(_label("•", BODY_SCALE), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_label(line, BODY_SCALE), row, 1)
        return grid
