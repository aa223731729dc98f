"""The README documents what a newcomer needs, and every setting the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from service.config import env_names

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def configuration_table() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, re.MULTILINE))


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    missing = set(env_names().values()) - configuration_table()
    assert not missing, f"add these settings to the README's configuration table: {sorted(missing)}"


def test_the_readme_table_lists_no_setting_the_code_does_not_read() -> None:
    unknown = configuration_table() - set(env_names().values())
    assert not unknown, f"the README documents settings that service/config.py does not have: {sorted(unknown)}"


def test_the_readme_gives_the_run_and_test_commands_and_a_first_query() -> None:
    assert "python3 dev.py serve\n" in README
    assert "python3 dev.py test\n" in README
    assert '.venv/bin/voortgang token --role programmabureau --name "Pim Programmabureau"' in README
    assert "Authorization" in README and "Bearer" in README


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 dev.py test" in ci
