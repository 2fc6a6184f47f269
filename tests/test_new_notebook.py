"""`python -m casebook new-notebook CASE -o NOTEBOOK`: a case notebook generated from the case's
own data (casebook.notebook, pure) and written by the CLI, with clear errors and no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from clikit import run_cli

from casebook.loading import load_case
from casebook.notebook import case_notebook

ROOT = Path(__file__).resolve().parent.parent
CART = ROOT / "tests" / "fixtures" / "valid-cart"


def test_writes_a_notebook_that_loads_the_case_by_a_relative_path(tmp_path):
    out = tmp_path / "notebooks"
    out.mkdir()
    result = run_cli("new-notebook", str(CART), "-o", str(out / "06_cart.ipynb"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "make notebooks" in result.stdout and "2 ICE exercises, 1 decision point" in result.stdout
    )
    nb = json.loads((out / "06_cart.ipynb").read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] == 5
    load = next(c["source"] for c in nb["cells"] if "load_case" in c["source"])
    ref = load.split("load_case(")[1].split(")")[0].strip("'\"")
    assert (out / ref).resolve() == CART.resolve()
    assert len({c["id"] for c in nb["cells"]}) == len(nb["cells"])


def test_a_bundled_case_is_loaded_by_its_id(tmp_path):
    result = run_cli("new-notebook", "case1", "-o", str(tmp_path / "c1.ipynb"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "c1.ipynb").read_text(encoding="utf-8")
    assert 'casebook.load_case(\\"case1\\")' in text  # double quotes, as ruff formats it


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "x.ipynb"
    target.write_text("{}", encoding="utf-8")
    result = run_cli("new-notebook", "case1", "-o", str(target), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "{}"
    result = run_cli("new-notebook", "case1", "-o", str(target), "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_user_errors_are_one_clear_message(tmp_path):
    cases = [
        (["case1", "-o", str(tmp_path / "x.txt")], "ending in .ipynb"),
        (["case1", "-o", str(tmp_path / "no" / "x.ipynb")], "does not exist"),
        (["nosuchcase", "-o", str(tmp_path / "y.ipynb")], "[CB101]"),
    ]
    for args, words in cases:
        result = run_cli("new-notebook", *args, cwd=tmp_path)
        assert result.returncode in (1, 2), result
        assert words in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.ipynb"))


def test_an_invalid_case_lists_its_problems_and_writes_nothing(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(ROOT / "tests" / "fixtures" / "broken" / "unknown-ref", folder)
    (folder / "case.yaml").write_text(
        (folder / "case.yaml").read_text(encoding="utf-8").replace("id: unknown-ref", "id: bad"),
        encoding="utf-8",
    )
    result = run_cli("new-notebook", str(folder), "-o", str(tmp_path / "b.ipynb"), cwd=tmp_path)
    assert result.returncode == 1 and "[CB403]" in result.stderr
    assert "python -m casebook validate" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "b.ipynb").exists()


def test_text_from_the_case_is_escaped_and_headings_give_nothing_away():
    case = load_case(CART)
    nb = case_notebook(case, case_ref="x")
    text = json.dumps(nb)
    headings = [
        line
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for line in c["source"].splitlines()
        if line.startswith("#")
    ]
    for heading in headings[1:]:  # the first is the case title
        assert "grade" not in heading.lower() and "ICE 4" not in heading
    assert "What would have changed your grade on day 4?" in text  # reflection from the case
    import dataclasses

    tricky = dataclasses.replace(case, summary="<script>alert(1)</script>")
    assert "<script>" not in json.dumps(case_notebook(tricky, case_ref="x"))


def test_generated_notebook_passes_the_repository_lint(tmp_path):
    """`make lint` checks every notebook: a generated one passes as it is written."""
    import subprocess
    import sys

    out = tmp_path / "06_cart.ipynb"
    assert run_cli("new-notebook", str(CART), "-o", str(out), cwd=tmp_path).returncode == 0
    for args in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
