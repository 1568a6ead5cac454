"""The launcher entry, icons and AppStream metainfo: valid for the desktop's own validators, and
checked here too for what an old `appstreamcli` (Debian 12's 0.16) lets through."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from datetime import date
from pathlib import Path

import pytest

from stretchcoach import APP_ID, __version__
from stretchcoach.core.builtin import resources_dir
from stretchcoach.storage.desktop_install import (
    ICON_SIZES,
    desktop_template,
    metainfo_file,
    png_icon,
    shipped_icons,
    svg_icon,
)

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = resources_dir()
SCREENSHOT_URL = re.compile(r"^https://raw\.githubusercontent\.com/[^/]+/[^/]+/main/(docs/[\w.-]+\.png)$")


def tool(name: str) -> str:
    """A validator's path; CI installs them all, so only a developer's machine may skip."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return found


def metainfo() -> ET.Element:
    return ET.parse(metainfo_file(RESOURCES)).getroot()


def desktop_entry() -> ConfigParser:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(desktop_template(RESOURCES), encoding="utf-8")
    return parser


def appstream_version(appstreamcli: str) -> tuple[int, ...]:
    out = subprocess.run([appstreamcli, "--version"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", out)
    assert found, out
    return tuple(int(part) for part in found.groups())


def test_the_desktop_file_validates() -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(desktop_template(RESOURCES))],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_metainfo_validates_strictly(tmp_path: Path) -> None:
    appstreamcli = tool("appstreamcli")
    target = metainfo_file(RESOURCES)
    if appstream_version(appstreamcli) < (1, 0, 0):
        # Before 1.0 the validator does not know <developer> (which 1.0 requires in place of the
        # deprecated <developer_name>) and calls it an unknown tag; it checks everything else.
        # test_the_developer_has_an_id_and_a_name checks that element instead.
        root = metainfo()
        root.remove(root.find("developer"))  # type: ignore[arg-type]
        target = tmp_path / target.name
        ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    result = subprocess.run(
        [appstreamcli, "validate", "--strict", "--no-net", str(target)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_application_id_everywhere() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert desktop_template(RESOURCES).name == f"{APP_ID}.desktop"
    assert desktop_entry()["Desktop Entry"]["Icon"] == APP_ID
    assert ET.parse(svg_icon(shipped_icons(RESOURCES))).getroot().get("id") == APP_ID
    launch = (ROOT / "stretchcoach" / "ui" / "launch.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in launch


def test_the_launchable_is_the_desktop_file_we_ship() -> None:
    launchables = metainfo().findall("launchable")
    assert [(item.get("type"), item.text) for item in launchables] == [("desktop-id", f"{APP_ID}.desktop")]


def test_the_content_rating_is_oars() -> None:
    ratings = metainfo().findall("content_rating")
    assert len(ratings) == 1
    assert ratings[0].get("type") == "oars-1.1"
    for attribute in ratings[0].findall("content_attribute"):
        assert attribute.get("id") and attribute.text in {"none", "mild", "moderate", "intense"}


def test_the_releases_are_dated_newest_first_and_the_newest_is_this_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "a metainfo file without releases is rejected by software centres"
    dates = [date.fromisoformat(release.get("date", "")) for release in releases]
    versions = [tuple(map(int, release.get("version", "").split("."))) for release in releases]
    assert dates == sorted(dates, reverse=True)
    assert versions == sorted(versions, reverse=True)
    assert releases[0].get("version") == __version__
    for release in releases:
        assert release.find("description/p") is not None


def test_the_developer_has_an_id_and_a_name() -> None:
    developer = metainfo().find("developer")
    assert developer is not None
    assert developer.get("id") and developer.findtext("name")
    assert metainfo().find("developer_name") is None  # deprecated: a warning in AppStream 1.0


def test_the_screenshots_are_ours_with_captions() -> None:
    screenshots = metainfo().findall("screenshots/screenshot")
    assert screenshots
    assert [shot.get("type") for shot in screenshots].count("default") == 1
    for shot in screenshots:
        assert shot.findtext("caption")
        image = shot.find("image")
        assert image is not None and image.text
        found = SCREENSHOT_URL.match(image.text)
        assert found, image.text
        png = ROOT / found.group(1)
        assert png.is_file(), f"{png} is not in the repository"
        # Sizes are optional, and the screenshots are re-rendered often: if given, they must be true.
        if image.get("width") or image.get("height"):
            width, height = struct.unpack(">II", png.read_bytes()[16:24])
            assert (image.get("width"), image.get("height")) == (str(width), str(height))


def test_every_icon_size_is_there_at_its_size_and_marked() -> None:
    for size in ICON_SIZES:
        data = png_icon(shipped_icons(RESOURCES), size).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
        assert APP_ID.encode() in data, "render the PNGs with scripts/render_icons.py"


def test_the_pngs_are_rendered_from_the_svg_as_it_is_now(qapp: object) -> None:
    """A PNG that differs from the SVG drawn at its size means scripts/render_icons.py was not run."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_icon(shipped_icons(RESOURCES))))
    for size in ICON_SIZES:
        fresh = QImage(size, size, QImage.Format.Format_ARGB32)
        fresh.fill(Qt.GlobalColor.transparent)
        painter = QPainter(fresh)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        committed = QImage(str(png_icon(shipped_icons(RESOURCES), size))).convertToFormat(
            QImage.Format.Format_ARGB32
        )
        step = max(1, size // 32)
        differing = sum(
            committed.pixel(x, y) != fresh.pixel(x, y)
            for x in range(0, size, step)
            for y in range(0, size, step)
        )
        assert differing <= (size // step) ** 2 // 50, f"the {size}px icon is not the SVG as drawn now"
