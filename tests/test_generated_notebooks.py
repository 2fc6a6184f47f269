"""Every case the casebook finds generates a notebook (``new-notebook``) that executes, stays
small (< 300 KB stored) and passes strict nbval: the bundled cases and the valid fixture folders
(the CAR-T fixture too), with no code written for any of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casebook.authoring import write_notebook
from casebook.loading import list_cases

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CASES = [
    *list_cases(),
    *(str(p) for p in sorted(FIXTURES.glob("valid*")) if (p / "case.yaml").is_file()),
]
MAX_BYTES = 300_000

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("ref", CASES, ids=lambda ref: Path(ref).name)
def test_generated_notebook_executes_small_and_passes_strict_nbval(ref, tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from execute_notebooks import execute
    finally:
        sys.path.remove(str(ROOT / "tools"))
    path, _case = write_notebook(ref, tmp_path / f"90_{case_name(ref)}.ipynb")
    execute(path)
    assert path.stat().st_size < MAX_BYTES
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(path),
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval-sanitize.cfg"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def case_name(ref: str) -> str:
    return Path(ref).name.replace("-", "_")
