"""Just enough of the D-Bus wire protocol to make the one call QtDBus cannot: the portal's Inhibit.

`org.freedesktop.portal.Inhibit.Inhibit` takes its flags as an unsigned 'u'. PySide6 sends a
Python int as a signed 'i' (QDBusArgument picks a 16-bit overload, and QDBusInterface, which
would use the introspected types, cannot map the portal's unannotated a{sv}), so the portal
would answer "no such method". This module speaks the protocol itself on a socket of its own:
the EXTERNAL authentication, Hello, one method call with its reply, and a fire-and-forget call.
Everything is little-endian, and only the types the calls below need are marshalled.

A `BusConnection` blocks; `PortalInhibitor` in ui/screensaver.py runs it on a worker thread so
the window never waits for the bus.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

METHOD_CALL, METHOD_RETURN, ERROR, SIGNAL = 1, 2, 3, 4
NO_REPLY_EXPECTED = 0x1
_PATH, _INTERFACE, _MEMBER, _ERROR_NAME, _REPLY_SERIAL, _DESTINATION, _SIGNATURE = 1, 2, 3, 4, 5, 6, 8
_MAX_MESSAGE = 1 << 27


class BusError(Exception):
    """The bus could not be reached, or a call failed (`name` is the D-Bus error name, if any)."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name


