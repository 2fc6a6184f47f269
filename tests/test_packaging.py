"""The bundled cases and the sample material load from an installed wheel, not only from a
clone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from casebook.loading import list_cases

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("icans_casebook-*.whl")
    return path


@pytest.mark.slow
def test_wheel_ships_data_schemas_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for case in ("case1", "case2"):
        for file in ("case.yaml", "course.csv", "exams.yaml", "decisions.yaml"):
            assert f"casebook/_data/cases/{case}/{file}" in names
    assert "casebook/_data/interventions.yaml" in names
    assert any(n.startswith("casebook/schema/") and n.endswith(".schema.json") for n in names)
    assert any(n.startswith("casebook/templates/starter/") for n in names)
    assert "casebook/py.typed" in names
    for sample in ("a", "b", "c"):
        assert f"casebook/_samples/responses/sample-resident-{sample}.jsonl" in names
    assert "casebook/_samples/cases/unknown-ref/decisions.yaml" in names
    # The app's Voila template (casebook/app/jupyter/voila/templates/casebook), for make app and
    # for JupyterHub images that pip-install the casebook.
    app = "casebook/app/jupyter/voila/templates/casebook/"
    for file in ("conf.json", "index.html.j2", "tree.html", "static/casebook-app.js"):
        assert app + file in names


@pytest.mark.slow
def test_installed_wheel_loads_both_cases(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import casebook, pathlib; "
        "print(pathlib.Path(casebook.__file__).parent); "
        "print(casebook.list_cases()); "
        "print([casebook.load_case(c).patient.age for c in casebook.list_cases()]); "
        "records, problems = casebook.read_responses(casebook.sample_responses()); "
        "ok, text = casebook.validate_paths([casebook.sample_broken_case()]); "
        "print(len(records), len(problems), '[CB403]' in text)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, cases, ages, samples = out.stdout.splitlines()
    assert Path(location).is_relative_to(site), "imported the clone, not the installed wheel"
    assert cases == str(list_cases())  # every bundled case is in the wheel
    assert ages.startswith("[69, 29")
    assert samples == "7 1 True"  # the instructor guide's samples work installed too
