"""Which picture a phase of a session shows, and whether it moves.

A rep beat moves from its keyframe to the next one (beat 0 of the bridge: hips down to hips up;
beat 1 back again); a hold between the beats of a rep keeps the pose the first beat reached; a
hold of one of several positions (child's pose centre, right, left) shows that position's
keyframe; everything else shows where the exercise starts. The other side is the mirror image.
"""

from __future__ import annotations

from functools import cache

from stretchcoach.core.builtin import resources_dir
from stretchcoach.core.model import Exercise
from stretchcoach.core.plan import Phase, PhaseKind
from stretchcoach.core.poses.pose_file import PoseLibrary, load_library
from stretchcoach.core.poses.scene import ExercisePoses, Shot


@cache
def builtin_poses() -> PoseLibrary:
    return load_library(resources_dir() / "poses")


def poses_for(library: PoseLibrary, exercise: Exercise) -> ExercisePoses:
    """The exercise's own drawing, or, for one written without, its body position's figure."""
    return library.exercises.get(exercise.id) or library.for_position(exercise.position)


def shot_for(library: PoseLibrary, phase: Phase) -> Shot:
    exercise = phase.exercise
    if exercise is None:
        return Shot(library.resting(), 0, 0)
    poses = poses_for(library, exercise)
    count = len(poses.keyframes)
    mirror = phase.side is not None and phase.side is not poses.side
    index = 0
    if phase.kind is PhaseKind.REP:
        start = phase.beat_index % count
        return Shot(poses, start, (start + 1) % count, mirror)
    if phase.kind is PhaseKind.HOLD and exercise.beats:
        index = 1 % count
    elif phase.position and exercise.positions:
        labels = [position.label for position in exercise.positions]
        if phase.position in labels:
            index = labels.index(phase.position) % count
    return Shot(poses, index, index, mirror)
