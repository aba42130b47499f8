"""Device names: which laptop ("Table 2") made a change, instead of its 16-character id."""

from __future__ import annotations

from ..errors import UserError
from ..model import Device, Record
from ..store import Store
from ..store.hlc import device_of

DEVICE_NAME_MAX = 40


class DeviceNameError(UserError):
    """A device name that cannot be used."""


def set_device_name(store: Store, name: str) -> Device:
    """Name this laptop as people know it; the name travels with the records."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DeviceNameError("The device name is empty.")
    if len(cleaned) > DEVICE_NAME_MAX:
        raise DeviceNameError(f"The device name is {len(cleaned)} characters long; keep it to "
                              f"{DEVICE_NAME_MAX} or fewer (e.g. 'Table 2').")
    if not cleaned.isprintable():
        raise DeviceNameError("The device name holds control characters.")
    device = store.get(Device, store.device) or Device(id=store.device, name=cleaned)
    device.name = cleaned
    return store.save(device)


def made_on(record: Record) -> str:
    """The id of the laptop a record was first saved on (the table it came from), whichever
    laptop changed it since."""
    return device_of(record.origin) if record.origin else record.device


def device_names(store: Store) -> dict[str, str]:
    return {d.id: d.name for d in store.all(Device)}


def display_name(store: Store, by: str, names: dict[str, str] | None = None) -> str:
    """Who made a change, in words: a device's name ("Table 2") instead of its id; a person's
    name (CIGKIT_USER) as it is."""
    if not by:
        return "unknown"
    known = names if names is not None else device_names(store)
    shown = known.get(by, by)
    # a name or id read from another laptop's file is printed: never a control code
    return "".join(c for c in shown if c.isprintable()) or "unknown"


def this_device(store: Store) -> tuple[str, str]:
    """This laptop's id and name ('' if it has none yet)."""
    found = store.get(Device, store.device)
    return store.device, found.name if found else ""
