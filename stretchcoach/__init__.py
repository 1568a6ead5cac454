"""StretchCoach: a hands-free, spoken coach for lower back stretches."""

__version__ = "0.1.0"

APP_ID = "io.github.stretchcoach.StretchCoach"
"""The reverse-DNS id desktops know the app by: the .desktop file's and icon's name, Qt's desktop
file name (so a Wayland compositor matches the window to its launcher) and the AppStream id."""
