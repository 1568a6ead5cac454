"""espeak-ng as the coach's renderer: found and started without ever taking the app down, then
bound directly with ctypes (see `binding` for why not pyttsx3)."""
