"""The drawings as data: every exercise has one, no pose breaks a body, and movement keeps it whole."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcoach.core.builtin import builtin_routine, builtin_routines, resources_dir
from stretchcoach.core.model import BodyPosition, Exercise, Side
from stretchcoach.core.plan import Phase, PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.core.poses.phase_shot import builtin_poses, poses_for, shot_for
from stretchcoach.core.poses.pose_file import PoseError, library_from_documents
from stretchcoach.core.poses.scene import ExercisePoses, Shot
from stretchcoach.core.poses.skeleton import (
    LENGTHS,
    Bone,
    floor_errors,
    forward,
    interpolate,
    limb_length_errors,
    two_bone,
)
from tests.core.factories import BEATS, exercise, routine


def all_exercises() -> dict[str, Exercise]:
    return {e.id: e for r in builtin_routines() for e in r.exercises}


EXERCISES = all_exercises()
LIBRARY = builtin_poses()


def documents() -> tuple[dict[str, Any], dict[str, Any]]:
    folder = resources_dir() / "poses"
    positions = tomllib.loads((folder / "positions.toml").read_text(encoding="utf-8"))
    exercises = tomllib.loads((folder / "exercises.toml").read_text(encoding="utf-8"))
    return positions, exercises


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_of_every_routine_has_its_own_drawing(exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    poses = LIBRARY.exercises.get(exercise_id)
    assert poses is not None, f"{exercise_id} has no pose data in resources/poses/exercises.toml"
    if exercise.beats:
        assert len(poses.keyframes) == max(2, len(exercise.beats)), "a keyframe for each beat"
    elif exercise.positions:
        assert len(poses.keyframes) == len(exercise.positions), "a keyframe for each position"
    else:
        assert len(poses.keyframes) == 1
    for keyframe in poses.keyframes:
        assert keyframe.description
        if exercise.is_two_sided:
            # The mirror image shows the other side with the same words; the screen names the side.
            assert not {"left", "right"} & set(keyframe.description.lower().split())


def test_the_library_has_nothing_for_exercises_that_do_not_exist() -> None:
    assert set(LIBRARY.exercises) == set(EXERCISES)


def every_pose() -> list[tuple[str, ExercisePoses, int]]:
    found = [(f"{name}[{i}]", p, i) for name, p in LIBRARY.exercises.items() for i in range(len(p.keyframes))]
    found += [
        (f"positions.{name}", ExercisePoses(name, Side.RIGHT, (k,)), 0) for name, k in LIBRARY.named.items()
    ]
    return found


@pytest.mark.parametrize(("name", "poses", "index"), every_pose(), ids=[n for n, _, _ in every_pose()])
def test_no_keyframe_goes_through_the_floor_or_stretches_a_limb(
    name: str, poses: ExercisePoses, index: int
) -> None:
    for pose in (poses.pose(index), poses.pose(index).mirrored()):
        body = forward(pose)
        assert floor_errors(body) == []
        assert limb_length_errors(body) == []


MOVING = [(exercise_id, p) for exercise_id, p in LIBRARY.exercises.items() if EXERCISES[exercise_id].beats]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MOVING), st.integers(0, 3), st.floats(0.0, 1.0), st.booleans())
def test_every_moment_of_every_rep_keeps_limbs_whole_above_the_floor_and_pins_in_place(
    moving: tuple[str, ExercisePoses], beat: int, fraction: float, mirror: bool
) -> None:
    _, poses = moving
    start = beat % len(poses.keyframes)
    scene = Shot(poses, start, (start + 1) % len(poses.keyframes), mirror).scene(fraction)
    assert limb_length_errors(scene.body) == []
    assert floor_errors(scene.body) == []
    if not mirror:
        for joint, target in poses.pin_targets().items():
            assert math.dist(scene.body.joints[joint], target) < 1e-6


def test_a_beat_starts_and_ends_on_its_keyframes_and_passes_between_at_the_same_lengths() -> None:
    bridge = LIBRARY.exercises["bridge"]
    shot = Shot(bridge, 0, 1)
    down, up = forward(bridge.pose(0)), forward(bridge.pose(1))
    at_start, halfway, at_end = (shot.scene(f).body for f in (0.0, 0.5, 1.0))
    for name, (x, y) in down.joints.items():
        assert at_start.joints[name] == pytest.approx((x, y), abs=1e-9)
        assert at_end.joints[name] == pytest.approx(up.joints[name], abs=1e-9)
    hip = halfway.joints["hip"][1]
    assert down.joints["hip"][1] < hip < up.joints["hip"][1]
    for bone in Bone:
        assert halfway.length(bone) == pytest.approx(LENGTHS[bone])
    assert halfway.joints["right_ankle"] == pytest.approx(down.joints["right_ankle"]), "the feet stay planted"


def test_angles_blend_the_short_way_round() -> None:
    pose = LIBRARY.named["standing"].pose
    first = pose.with_angles({Bone.RIGHT_UPPER_ARM: 350.0})
    second = pose.with_angles({Bone.RIGHT_UPPER_ARM: 10.0})
    assert interpolate(first, second, 0.5).angles[Bone.RIGHT_UPPER_ARM] == pytest.approx(0.0, abs=1e-9)


def test_two_bone_ik_puts_the_end_on_target_with_the_knee_on_the_side_asked() -> None:
    upper, lower = LENGTHS[Bone.RIGHT_THIGH], LENGTHS[Bone.RIGHT_SHIN]
    for hint in ((1.0, 2.0), (1.0, -2.0)):
        first, second = two_bone((0.0, 0.0), (2.0, 0.0), upper, lower, hint)
        knee = (upper * math.cos(math.radians(first)), upper * math.sin(math.radians(first)))
        end = (
            knee[0] + lower * math.cos(math.radians(second)),
            knee[1] + lower * math.sin(math.radians(second)),
        )
        assert end == pytest.approx((2.0, 0.0), abs=1e-9)
        assert math.copysign(1, knee[1]) == math.copysign(1, hint[1])
    straight = two_bone((0.0, 0.0), (0.0, 10.0), upper, lower, (1.0, 1.0))
    assert straight == pytest.approx((90.0, 90.0), abs=0.1), "out of reach: the straight limb toward it"


def test_the_mirror_image_is_the_other_side_reflected() -> None:
    pose = LIBRARY.exercises["towel-hamstring"].pose(0)
    mirrored = pose.mirrored()
    twice = mirrored.mirrored()
    assert twice.root == pose.root and twice.near is pose.near
    assert {bone: round(angle, 9) for bone, angle in twice.angles.items()} == {
        bone: round(angle, 9) for bone, angle in pose.angles.items()
    }
    assert mirrored.near is pose.near.other, "seen from the other side"
    body, image = forward(pose), forward(mirrored)
    for name, (x, y) in body.joints.items():
        twin = name.replace("right_", "@").replace("left_", "right_").replace("@", "left_")
        assert image.joints[twin] == pytest.approx((-x, y), abs=1e-9)


def phases_of(routine_id: str, exercise_id: str) -> list[Phase]:
    plan = build_plan(builtin_routine(routine_id))
    return [p for p in plan.phases if p.exercise is not None and p.exercise.id == exercise_id]


def test_each_beat_of_a_rep_moves_from_its_keyframe_to_the_next() -> None:
    reps = [p for p in phases_of("core-strength", "bridge") if p.kind is PhaseKind.REP]
    shots = [shot_for(LIBRARY, p) for p in reps[:4]]
    assert [(s.start, s.end) for s in shots] == [(0, 1), (1, 0), (0, 1), (1, 0)]
    assert all(s.moving for s in shots)


def test_a_hold_between_beats_keeps_the_pose_the_first_beat_reached() -> None:
    hold = next(p for p in phases_of("physio-ten", "bird-dog") if p.kind is PhaseKind.HOLD)
    shot = shot_for(LIBRARY, hold)
    assert (shot.start, shot.end) == (1, 1) and not shot.moving


def test_each_position_of_a_hold_has_its_picture() -> None:
    holds = [p for p in phases_of("five-stretches", "childs-pose") if p.kind is PhaseKind.HOLD]
    assert [shot_for(LIBRARY, p).start for p in holds] == [0, 1, 2]


def test_the_other_side_is_the_mirror_image() -> None:
    holds = [p for p in phases_of("five-stretches", "doorway-hamstring") if p.kind is PhaseKind.HOLD]
    assert [p.side for p in holds] == [Side.LEFT, Side.RIGHT]
    assert [shot_for(LIBRARY, p).mirror for p in holds] == [False, True]
    alternating = [p for p in phases_of("quick-relief", "spine-stretch") if p.kind is PhaseKind.REP][:4]
    assert [shot_for(LIBRARY, p).mirror for p in alternating] == [False, False, True, True]


def test_an_exercise_without_a_drawing_shows_its_body_position_and_the_end_shows_rest() -> None:
    mine = routine(
        exercise("cat-stretch", position="all_fours", hold=20), exercise("wave", reps=4, beats=BEATS)
    )
    plan = build_plan(mine)
    shots = [shot_for(LIBRARY, p) for p in plan.phases]
    assert shots[0].poses.keyframes == LIBRARY.for_position(BodyPosition.ALL_FOURS).keyframes
    rep = next(s for s, p in zip(shots, plan.phases, strict=True) if p.kind is PhaseKind.REP)
    assert not rep.moving, "one keyframe: nothing to move between"
    assert shots[-1].poses.keyframes == LIBRARY.resting().keyframes
    for position in BodyPosition:
        assert poses_for(LIBRARY, exercise_of(position)).keyframes


def exercise_of(position: BodyPosition) -> Exercise:
    return routine(exercise("unknown-one", position=position.value, hold=20)).exercises[0]


def broken(change: dict[str, Any], where: str = "exercises") -> list[str]:
    positions, exercises = documents()
    target = exercises if where == "exercises" else positions
    for key, value in change.items():
        table: Any = target
        *parents, last = key.split("/")
        for parent in parents:
            table = table[int(parent)] if parent.isdigit() else table[parent]
        table[last] = value
    with pytest.raises(PoseError) as raised:
        library_from_documents(positions, exercises, "poses")
    return [str(problem) for problem in raised.value.problems]


def test_a_mistyped_bone_is_named_with_a_suggestion() -> None:
    problems = broken({"exercises/bridge/keyframes/1/angles": {"pelvs": 150}})
    assert problems == [
        "exercises.bridge.keyframes[1].angles.pelvs: there is no bone 'pelvs'; did you mean 'pelvis'?"
    ]


def test_a_pose_through_the_floor_and_an_unreachable_pin_are_refused() -> None:
    problems = broken({"exercises/bridge/keyframes/1/root": [-0.2, 4.5]})
    assert any("cannot reach its pinned place" in p for p in problems)
    problems = broken({"exercises/plank/keyframes/0/root": [0.0, 0.2]})
    assert any("below the floor" in p and p.startswith("exercises.plank.keyframes[0]") for p in problems)


def test_unknown_poses_joints_and_missing_words_are_each_reported() -> None:
    problems = broken(
        {
            "exercises/bridge/keyframes/0/pose": "on-bak",
            "exercises/plank/keyframes/0/description": "",
            "exercises/towel-hamstring/keyframes/0/props": [
                {"kind": "towel", "at": "right_wrst", "to": "right_toes"}
            ],
        }
    )
    assert "exercises.bridge.keyframes[0].pose: there is no pose 'on-bak'" in problems[0]
    assert any("description: must say in words" in p for p in problems)
    assert any("there is no joint 'right_wrst'; did you mean 'right_wrist'?" in p for p in problems)


def test_body_positions_must_each_have_a_pose() -> None:
    positions, exercises = documents()
    del positions["body_positions"]["standing"]
    with pytest.raises(PoseError, match=r"body_positions\.standing"):
        library_from_documents(positions, exercises, "poses")
