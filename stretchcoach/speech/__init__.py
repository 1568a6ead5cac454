"""The coach's voice: phrases rendered ahead into a cache and played on the beat.

Start from `choose_voice.create_voice`, which returns the `voice_protocol.Voice` the session
controller uses: a `coach_voice.CoachVoice` that speaks, or a `captions_only_voice.CaptionsOnlyVoice`
when this machine cannot. The speaking one renders on a `synthesis_worker` thread, through a
`renderer_protocol.Renderer` (espeak-ng, in `espeak/`), into the `clip_cache`; the
`cue_scheduler` picks each cue's form (`line_fitting`) and its instant, and a `clip_players`
output plays it on `qt_timers`. `wav` holds the sound chores all of them share, and
`cli_commands` the voice's terminal commands.
"""
