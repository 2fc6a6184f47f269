"""Where the data is, and how a path is shown to the user.

``data_dir()`` is the bundled data: ``casebook/_data`` in an installed wheel, else ``data/``
of the clone. ``resolve`` turns a case id or a path into a case folder.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from casebook.loading.problems import CaseDataError, Problem, rule

__all__ = ["CASE_FILES", "SHARED_FILES", "data_dir", "display", "list_cases", "resolve"]

CASE_FILES = ("case.yaml", "course.csv", "exams.yaml", "decisions.yaml")
SHARED_FILES = ("interventions.yaml", "references.yaml")


def data_dir() -> Path:
    """The bundled data: ``casebook/_data`` in an installed wheel, else ``data/`` of the clone."""
    packaged = Path(str(resources.files("casebook"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "data"


def list_cases() -> list[str]:
    """Sorted ids of the bundled cases (folders of ``data/cases`` that hold a case.yaml)."""
    cases = data_dir() / "cases"
    if not cases.is_dir():
        return []
    return sorted(p.name for p in cases.iterdir() if (p / "case.yaml").is_file())


def display(path: Path) -> str:
    """A path as the user best recognises it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@rule("CB101", "CB102")
def resolve(case_id_or_path: str | os.PathLike[str]) -> Path:
    """The case folder for a path, else for a bundled id; CaseDataError (CB101/CB102) if none.

    An existing folder wins over a bundled case of the same name, so `validate case1` inside a
    folder that holds an author's own `case1/` checks that one.
    """
    given = str(case_id_or_path)
    path = Path(case_id_or_path)
    if not path.is_dir() and isinstance(case_id_or_path, str) and re.fullmatch(r"[\w-]+", given):
        bundled = data_dir() / "cases" / given
        if bundled.is_dir():
            return bundled
    if not path.exists():
        cases = ", ".join(list_cases()) or "none"
        raise CaseDataError(
            given,
            [
                Problem(
                    "CB101",
                    given,
                    "no such folder, and not a bundled case id",
                    expected=f"a case folder, or a bundled case id (bundled: {cases})",
                )
            ],
        )
    if not path.is_dir() or not any((path / name).exists() for name in CASE_FILES):
        kind = "a file" if not path.is_dir() else "a folder without any case file"
        raise CaseDataError(
            display(path),
            [
                Problem(
                    "CB102",
                    display(path),
                    f"is {kind}, not a case folder",
                    expected="a folder holding " + ", ".join(CASE_FILES),
                )
            ],
        )
    return path