def session_bus_address(environ: Mapping[str, str] = os.environ) -> str:
    """DBUS_SESSION_BUS_ADDRESS, or the systemd user bus in $XDG_RUNTIME_DIR, or ""."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return ""


def _socket_targets(address: str) -> list[str | bytes]:
    """The unix sockets an address names, in order (tcp and the rest are not for a desktop session)."""
    targets: list[str | bytes] = []
    for entry in address.split(";"):
        transport, _, options = entry.partition(":")
        if transport != "unix":
            continue
        keys = dict(option.partition("=")[::2] for option in options.split(",") if option)
        if "path" in keys:
            targets.append(_unescape(keys["path"]))
        elif "abstract" in keys:
            targets.append(b"\0" + _unescape(keys["abstract"]).encode())
    return targets


def _unescape(value: str) -> str:
    """D-Bus addresses escape bytes as %XX."""
    parts = value.split("%")
    out = parts[0]
    for part in parts[1:]:
        out += chr(int(part[:2], 16)) + part[2:]
    return out


_ALIGNMENT = {"y": 1, "g": 1, "v": 1, "b": 4, "i": 4, "u": 4, "s": 4, "o": 4, "a": 4, "(": 8, "{": 8}


def split_signature(signature: str) -> list[str]:
    """The complete types of a signature in order: "sasa{sv}i" is ["s", "as", "a{sv}", "i"]."""
    types: list[str] = []
    at = 0
    while at < len(signature):
        end = _type_end(signature, at)
        types.append(signature[at:end])
        at = end
    return types


def _type_end(signature: str, at: int) -> int:
    code = signature[at]
    if code == "a":
        return _type_end(signature, at + 1)
    if code in "({":
        closing = ")" if code == "(" else "}"
        at += 1
        while signature[at] != closing:
            at = _type_end(signature, at)
        return at + 1
    if code not in _ALIGNMENT:
        raise ValueError(f"unsupported type {code!r} in {signature!r}")
    return at + 1


def variant_signature(value: object) -> str:
    """The type a Python value goes out as inside a variant: text, a flag, an int, or nested a{sv}."""
    if isinstance(value, str):
        return "s"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int):
        return "i"
    if isinstance(value, Mapping):
        return "a{sv}"
    if isinstance(value, Sequence) and all(isinstance(item, Mapping) for item in value):
        return "aa{sv}"
    raise TypeError(f"cannot put {value!r} in a variant")


class _Writer:
    """Marshals values at their alignments, counted from the start of the buffer."""

    def __init__(self) -> None:
        self.data = bytearray()

    def align(self, boundary: int) -> None:
        self.data += b"\0" * (-len(self.data) % boundary)

    def byte(self, value: int) -> None:
        self.data.append(value)

    def uint32(self, value: int) -> None:
        self.align(4)
        self.data += struct.pack("<I", value)

    def string(self, value: str) -> None:
        encoded = value.encode()
        self.uint32(len(encoded))
        self.data += encoded + b"\0"

    def signature(self, value: str) -> None:
        self.byte(len(value))
        self.data += value.encode() + b"\0"

    def value(self, kind: str, value: object) -> None:
        """One value of one complete type; the Python value must fit the type exactly."""
        code = kind[0]
        if code in "so" and isinstance(value, str):
            self.string(value)
        elif code == "g" and isinstance(value, str):
            self.signature(value)
        elif code == "b" and isinstance(value, bool):
            self.uint32(int(value))
        elif code == "u" and isinstance(value, int) and _whole(value) and 0 <= value < 1 << 32:
            self.uint32(value)
        elif code == "i" and isinstance(value, int) and _whole(value) and -(1 << 31) <= value < 1 << 31:
            self.align(4)
            self.data += struct.pack("<i", value)
        elif code == "y" and isinstance(value, int) and _whole(value) and 0 <= value < 256:
            self.byte(value)
        elif code == "v":
            inner = variant_signature(value)
            self.signature(inner)
            self.value(inner, value)
        elif code == "a":
            self._array(kind[1:], value)
        else:
            raise TypeError(f"cannot marshal {value!r} as {kind!r}")

    def _array(self, element: str, value: object) -> None:
        if element.startswith("{") and isinstance(value, Mapping):
            key_kind, item_kind = split_signature(element[1:-1])
            items: list[object] = list(value.items())
        elif not element.startswith("{") and isinstance(value, Sequence) and not isinstance(value, str):
            items = list(value)
        else:
            raise TypeError(f"cannot marshal {value!r} as an array of {element!r}")
        self.uint32(0)
        length_at = len(self.data) - 4
        self.align(_ALIGNMENT[element[0]])
        start = len(self.data)
        for item in items:
            if element.startswith("{"):
                assert isinstance(item, tuple)
                self.align(8)
                self.value(key_kind, item[0])
                self.value(item_kind, item[1])
            else:
                self.value(element, item)
        struct.pack_into("<I", self.data, length_at, len(self.data) - start)


def _whole(value: int) -> bool:
    return not isinstance(value, bool)


def marshal_body(signature: str, arguments: Sequence[object]) -> bytes:
    """The body of a call: s, o, g, b, y, i, u, arrays, dicts and variants (of text, flags, ints
    and nested a{sv}), which is all the portal's and the notification service's calls need."""
    writer = _Writer()
    kinds = split_signature(signature)
    if len(kinds) != len(arguments):
        raise ValueError(f"{len(arguments)} arguments for signature {signature!r}")
    for kind, argument in zip(kinds, arguments, strict=True):
        writer.value(kind, argument)
    return bytes(writer.data)


def marshal_call(
    serial: int,
    *,
    destination: str,
    path: str,
    interface: str,
    member: str,
    signature: str = "",
    body: bytes = b"",
    flags: int = 0,
) -> bytes:
    writer = _Writer()
    writer.data += b"l" + bytes([METHOD_CALL, flags, 1])
    writer.uint32(len(body))
    writer.uint32(serial)
    fields: list[tuple[int, str, str]] = [
        (_PATH, "o", path),
        (_INTERFACE, "s", interface),
        (_MEMBER, "s", member),
        (_DESTINATION, "s", destination),
    ]
    if signature:
        fields.append((_SIGNATURE, "g", signature))
    writer.uint32(0)
    length_at = len(writer.data) - 4
    writer.align(8)
    start = len(writer.data)
    for code, kind, value in fields:
        writer.align(8)
        writer.byte(code)
        writer.signature(kind)
        if kind == "g":
            writer.signature(value)
        else:
            writer.string(value)
    struct.pack_into("<I", writer.data, length_at, len(writer.data) - start)
    writer.align(8)
    return bytes(writer.data) + body


class _Reader:
    def __init__(self, data: bytes, little: bool) -> None:
        self.data, self.at, self.order = data, 0, "<" if little else ">"

    def align(self, boundary: int) -> None:
        self.at += -self.at % boundary

    def byte(self) -> int:
        self.at += 1
        return self.data[self.at - 1]

    def uint32(self) -> int:
        self.align(4)
        (value,) = struct.unpack_from(self.order + "I", self.data, self.at)
        self.at += 4
        return int(value)

    def string(self) -> str:
        length = self.uint32()
        value = self.data[self.at : self.at + length].decode()
        self.at += length + 1
        return value

    def signature(self) -> str:
        length = self.byte()
        value = self.data[self.at : self.at + length].decode()
        self.at += length + 1
        return value

    def basic(self, code: str) -> str | int | None:
        """A value of a basic type, or None (and nothing read) for any other type."""
        if code in "so":
            return self.string()
        if code == "g":
            return self.signature()
        if code in "ub":
            return self.uint32()
        if code == "i":
            self.align(4)
            (value,) = struct.unpack_from(self.order + "i", self.data, self.at)
            self.at += 4
            return int(value)
        return None


class Reply:
    """A message: its kind, which call it answers, what it is (for a signal), and its leading
    arguments of basic types (strings, paths, integers); `first` is the first one that is text."""

    def __init__(
        self,
        kind: int,
        reply_serial: int,
        error_name: str,
        signature: str,
        arguments: Sequence[str | int] = (),
        *,
        interface: str = "",
        member: str = "",
    ) -> None:
        self.kind, self.reply_serial, self.error_name = kind, reply_serial, error_name
        self.signature, self.arguments = signature, tuple(arguments)
        self.interface, self.member = interface, member
        self.first = next((value for value in self.arguments if isinstance(value, str)), "")


def parse_message(data: bytes) -> Reply:
    """The header of any message, and its arguments up to the first that is not of a basic type."""
    reader = _Reader(data, little=data[:1] == b"l")
    reader.at = 1
    kind = reader.byte()
    reader.at = 12
    fields_end = 16 + reader.uint32()
    reader.align(8)
    reply_serial, error_name, signature, interface, member = 0, "", "", "", ""
    while reader.at < fields_end:
        reader.align(8)
        code = reader.byte()
        kind_of_value = reader.signature()
        if kind_of_value in "sog":
            value: str | int = reader.signature() if kind_of_value == "g" else reader.string()
        elif kind_of_value == "u":
            value = reader.uint32()
        else:
            raise BusError(f"unexpected header field type {kind_of_value!r}")
        if code == _REPLY_SERIAL and isinstance(value, int):
            reply_serial = value
        elif code == _ERROR_NAME and isinstance(value, str):
            error_name = value
        elif code == _SIGNATURE and isinstance(value, str):
            signature = value
        elif code == _INTERFACE and isinstance(value, str):
            interface = value
        elif code == _MEMBER and isinstance(value, str):
            member = value
    reader.at = fields_end
    reader.align(8)
    arguments: list[str | int] = []
    for type_code in signature:
        if reader.at >= len(data):
            break
        argument = reader.basic(type_code)
        if argument is None:
            break
        arguments.append(argument)
    return Reply(kind, reply_serial, error_name, signature, arguments, interface=interface, member=member)


class BusConnection:
    """One private, blocking connection to a bus; closing it ends everything it holds there."""

    def __init__(self, address: str, timeout: float = 5.0) -> None:
        targets = _socket_targets(address)
        if not targets:
            raise BusError(f"no unix socket in the bus address {address!r}")
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(timeout)
        self._buffer = b""
        self._serial = 0
        try:
            self._connect(targets)
            self._authenticate()
            self.unique_name = self.call(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello"
            )
        except (OSError, BusError):
            self._socket.close()
            raise

    def _connect(self, targets: list[str | bytes]) -> None:
        error: OSError | None = None
        for target in targets:
            try:
                self._socket.connect(target)
                return
            except OSError as failure:
                error = failure
        assert error is not None
        raise error

    def _authenticate(self) -> None:
        uid = str(os.getuid()).encode().hex()
        self._socket.sendall(b"\0AUTH EXTERNAL " + uid.encode() + b"\r\n")
        line = self._read_line()
        if not line.startswith(b"OK "):
            raise BusError(f"the bus refused authentication: {line.decode(errors='replace')}")
        self._socket.sendall(b"BEGIN\r\n")

    def _read_line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            self._receive()
        line, _, self._buffer = self._buffer.partition(b"\r\n")
        return line

    def _receive(self) -> None:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise BusError("the bus closed the connection")
        self._buffer += chunk

    def _read_message(self) -> bytes:
        while len(self._buffer) < 16:
            self._receive()
        order = "<" if self._buffer[:1] == b"l" else ">"
        body_length, _, fields_length = struct.unpack_from(order + "III", self._buffer, 4)
        total = 16 + fields_length + (-fields_length % 8) + body_length
        if total > _MAX_MESSAGE:
            raise BusError("a message from the bus is too large")
        while len(self._buffer) < total:
            self._receive()
        message, self._buffer = self._buffer[:total], self._buffer[total:]
        return message

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def call(
        self,
        destination: str,
        path: str,
        interface: str,
        member: str,
        *,
        signature: str = "",
        arguments: Sequence[object] = (),
    ) -> str:
        """Call and wait for the answer; returns its first argument (a string or object path)."""
        return self.request(
            destination, path, interface, member, signature=signature, arguments=arguments
        ).first

    def request(
        self,
        destination: str,
        path: str,
        interface: str,
        member: str,
        *,
        signature: str = "",
        arguments: Sequence[object] = (),
    ) -> Reply:
        """Call and wait for the answer, skipping signals and other messages meanwhile."""
        serial = self._next_serial()
        body = marshal_body(signature, arguments)
        message = marshal_call(
            serial,
            destination=destination,
            path=path,
            interface=interface,
            member=member,
            signature=signature,
            body=body,
        )
        self._socket.sendall(message)
        while True:
            try:
                reply = parse_message(self._read_message())
            except (struct.error, IndexError, UnicodeDecodeError) as error:
                raise BusError(f"a message from the bus could not be read: {error}") from error
            if reply.kind in (METHOD_RETURN, ERROR) and reply.reply_serial == serial:
                break
        if reply.kind == ERROR:
            raise BusError(reply.first or reply.error_name, reply.error_name)
        return reply

    def add_match(self, rule: str) -> None:
        """Ask the bus for the signals `rule` matches (they are then read with `next_signal`)."""
        self.call(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "AddMatch",
            signature="s",
            arguments=[rule],
        )

    def next_signal(self) -> Reply:
        """Wait, with no time limit, for the next signal; `stop` from another thread ends the wait."""
        self._socket.settimeout(None)
        while True:
            try:
                message = parse_message(self._read_message())
            except (struct.error, IndexError, UnicodeDecodeError) as error:
                raise BusError(f"a message from the bus could not be read: {error}") from error
            if message.kind == SIGNAL:
                return message

    def stop(self) -> None:
        """Wake a thread waiting in `next_signal` (it gets a BusError), from any thread."""
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)

    def send(self, destination: str, path: str, interface: str, member: str) -> None:
        """A call with no arguments whose answer nobody waits for."""
        serial = self._next_serial()
        self._socket.sendall(
            marshal_call(
                serial,
                destination=destination,
                path=path,
                interface=interface,
                member=member,
                flags=NO_REPLY_EXPECTED,
            )
        )

    def close(self) -> None:
        self._socket.close()
