"""The ``voortgang`` command line: every subcommand explains itself."""

from __future__ import annotations

import argparse
from pathlib import Path

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


def test_token_help_says_which_claim_each_role_needs(capsys: pytest.CaptureFixture[str]) -> None:
    from service.access.auth import ROLE_CLAIMS

    with pytest.raises(SystemExit):
        main(["token", "--help"])
    out = capsys.readouterr().out
    lines = out.split("Claims each role needs")[1].splitlines()
    for role, needed in ROLE_CLAIMS.items():
        line = next((x for x in lines if x.strip().startswith(role) or f" {role}" in x), "")
        assert line, (role, out)
        for claim in needed:
            assert f"--{claim}" in line, (role, line)


def test_token_refuses_to_print_a_token_that_misses_a_claim_its_role_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["--role", "secretaris"], ["--role", "projectleider"], ["--role", "gemeente", "--gemeente", "gm0307"]):
        assert main(["token", "--data-dir", str(tmp_path), *args]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "TOKEN_CLAIM" in captured.err


def test_the_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in STABLE:
        assert command in out
