"""The Qt-free heart: routines, the phase planner and the session engine."""
