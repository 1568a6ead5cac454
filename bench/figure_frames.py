"""What the moving figure costs: milliseconds to paint one frame of a rep, as a share of a core.

The figure repaints only from the session's progress events (~15 Hz, no timer of its own) and
only when the beat has moved a step (40 steps a beat), so at most ~13 frames a second on reps
and none during holds. Each frame is painted the way the session paints it (`QWidget.render`
runs its paintEvent: panel, blend of keyframes with IK, figure, props, text) into a 400×260
offscreen image. Baseline from the same run: painting the old stick-figure placeholder, as it
was before the figure replaced it (read from git, so the comparison stays honest).
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from bench._table import median_seconds, print_table
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.model import BodyPosition
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.ui.widgets.exercise_figure import FRAME_STEPS, ExerciseFigure

ROOT = Path(__file__).resolve().parent.parent
SIZE = QSize(400, 260)
TEMPO = 3.0
"""The default rep tempo: seconds a beat."""
PLACEHOLDER_COMMIT = "a91921c"
"""The last commit with ui/widgets/figure_placeholder.py."""


def beat(figure: ExerciseFigure, image: QImage) -> None:
    """One beat as a session shows it: every step of the movement painted once."""
    for step in range(FRAME_STEPS + 1):
        figure.set_beat(step / FRAME_STEPS)
        figure.render(image)


def repaints(widget: QWidget, image: QImage, count: int) -> None:
    for _ in range(count):
        widget.render(image)


def placeholder() -> QWidget | None:
    """The old placeholder, read from git as it was; None outside a git checkout."""
    try:
        source = subprocess.run(
            ["git", "show", f"{PLACEHOLDER_COMMIT}:stretchcoach/ui/widgets/figure_placeholder.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("figure_placeholder")
    exec(compile(source, "figure_placeholder.py", "exec"), module.__dict__)
    widget: QWidget = module.FigurePlaceholder()
    widget.set_figure(BodyPosition.LYING_ON_BACK, ())  # type: ignore[attr-defined]
    return widget


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = QApplication.instance() or QApplication([])
    image = QImage(SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    rep = next(p for p in build_plan(builtin_routine("core-strength")).phases if p.kind is PhaseKind.REP)
    frames = FRAME_STEPS + 1
    per_second = min(15.0, FRAME_STEPS / TEMPO)

    def fresh() -> ExerciseFigure:
        figure = ExerciseFigure()
        figure.resize(SIZE)
        figure.set_phase(rep)
        return figure

    unpainted = iter([fresh() for _ in range(11)])
    first, _ = median_seconds(lambda: beat(next(unpainted), image), repeats=9)
    warm = fresh()
    beat(warm, image)
    later, _ = median_seconds(lambda: beat(warm, image), repeats=9)
    rows = []
    for what, seconds in (("figure, first beat (drawn)", first), ("figure, later beats (reused)", later)):
        ms = seconds / frames * 1e3
        rows.append([what, f"{ms:.3f}", f"{ms * per_second / 10:.3f} %"])
    old = placeholder()
    if old is not None:
        old.resize(SIZE)
        baseline, _ = median_seconds(lambda: repaints(old, image, frames), repeats=9)
        ms = baseline / frames * 1e3
        rows.append(["old placeholder, every frame (baseline)", f"{ms:.3f}", f"{ms * per_second / 10:.3f} %"])
    print_table(
        f"Figure frames at {SIZE.width()}×{SIZE.height()}, {frames} a beat, median of 9 runs; share of a "
        f"core at {per_second:.1f} frames a second (a {TEMPO:g} s beat), during reps only",
        ["what", "ms a frame", "of a core"],
        rows,
    )
    del application


if __name__ == "__main__":
    main()
