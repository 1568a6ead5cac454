"""Drawings of the exercises as data: a posable skeleton, its keyframes and the props around it.

Qt-free, so every pose can be loaded, moved and checked (floor, limb lengths, pinned feet) in
plain tests; `ui/widgets/exercise_figure` only paints what this package computes.
"""
