"""A stand-in xdg-desktop-portal, run as its own process on a private bus by the keep-awake tests.

It must be another process: the inhibitor's portal call blocks until answered, so a fake in the
test's own thread could never answer it. Every call it receives is printed as one JSON line.

usage: python fake_portal.py BUS_ADDRESS (inhibit | no-inhibit | refuse)
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusVirtualObject

PATH = "/org/freedesktop/portal/desktop"
REQUEST = "/org/freedesktop/portal/desktop/request/1_1/stretchcoach"


def report(**event: object) -> None:
    print(json.dumps(event), flush=True)


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
class Inhibit(QObject):
    @Slot(str, "uint", "QVariantMap", result="QDBusObjectPath")
    def Inhibit(self, window: str, flags: int, options: dict[str, object]) -> QDBusObjectPath:
        report(call="Inhibit", window=window, flags=flags, options=options)
        return QDBusObjectPath(REQUEST)


class RefusingInhibit(QDBusVirtualObject):
    """Has Inhibit, as its introspection says, and answers every call with an error, as a portal
    does when the user or a policy says no."""

    def introspect(self, path: str) -> str:
        return (
            '<interface name="org.freedesktop.portal.Inhibit"><method name="Inhibit">'
            '<arg type="s" direction="in"/><arg type="u" direction="in"/>'
            '<arg type="a{sv}" direction="in"/><arg type="o" direction="out"/>'
            "</method></interface>"
        )

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        if message.member() != "Inhibit":
            return False
        report(call="Inhibit", signature=message.signature(), interface=message.interface())
        connection.send(message.createErrorReply("org.freedesktop.portal.Error.NotAllowed", "refused"))
        return True


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Settings"})
class SettingsOnly(QObject):
    """A portal whose backend has no Inhibit: the object exists, the interface does not."""

    @Slot(str, str, result=str)
    def ReadOne(self, namespace: str, key: str) -> str:
        return ""


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Request"})
class Request(QObject):
    @Slot()
    def Close(self) -> None:
        report(call="Close")


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    address, mode = sys.argv[1], sys.argv[2]
    bus = QDBusConnection.connectToBus(address, "fake-portal")
    request = Request()
    options = QDBusConnection.RegisterOption.ExportAllSlots
    # Kept in variables: an exported object that Python collects vanishes from the bus.
    refusing = RefusingInhibit()
    portal: QObject = SettingsOnly() if mode == "no-inhibit" else Inhibit()
    if mode == "refuse":
        registered = bus.registerVirtualObject(PATH, refusing)
    else:
        registered = bus.registerObject(PATH, portal, options)
    if not (registered and bus.registerObject(REQUEST, request, options)):
        return 1
    if not bus.registerService("org.freedesktop.portal.Desktop"):
        return 1
    report(ready=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
