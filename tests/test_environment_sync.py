"""environment.yml (conda, Binder) and pyproject.toml must name the same runtime packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_specs() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(s): s.strip()[len(_name(s)) :].strip() for s in project["dependencies"]}


def _conda_specs() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda: dict[str, str] = {}
    pip: list = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
            continue
        name = _name(dep)
        if name in {"python", "pip"}:
            continue
        spec = dep.strip()[len(name) :].strip()
        # conda's "=7.1" means any 7.1.x release, which pip writes as "==7.1.*"
        if re.fullmatch(r"=[0-9][0-9.]*", spec):
            spec = f"={spec}.*"
        conda[name] = spec
    return conda, pip


def test_same_runtime_packages_and_versions():
    conda, _ = _conda_specs()
    assert conda == _pyproject_specs()


def test_environment_installs_the_project_itself():
    _, pip = _conda_specs()
    assert any(entry.replace("-e", "").strip() == "." for entry in pip), pip


def test_environment_asks_for_a_supported_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python>=3.11" in env["dependencies"]
    assert "conda-forge" in env["channels"]


def test_plotly_is_pinned_to_a_minor_version():
    # Stored notebook outputs change between plotly releases (see pyproject.toml).
    assert re.fullmatch(r"==\d+\.\d+\.\*", _pyproject_specs()["plotly"])
