"""The hash-locked requirement files stay in step with pyproject.toml.

Deployments install from ``requirements/prod.lock`` (README, "Betrieb"); a pin
changed in pyproject.toml without re-locking would silently not be deployed.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines):
    pins = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _lock(name):
    return _pins((ROOT / "requirements" / name).read_text().splitlines())


def _drift(required, locked):
    return [
        f"{name}=={version} (Sperrdatei: {locked.get(name, 'fehlt')})"
        for name, version in sorted(required.items())
        if locked.get(name) != version
    ]


def test_every_dependency_must_be_pinned_exactly():
    project = _project()
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra

    loose = [spec for spec in specs if not PIN.match(spec)]

    assert not loose, "Abhängigkeiten ohne exakte Version (==): " + ", ".join(loose)


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("prod.lock", ()), ("dev.lock", ("dev", "e2e"))],
)
def test_lock_file_matches_pyproject(lock, extras):
    project = _project()
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]

    drift = _drift(_pins(specs), _lock(lock))

    assert not drift, (
        f"requirements/{lock} passt nicht zu pyproject.toml – bitte `make lock` "
        "ausführen und die Sperrdateien einchecken: " + "; ".join(drift)
    )


def test_lock_files_carry_hashes():
    for lock in ("prod.lock", "dev.lock"):
        text = (ROOT / "requirements" / lock).read_text()
        entries = [line for line in text.splitlines() if PIN.match(line)]
        assert entries, lock
        assert text.count("--hash=sha256:") >= len(entries), lock


def test_prod_lock_holds_no_development_tools():
    locked = _lock("prod.lock")

    assert not {"pytest", "ruff", "bandit", "playwright", "locust"} & set(locked)
