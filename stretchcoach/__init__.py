"""StretchCoach: a hands-free, spoken coach for lower back stretches."""

__version__ = "0.1.0"
