"""The ``voortgang`` command line: every subcommand explains itself."""

from __future__ import annotations

import argparse

import pytest

from service.cli import main, parser

STABLE = {"serve", "migrate", "project", "rebuild", "seed-demo", "token", "schema"}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_the_stable_subcommands_exist() -> None:
    assert set(subcommands()) >= STABLE


@pytest.mark.parametrize("command", sorted(STABLE))
def test_every_subcommand_has_a_help_that_says_what_it_does(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    description = subcommands()[command].description
    assert description and len(description) > 20
    assert description.split()[0] in out
    assert "--data-dir" in out


def test_serve_keeps_its_stable_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--data-dir", "--demo"):
        assert option in out


def test_token_keeps_its_stable_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["token", "--help"])
    out = capsys.readouterr().out
    for option in ("--role", "--gemeente", "--name"):
        assert option in out


def test_the_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in STABLE:
        assert command in out
