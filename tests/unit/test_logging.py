"""Logs for people on a terminal, JSON without escape codes for machines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from service import __version__
from service.cli import main
from service.logging import configure, console_wanted


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_format_is_console_on_a_terminal_in_development_only() -> None:
    assert console_wanted("auto", production=False, stream=_Tty())
    assert not console_wanted("auto", production=True, stream=_Tty())
    assert not console_wanted("auto", production=False, stream=io.StringIO())
    assert console_wanted("console", production=True, stream=io.StringIO())
    assert not console_wanted("json", production=False, stream=_Tty())


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_json_lines_carry_no_terminal_escape_codes(capsys: pytest.CaptureFixture[str]) -> None:
    configure("INFO", "json")
    logging.getLogger("uvicorn.error").info(
        "Started server process", extra={"color_message": "Started server process [\x1b[36m1\x1b[0m]"}
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["event"] == "Started server process"
    assert "color_message" not in record
    assert "\x1b" not in line and "\\u001b" not in line


def test_the_cli_tells_its_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip().startswith(f"voortgang {__version__}")
