"""cigkit never opens a network connection: every socket is refused while it works."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.tui.app import make_app


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise AssertionError(f"cigkit tried to open a network connection: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_command_line_works_with_no_network(
    data_dir: Path, tmp_path: Path, no_network: list[str]
) -> None:
    data = str(data_dir)
    assert run(["--data", data, "demo"]) == 0
    assert run(["--data", data, "log", "note", "-w", "3", "-t", "crisis", "Offline note"]) == 0
    assert run(["--data", data, "check"]) == 0
    assert run(["--data", data, "export", "--all", "--html", "--out", str(tmp_path / "x")]) == 0
    assert run(["--data", data, "status", "--json"]) == 0
    assert no_network == []


async def test_the_app_works_with_no_network(demo_dir: Path, no_network: list[str]) -> None:
    app = make_app(demo_dir, workshop=3)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f2", "space", "f3", "f4", "f5", "f7"):
            await pilot.press(key)
            await pilot.pause()
    app.store.close()
    assert no_network == []
