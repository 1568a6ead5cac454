"""An installed wheel finds its routines and desktop files: resources/ must ship inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from stretchcoach import APP_ID

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_the_built_in_routines_and_the_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("stretchcoach-*.whl"))

    names = zipfile.ZipFile(wheel).namelist()

    shipped = {Path(name).name for name in names if name.startswith("stretchcoach/resources/routines/")}
    assert shipped == {path.name for path in (ROOT / "resources" / "routines").glob("*.toml")}
    desktop = {name for name in names if name.startswith("stretchcoach/resources/desktop/")}
    shipped_desktop = {
        "stretchcoach/resources/" + path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources" / "desktop").rglob("*")
        if path.is_file()
    }
    assert desktop == shipped_desktop
    assert f"stretchcoach/resources/desktop/{APP_ID}.desktop" in desktop
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "stretchcoach = stretchcoach.entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert not [name for name in names if name.startswith("tests/")]
