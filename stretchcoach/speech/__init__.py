"""The coach's voice: espeak-ng through pyttsx3, rendered ahead and played on the beat."""
