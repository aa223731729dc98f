#!/usr/bin/env python3
"""Everything a developer needs, with nothing but Python 3.11+ installed.

    python3 dev.py serve [serve options]   # set up, then run the service with demo data
    python3 dev.py test [pytest options]   # set up, then ruff, mypy --strict and pytest
    python3 dev.py bench [bench options]   # set up, then the benchmark suite
    python3 dev.py lock [--upgrade]        # set up, then re-lock requirements/ (--upgrade: newest allowed)

Set-up creates ``.venv`` and installs exactly the locked versions of every
dependency (``requirements/development.txt``, hash-checked: the production
ones plus the embedded PostgreSQL, tracing and the dev tools), then the project
itself, editable; it is redone only when ``pyproject.toml`` or the lock changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".voortgang-installed"
LOCKS = ROOT / "requirements"
# lock file -> the extras it holds (production.txt is what the image installs)
LOCKED_EXTRAS = {"production.txt": ["otel"], "development.txt": ["dev", "embedded", "otel"]}


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Voortgang needs Python 3.11 or newer")
    inputs = (ROOT / "pyproject.toml").read_bytes() + (LOCKS / "development.txt").read_bytes()
    wanted = hashlib.sha256(inputs).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        if importlib.util.find_spec("ensurepip") is None:
            sys.exit("Python's venv support is missing; install it (Debian/Ubuntu: apt install python3-venv)")
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = (BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    run(*pip, "--require-hashes", "-r", LOCKS / "development.txt")
    run(*pip, "--no-deps", "-e", ".")
    STAMP.write_text(wanted)


def lock(rest: list[str]) -> None:
    """Resolve pyproject.toml again into the hashed lock files (uv, from the dev tools);
    pins stay where pyproject.toml still allows them, unless ``--upgrade``."""
    common: tuple[str, ...] = ("--generate-hashes", "--universal", "--python-version", "3.11")
    common += ("--upgrade",) if "--upgrade" in rest else ()
    common += ("--custom-compile-command", "python3 dev.py lock", "--quiet")
    for name, extras in LOCKED_EXTRAS.items():
        flags = [flag for extra in extras for flag in ("--extra", extra)]
        # development.txt also holds the build backend (tests build the wheel offline)
        build = [LOCKS / "build.in"] if name == "development.txt" else []
        run(BIN / "uv", "pip", "compile", "pyproject.toml", *build, *flags, *common, "-o", LOCKS / name)
    run(BIN / "uv", "pip", "compile", LOCKS / "build.in", *common, "-o", LOCKS / "build.txt")


BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def ensure_browser() -> None:
    """The browser tests (tests/browser) need a headless Chromium: install Debian's
    ``chromium`` with apt when we may (root, apt-get present); otherwise say why
    those tests will be skipped."""
    if any(shutil.which(name) for name in BROWSERS):
        return
    if os.name != "nt" and shutil.which("apt-get") and os.geteuid() == 0:
        print("+ apt-get install -y --no-install-recommends chromium  (for tests/browser)", flush=True)
        install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
        done = subprocess.run(install, check=False)
        if done.returncode != 0:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update"], check=False)
            done = subprocess.run(install, check=False)
        if done.returncode == 0 and shutil.which("chromium"):
            return
    print(
        "NOTE: no chromium on this machine and it could not be installed here (needs root and apt-get):"
        " the browser tests in tests/browser will be SKIPPED. Install it with: apt-get install chromium",
        flush=True,
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "test", "bench", "setup", "lock"}:
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
            ensure_browser()
            run(BIN / "python", "-m", "pytest", *rest)
        elif command == "bench":
            run(BIN / "python", "-m", "bench", *rest)
        elif command == "lock":
            lock(rest)
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
