"""The few pieces of the D-Bus wire protocol the portal call needs (the round trips themselves are
in test_screensaver.py, against a real dbus-daemon)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchcoach.ui.dbus_wire import (
    BusConnection,
    BusError,
    _socket_targets,
    marshal_body,
    marshal_call,
    parse_message,
    session_bus_address,
)


def test_addresses_name_unix_sockets_by_path_or_abstract_name() -> None:
    address = "tcp:host=localhost,port=1;unix:path=/run/user/1000/b%20us,guid=ab;unix:abstract=/tmp/dbus-x"
    assert _socket_targets(address) == ["/run/user/1000/b us", b"\0/tmp/dbus-x"]
    assert _socket_targets("tcp:host=localhost") == []


def test_the_session_bus_falls_back_to_the_user_bus_in_the_runtime_folder(tmp_path: Path) -> None:
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}) == "unix:path=/x"
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == ""
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path / 'bus'}"


def test_the_portal_arguments_marshal_at_their_alignments() -> None:
    body = marshal_body("sua{sv}", ["", 8, {"reason": "r"}])
    assert body == (
        b"\0\0\0\0\0\0\0\0"  # "" and its nul, padded to 4
        b"\x08\0\0\0"  # the flags, a u
        b"\x16\0\0\0"  # the array's length (22), already at the dict entry's 8
        b"\x06\0\0\0reason\0"  # the key
        b"\x01s\0\0\0"  # the variant's signature, padded to 4
        b"\x01\0\0\0r\0"  # its string
    )
    with pytest.raises(TypeError):
        marshal_body("u", [-1])
    with pytest.raises(ValueError):
        marshal_body("su", ["only one"])


def test_a_call_reads_back_as_its_own_header() -> None:
    body = marshal_body("s", ["hello"])
    message = marshal_call(
        7, destination="d.e", path="/p", interface="i.f", member="M", signature="s", body=body
    )
    assert (len(message) - len(body)) % 8 == 0, "the body starts 8-aligned"
    reply = parse_message(message)
    assert (reply.kind, reply.signature, reply.first) == (1, "s", "hello")


def test_a_bus_that_is_not_there_is_an_os_error() -> None:
    with pytest.raises(OSError):
        BusConnection("unix:path=/nonexistent/stretchcoach-test-bus")
    with pytest.raises(BusError):
        BusConnection("tcp:host=localhost,port=1")
