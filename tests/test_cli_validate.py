"""`python -m casebook validate`: exit codes, messages, and no traceback, run as a user would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _validate(*paths: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casebook", "validate", *map(str, paths)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_valid_folder_exits_0():
    result = _validate("tests/fixtures/valid")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "OK valid (tests/fixtures/valid): 6 days, 3 exams, 2 decision points"
    )
    assert result.stderr == ""


def test_bundled_cases_exit_0():
    from casebook.loading import list_cases

    cases = list_cases()  # every bundled case, however many there are
    assert {"case1", "case2"} <= set(cases)
    result = _validate(*cases)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines] == [f"OK {c}" for c in cases]
    assert "data/cases/case1" in lines[0]


def test_broken_folder_exits_1_naming_every_problem_without_traceback():
    result = _validate("tests/fixtures/broken/several-problems")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "has 4 problems:" in result.stderr
    for code in ("CB204", "CB205", "CB303", "CB401"):
        assert f"[{code}]" in result.stderr
    assert (
        "course.csv, row 8 (line 9), field 'value': 'high' is not a number; "
        "expected a number 30-45 for item 'temperature' [CB204]"
    ) in result.stderr


def test_nonexistent_path_exits_1_without_traceback(tmp_path):
    result = _validate(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[CB101]" in result.stderr
    assert "nowhere" in result.stderr


def test_mixed_paths_report_ok_and_problems():
    result = _validate(
        "tests/fixtures/valid", "tests/fixtures/broken/non-utf8", "tests/fixtures/broken/x-y"
    )
    assert result.returncode == 1
    assert result.stdout.startswith("OK valid ")
    assert "[CB104]" in result.stderr
    assert "[CB101]" in result.stderr
    assert "Traceback" not in result.stderr


def test_yaml_python_tag_is_not_run_by_validate(tmp_path):
    folder = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", folder)
    marker = tmp_path / "marker"
    case_yaml = folder / "case.yaml"
    text = case_yaml.read_text("utf-8").replace(
        'summary: "A fictional', f'summary: !!python/object/apply:os.system ["touch {marker}"]\n#'
    )
    case_yaml.write_text(text, "utf-8")
    result = _validate(folder)
    assert result.returncode == 1
    assert "[CB107]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_no_path_is_a_usage_error():
    result = _validate()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
