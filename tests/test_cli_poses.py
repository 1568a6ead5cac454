"""`stretchcoach poses`: every exercise's keyframes, each side, as PNG files named for what they show."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.poses.phase_shot import builtin_poses

PNG = b"\x89PNG\r\n\x1a\n"


def test_poses_writes_every_keyframe_of_every_side_and_a_contact_sheet(tmp_path: Path) -> None:
    out, sheet = tmp_path / "poses", tmp_path / "docs" / "exercises.png"
    command = [sys.executable, "-m", "stretchcoach", "poses", "--out", str(out), "--sheet", str(sheet)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=None)
    assert result.returncode == 0, result.stderr
    expected = set()
    library = builtin_poses()
    for exercise in {e.id: e for r in builtin_routines() for e in r.exercises}.values():
        count = len(library.exercises[exercise.id].keyframes)
        sides = [f"-{side}" for side in ("left", "right")] if exercise.is_two_sided else [""]
        expected |= {f"{exercise.id}{side}-{n}.png" for side in sides for n in range(1, count + 1)}
    written = {path.name for path in out.iterdir()}
    assert written == expected
    assert all(re.fullmatch(r"[a-z0-9-]+?(-left|-right)?-\d\.png", name) for name in written)
    assert all((out / name).read_bytes().startswith(PNG) for name in written)
    assert sheet.read_bytes().startswith(PNG)
    assert f"{len(expected)} pictures written" in result.stdout
