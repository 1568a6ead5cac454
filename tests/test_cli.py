"""The command line, as a user at a terminal would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stretchcoach import __version__
from stretchcoach.cli import main
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.storage.paths import user_routines_dir
from stretchcoach.storage.settings import Settings, save_settings

GOOD = """
id = "mine"
name = "Mine"
[[exercises]]
id = "knees"
name = "Knees to chest"
position = "lying_on_back"
instructions = "Hug your knees."
how_to = "Hug both knees."
hold = 45
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_routines_lists_each_with_its_length(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routines")

    assert status == 0
    assert out.splitlines()[0].split()[:3] == ["five-stretches", "12:25", "5"]
    assert len(out.splitlines()) == 4


def test_routines_json_uses_the_users_timing(capsys: pytest.CaptureFixture[str]) -> None:
    default = json.loads(run(capsys, "routines", "--json")[1])["routines"][0]["total_seconds"]
    save_settings(Settings(timing=PlanSettings(prepare_seconds=25)))

    document = json.loads(run(capsys, "routines", "--json")[1])

    first = document["routines"][0]
    assert first["total_seconds"] == default + 5 * 10
    assert first["positions"] == ["lying_on_back", "standing", "kneeling"]
    assert document["broken"] == []


def test_plan_of_the_five_stretches_holds_nine_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plan", "five-stretches", "--json")

    plan = json.loads(out)
    holds = [phase["seconds"] for phase in plan["phases"] if phase["kind"] == "hold"]
    assert status == 0
    assert sum(holds) == 9 * 60
    assert plan["total_seconds"] == sum(phase["seconds"] for phase in plan["phases"])
    assert {"kind", "exercise", "side", "seconds", "cues"} <= set(plan["phases"][0])
    assert plan["phases"][0]["cues"][0]["at"] == 0


def test_plan_hold_is_kept_within_each_exercises_range_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "plan", "physio-ten", "--hold", "25")

    assert status == 0
    assert "note: deep-abdominal: hold 25 is outside 5–10; using 10" in out
    assert "note: hip-flexor" not in out

    plan = json.loads(run(capsys, "plan", "physio-ten", "--hold", "25", "--json")[1])
    assert {c["exercise"] for c in plan["clamped"]} == {"deep-abdominal", "bird-dog"}
    hip = [p["seconds"] for p in plan["phases"] if p["exercise"] == "hip-flexor" and p["kind"] == "hold"]
    assert hip == [25, 25, 25, 25]


def test_plan_options_and_their_errors(capsys: pytest.CaptureFixture[str]) -> None:
    short = json.loads(run(capsys, "plan", "quick-relief", "--prepare", "5", "--scale", "50", "--json")[1])
    normal = json.loads(run(capsys, "plan", "quick-relief", "--json")[1])
    assert short["total_seconds"] < normal["total_seconds"]

    status, _, err = run(capsys, "plan", "quick-relief", "--scale", "150", "--rest", "1")
    assert status == 2
    assert err == (
        "stretchcoach: plan: --rest is 1 s; allowed 3–300 s; "
        "--scale is 150 % of the article's dose; allowed 50–100 % of the article's dose\n"
    )

    status, _, err = run(capsys, "plan", "nope")
    assert status == 2
    assert "no routine 'nope' (there are: five-stretches, physio-ten" in err


def test_plan_reads_a_file_and_the_users_routines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    assert run(capsys, "plan", str(path))[0] == 0

    user_routines_dir().mkdir(parents=True)
    (user_routines_dir() / "mine.toml").write_text(GOOD)
    status, out, _ = run(capsys, "plan", "mine")
    assert status == 0
    assert out.startswith("Mine (mine):")


def test_validate_gives_one_line_per_problem_and_a_failing_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("hold = 45", "hold = 0\nsides = 'both'").replace('name = "Mine"\n', ""))

    status, out, _ = run(capsys, "validate", str(good), str(bad))

    assert status == 1
    assert out.splitlines() == [
        f"{good}: valid: “Mine”, 1 exercise, 1:21 at the default settings",
        f"{bad}: name: missing",
        f"{bad}: exercises[0].hold: 0 is out of range: use 1 to 600 seconds",
        f"{bad}: exercises[0].sides: 'both' is not one of 'none', 'each', 'alternate'",
    ]
    assert run(capsys, "validate", str(good))[0] == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])

    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"stretchcoach {__version__}"


def test_start_without_a_routine_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--start")

    assert status == 2
    assert "--start needs --routine ID" in err


def test_routines_plan_and_validate_answer_without_loading_qt() -> None:
    """These run on servers and in scripts; Qt costs start-up time and may need a display."""
    script = (
        "import sys\n"
        "from stretchcoach.cli import main\n"
        "main(['routines']); main(['plan', 'quick-relief']); main(['validate', 'nothing.toml'])\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert result.stdout.strip().endswith("QT []")


def say_to_file(voice: str, out: Path) -> bytes:
    """The phrase rendered by `stretchcoach say` in a process of its own: espeak-ng carries some
    state from one phrase to the next, so only fresh processes render byte for byte alike."""
    command = [sys.executable, "-m", "stretchcoach", "say", "Breathe out."]
    command += ["--voice", voice, "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize(
    ("typed", "voice"), [("en-us", "gmw/en-US"), ("EN-US", "gmw/en-US"), ("en-gb", "gmw/en")]
)
def test_say_takes_a_voice_by_its_short_form_in_any_case(tmp_path: Path, typed: str, voice: str) -> None:
    """`espeak-ng -v en-us` is what people know: it means the voice listed as `gmw/en-US`, and a
    language such as `en-gb` the voice made for it."""
    assert say_to_file(typed, tmp_path / "typed.wav") == say_to_file(voice, tmp_path / "listed.wav")


def test_plan_rate_makes_room_for_a_slower_voice_and_shows_what_is_said_and_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, slow, _ = run(capsys, "plan", "physio-ten", "--rate", "120", "--json")
    _, fast, _ = run(capsys, "plan", "physio-ten", "--rate", "200", "--json")
    slow_plan, fast_plan = json.loads(slow), json.loads(fast)

    assert (slow_plan["rate"], fast_plan["rate"]) == (120, 200)
    assert slow_plan["total_seconds"] > fast_plan["total_seconds"]
    towel = next(p for p in slow_plan["phases"] if p["exercise"] == "towel-hamstring" and p["side"] == "left")
    assert "your left foot" in towel["instructions"]
    assert all(cue["speaks_for"] > 0 for cue in towel["cues"])

    status, text, _ = run(capsys, "plan", "quick-relief", "--rate", "130")
    assert status == 0
    assert text.splitlines()[0].endswith("at 130 wpm")
    assert "         screen: Lie on your back, legs straight, arms stretched out" in text

    status, _, error = run(capsys, "plan", "quick-relief", "--rate", "500")
    assert status == 2
    assert "--rate is 500 words a minute; allowed 80–300 words a minute" in error
