"""The pages of the main window: the routine picker, the session and its summary."""
