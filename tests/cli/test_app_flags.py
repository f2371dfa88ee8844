"""--version, --smoke-test offline, and what start-up does not load."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from main import main
from model.version import VERSION

ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"Pitboard {VERSION}"


def test_smoke_test_never_touches_the_network(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("the network is off at the track")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert main(["--smoke-test"]) == 0
    assert "smoke test passed" in capsys.readouterr().out
    assert attempts == []


def test_start_up_leaves_heavy_modules_for_later() -> None:
    probe = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen';"
        "import main, gui.app, gui.main_window;"
        "print(','.join(m for m in ('openpyxl', 'hypothesis', 'PySide6.QtSvg', 'psycopg')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert loaded.stdout.strip() == ""
