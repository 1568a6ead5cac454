"""The routine list: built-in routines first, then the user's files; broken files explained, not hidden."""

from __future__ import annotations

from pathlib import Path

from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.paths import user_routines_dir

MINE = """
id = "my-morning"
name = "My morning stretch"
[[exercises]]
id = "knees"
name = "Knees to chest"
position = "lying_on_back"
instructions = "Hug your knees."
how_to = "Hug both knees."
hold = 45
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_built_in_routines_come_first_then_the_users_own() -> None:
    write(user_routines_dir(), "mine.toml", MINE)

    catalog = load_catalog()

    assert [e.routine.id for e in catalog.entries][:4] == [
        "five-stretches",
        "physio-ten",
        "core-strength",
        "quick-relief",
    ]
    assert catalog.entries[-1].routine.id == "my-morning"
    assert not catalog.entries[-1].builtin
    assert catalog.find("my-morning") is catalog.entries[-1]
    assert catalog.broken == ()


def test_a_broken_file_is_listed_with_its_problems_and_the_rest_still_load() -> None:
    write(user_routines_dir(), "mine.toml", MINE)
    write(user_routines_dir(), "broken.toml", MINE.replace("hold = 45", "hold = 'long'"))
    write(user_routines_dir(), "clash.toml", MINE.replace("my-morning", "five-stretches"))

    catalog = load_catalog()

    assert [e.routine.id for e in catalog.entries if not e.builtin] == ["my-morning"]
    problems = [line for error in catalog.broken for line in error.lines()]
    assert any("broken.toml: exercises[0].hold: must be a whole number" in line for line in problems)
    assert any("clash.toml: id: the id 'five-stretches' is already taken" in line for line in problems)
