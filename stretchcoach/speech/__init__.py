"""The coach's voice: espeak-ng phrases rendered ahead into a cache and played on the beat.

Start from `factory.create_voice`, which returns the `api.Voice` the session controller uses.
"""
