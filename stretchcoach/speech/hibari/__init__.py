"""The natural voice: hibari-tts, a small neural model inside its own wheel, run in a render process."""
