"""The few espeak-ng calls the coach needs, bound with ctypes.

espeak-ng runs in its synchronous mode: `espeak_Synth` renders on the calling thread and returns
when the phrase is done, handing the samples to a callback on that same thread. pyttsx3's espeak
driver runs it asynchronously instead and cancels its queue at the start of every run, which
measurably loses a rate set just before (a phrase then comes out at the previous rate) and now
and then a whole phrase; nothing of that can happen here.

Only `espeak_ng_Initialize` is used to start the library: unlike `espeak_Initialize`, it
reports a failure instead of calling `exit(1)`.
"""

from __future__ import annotations

import ctypes
import os
from array import array
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SYNCHRONOUS = 0x0001
BUFFER_MS = 200
RATE = 1
POSITION_CHARACTER = 1
CHARS_UTF8 = 1
END_PAUSE = 0x1000
EVENT_LIST_TERMINATED = 0
EVENT_MSG_TERMINATED = 6
STATUS_OK = 0


class EspeakError(RuntimeError):
    """espeak-ng refused a call; the message is espeak's own."""


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_void_p),
    )


class _Voice(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass(frozen=True, slots=True)
class EspeakVoice:
    identifier: str
    name: str
    languages: tuple[str, ...]


class Espeak:
    """One loaded espeak-ng library. Its state is global to the process: call from one thread at a time."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self._lib = library
        self._declare()
        self._samples: list[bytes] = []
        self._finished = False
        self._callback = _Callback(self._on_synth)
        self.sample_rate = 0

    def start(self, data: Path) -> None:
        """Start espeak-ng on the data folder, rendering synchronously; raises EspeakError.

        A folder given to `espeak_ng_InitializePath` wins over `ESPEAK_DATA_PATH`, `$HOME` and the
        path compiled into the library, so the environment is neither needed nor read.
        """
        self._lib.espeak_ng_InitializePath(os.fsencode(data))
        context = ctypes.c_void_p()
        status = self._lib.espeak_ng_Initialize(ctypes.byref(context))
        self._lib.espeak_ng_ClearErrorContext(ctypes.byref(context))
        self._check(status)
        self._check(self._lib.espeak_ng_InitializeOutput(OUTPUT_SYNCHRONOUS, BUFFER_MS, None))
        self._lib.espeak_SetSynthCallback(self._callback)
        self.sample_rate = self._lib.espeak_ng_GetSampleRate()

    def version(self) -> str:
        version = self._lib.espeak_Info(None)
        return version.decode(errors="replace") if version else "unknown"

    def voices(self) -> tuple[EspeakVoice, ...]:
        found = []
        listing = self._lib.espeak_ListVoices(None)
        index = 0
        while listing and listing[index]:
            voice = listing[index].contents
            found.append(
                EspeakVoice(
                    (voice.identifier or b"").decode(errors="replace"),
                    (voice.name or b"").decode(errors="replace"),
                    _languages(voice.languages),
                )
            )
            index += 1
        return tuple(found)

    def set_voice(self, identifier: str) -> None:
        if self._lib.espeak_SetVoiceByName(identifier.encode()) != STATUS_OK:
            raise EspeakError(f"no voice '{identifier}'")

    def set_rate(self, words_per_minute: int) -> None:
        if self._lib.espeak_SetParameter(RATE, words_per_minute, 0) != STATUS_OK:
            raise EspeakError(f"cannot speak at {words_per_minute} words a minute")

    def synthesize(self, text: str) -> array[int]:
        """The phrase as 16-bit mono samples at `sample_rate`, trailing pause included."""
        encoded = text.encode()
        self._samples = []
        self._finished = False
        status = self._lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, POSITION_CHARACTER, 0, CHARS_UTF8 | END_PAUSE, None, None
        )
        if status != STATUS_OK:
            raise EspeakError(f"espeak_Synth failed (status {status})")
        if not self._finished:
            raise EspeakError("espeak-ng stopped before the end of the phrase")
        samples = array("h")
        samples.frombytes(b"".join(self._samples))
        self._samples = []
        return samples

    def _on_synth(
        self, wav: ctypes._Pointer[ctypes.c_short], count: int, events: ctypes._Pointer[_Event]
    ) -> int:
        """Collects samples; the end is a call with no buffer (synchronous mode) or a terminate event."""
        if not wav:
            self._finished = True
        elif count > 0:
            self._samples.append(ctypes.string_at(wav, count * ctypes.sizeof(ctypes.c_short)))
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:
            if events[index].type == EVENT_MSG_TERMINATED:
                self._finished = True
            index += 1
        return 0

    def _check(self, status: int) -> None:
        if status != STATUS_OK:
            message = ctypes.create_string_buffer(512)
            self._lib.espeak_ng_GetStatusCodeMessage(status, message, len(message))
            raise EspeakError(message.value.decode(errors="replace") or f"status {status:#x}")

    def _declare(self) -> None:
        lib = self._lib
        lib.espeak_ng_InitializePath.argtypes = [ctypes.c_char_p]
        lib.espeak_ng_InitializePath.restype = None
        lib.espeak_ng_Initialize.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.espeak_ng_Initialize.restype = ctypes.c_int
        lib.espeak_ng_ClearErrorContext.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.espeak_ng_ClearErrorContext.restype = None
        lib.espeak_ng_InitializeOutput.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p]
        lib.espeak_ng_InitializeOutput.restype = ctypes.c_int
        lib.espeak_ng_GetStatusCodeMessage.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
        lib.espeak_ng_GetStatusCodeMessage.restype = None
        lib.espeak_ng_GetSampleRate.argtypes = []
        lib.espeak_ng_GetSampleRate.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_Callback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_ListVoices.argtypes = [ctypes.POINTER(_Voice)]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int


def _languages(pointer: int | None) -> tuple[str, ...]:
    """espeak packs a voice's languages as (priority byte, name, NUL) repeated, ending with a zero byte."""
    if not pointer:
        return ()
    found = []
    offset = 0
    while ctypes.string_at(pointer + offset, 1) != b"\0":
        name = ctypes.string_at(pointer + offset + 1)
        found.append(name.decode(errors="replace"))
        offset += len(name) + 2
    return tuple(found)
