#!/usr/bin/env python3
"""Everything a developer needs, with nothing but Python 3.11+ installed.

    python3 dev.py serve [serve options]   # set up, then run the service with demo data
    python3 dev.py test [pytest options]   # set up, then ruff, mypy --strict and pytest
    python3 dev.py bench [bench options]   # set up, then the benchmark suite

Set-up creates ``.venv`` and installs the project with its dev dependencies;
it is redone only when ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".voortgang-installed"


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Voortgang needs Python 3.11 or newer")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        if importlib.util.find_spec("ensurepip") is None:
            sys.exit("Python's venv support is missing; install it (Debian/Ubuntu: apt install python3-venv)")
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "test", "bench", "setup"}:
        print(__doc__)
        return 2
    setup()
    command, rest = argv[0], argv[1:]
    try:
        if command == "serve":
            os.execv(BIN / "voortgang", [str(BIN / "voortgang"), "serve", "--demo", *rest])
        elif command == "test":
            run(BIN / "ruff", "check", ".")
            run(BIN / "ruff", "format", "--check", ".")
            run(BIN / "mypy")
            run(BIN / "python", "-m", "pytest", *rest)
        elif command == "bench":
            run(BIN / "python", "-m", "bench", *rest)
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
