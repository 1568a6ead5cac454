"""Where the user's things live: settings, session history and their own routine files."""
