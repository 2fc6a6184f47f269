"""tools/working_copy.py: the learner's own copy of the notebooks that `make lab` opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import working_copy  # noqa: E402


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "notebooks"
    source.mkdir()
    for name in ("00_start_here.ipynb", "02_case1.ipynb"):
        (source / name).write_text(f'{{"name": "{name}"}}', encoding="utf-8")
    return source


def test_first_run_copies_every_notebook(tmp_path):
    source, target = _source(tmp_path), tmp_path / "work"
    copied, changed = working_copy.sync(source, target)
    assert copied == ["00_start_here.ipynb", "02_case1.ipynb"] and changed == []
    assert (target / "02_case1.ipynb").read_bytes() == (source / "02_case1.ipynb").read_bytes()


def test_the_learners_copy_is_never_overwritten(tmp_path):
    source, target = _source(tmp_path), tmp_path / "work"
    working_copy.sync(source, target)
    (target / "02_case1.ipynb").write_text("my answers and outputs", encoding="utf-8")
    (source / "02_case1.ipynb").write_text('{"name": "updated by git pull"}', encoding="utf-8")
    (source / "05_my_answers.ipynb").write_text("{}", encoding="utf-8")
    copied, changed = working_copy.sync(source, target)
    assert copied == ["05_my_answers.ipynb"]  # new in the repository: copied
    assert changed == ["02_case1.ipynb"]  # updated in the repository: reported, not copied
    assert (target / "02_case1.ipynb").read_text(encoding="utf-8") == "my answers and outputs"
    lines = working_copy.report(Path("notebooks"), Path("work"), copied, changed)
    note = next(line for line in lines if "02_case1.ipynb" in line)
    assert "has changed since your copy was made" in note
    assert "rename or delete your copy and run make lab again" in note


def test_an_unchanged_repository_copies_and_reports_nothing(tmp_path):
    source, target = _source(tmp_path), tmp_path / "work"
    working_copy.sync(source, target)
    assert working_copy.sync(source, target) == ([], [])
    lines = working_copy.report(source, target, [], [])
    assert "nothing new to copy" in lines[0] and len(lines) == 2


def test_cli_errors_are_one_line_without_traceback(tmp_path):
    (tmp_path / "work").write_text("a file where the folder should be", encoding="utf-8")
    tool = str(ROOT / "tools" / "working_copy.py")
    for args, message in (
        (["--source", str(tmp_path / "nope")], "error: no notebooks folder"),
        (
            ["--source", str(_source(tmp_path)), "--target", str(tmp_path / "work")],
            "exists and is not a folder",
        ),
    ):
        proc = subprocess.run(
            [sys.executable, tool, *args], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 2 and message in proc.stderr
        assert "Traceback" not in proc.stderr


def test_make_lab_opens_the_copy_with_the_answers_hidden_and_no_news():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "tools/working_copy.py --source notebooks --target $(WORK)" in recipe
    assert "$(WORK)/00_start_here.ipynb" in recipe and "notebooks/00_start_here" not in recipe
    assert "WORK ?= work" in makefile
    hide = makefile.split("LAB_HIDE := ", 1)[1].splitlines()[0]
    assert "'casebook-responses.jsonl'" in hide and "'casebook-learner.txt'" in hide
    assert "--LabApp.news_url=None" in makefile
    assert "--LabApp.app_settings_dir=tools/jupyterlab-settings" in makefile
    assert "work/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
