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

import os
import socket
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

METHOD_CALL, METHOD_RETURN, ERROR = 1, 2, 3
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

    def string_variant_dict(self, value: Mapping[str, str]) -> None:
        """a{sv} whose values are all strings: the portal's options ("reason")."""
        self.uint32(0)
        length_at = len(self.data) - 4
        self.align(8)
        start = len(self.data)
        for key, item in value.items():
            self.align(8)
            self.string(key)
            self.signature("s")
            self.string(item)
        struct.pack_into("<I", self.data, length_at, len(self.data) - start)


def marshal_body(signature: str, arguments: Sequence[object]) -> bytes:
    """The body of a call, for the few types used here: s, o, u and a{sv} (of strings), in any order."""
    writer = _Writer()
    codes = signature.replace("a{sv}", "D")
    if len(codes) != len(arguments):
        raise ValueError(f"{len(arguments)} arguments for signature {signature!r}")
    for code, argument in zip(codes, arguments, strict=True):
        if code in "so" and isinstance(argument, str):
            writer.string(argument)
        elif code == "u" and isinstance(argument, int) and 0 <= argument < 1 << 32:
            writer.uint32(argument)
        elif (
            code == "D"
            and isinstance(argument, Mapping)
            and all(isinstance(v, str) for v in argument.values())
        ):
            writer.string_variant_dict(argument)
        else:
            raise TypeError(f"cannot marshal {argument!r} as {code!r}")
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


class Reply:
    """A method return or error: which call it answers, and its first string or path argument."""

    def __init__(self, kind: int, reply_serial: int, error_name: str, signature: str, first: str) -> None:
        self.kind, self.reply_serial, self.error_name = kind, reply_serial, error_name
        self.signature, self.first = signature, first


def parse_message(data: bytes) -> Reply:
    """The header of any message, and its first argument when that is a string or an object path."""
    reader = _Reader(data, little=data[:1] == b"l")
    reader.at = 1
    kind = reader.byte()
    reader.at = 12
    fields_end = 16 + reader.uint32()
    reader.align(8)
    reply_serial, error_name, signature = 0, "", ""
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
    reader.at = fields_end
    reader.align(8)
    first = reader.string() if signature[:1] in ("s", "o") and reader.at < len(data) else ""
    return Reply(kind, reply_serial, error_name, signature, first)


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
        return reply.first

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
