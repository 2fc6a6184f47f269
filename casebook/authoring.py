"""Start a new case: ``python -m casebook new-case PATH`` writes a complete, valid starter case.

The starter files are package data under ``casebook/templates/starter/`` (a fictional, clearly
labelled teaching case: 4 days, one ICE exam, one decision point). docs/authoring.md explains how
to turn it into a real case.
"""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casebook.model import Case

__all__ = ["STARTER_FILES", "new_case", "write_notebook"]

STARTER_FILES = ("case.yaml", "course.csv", "exams.yaml", "decisions.yaml")
_ID_RE = re.compile(r"[a-z0-9_-]+")
_ID_RULE = "lower-case letters a-z, digits, '_' and '-' (at least one character)"
_ID_LINE = re.compile(r"^id: *\S+", re.MULTILINE)


def _starter_text(name: str) -> str:
    return resources.files("casebook").joinpath("templates", "starter", name).read_text("utf-8")


def new_case(path: str | os.PathLike[str], *, case_id: str | None = None) -> Path:
    """Copy the starter case into a new folder ``path`` and return it.

    ``case_id`` defaults to the folder name; a case's id must equal its folder name (rule
    CB502), so a different ``case_id`` is refused. Raises FileExistsError for a file or a
    non-empty folder at ``path``, ValueError for an id that is not ``[a-z0-9_-]+``.
    """
    folder = Path(path).expanduser()
    name = folder.resolve().name
    if case_id is None:
        if not _ID_RE.fullmatch(name):
            raise ValueError(
                f"the folder name {name!r} is not a valid case id (allowed: {_ID_RULE}); the "
                "case id must equal the folder name, so choose a folder name such as "
                f"{_suggest(name)!r}"
            )
        case_id = name
    elif not _ID_RE.fullmatch(case_id):
        raise ValueError(f"case id {case_id!r} is not allowed: use {_ID_RULE}")
    elif case_id != name:
        raise ValueError(
            f"case id {case_id!r} differs from the folder name {name!r}; a case's id must equal "
            f"its folder name (rule CB502): create the folder {str(folder.parent / case_id)!r} "
            "instead, or leave out the id"
        )
    if folder.exists():
        if not folder.is_dir():
            raise FileExistsError(f"{folder} is a file: give a new folder for the case")
        if any(folder.iterdir()):
            raise FileExistsError(
                f"{folder} already exists and is not empty: new-case only writes into a new or "
                "empty folder, so that it never overwrites your files"
            )
    texts = {name: _starter_text(name) for name in STARTER_FILES}
    texts["case.yaml"], count = _ID_LINE.subn(f"id: {case_id}", texts["case.yaml"], count=1)
    if count != 1:
        raise RuntimeError("the starter case.yaml has no 'id:' line; the package is damaged")
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, text in texts.items():
        (folder / file_name).write_text(text, encoding="utf-8", newline="\n")
    return folder


def _suggest(name: str) -> str:
    """A valid id close to ``name`` (for the error message)."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
    return slug or "my-case"


def write_notebook(
    case_id_or_path: str | os.PathLike[str], output: str | os.PathLike[str], *, force: bool = False
) -> tuple[Path, Case]:
    """Write the generated notebook of a case (``casebook.notebook.case_notebook``) to ``output``.

    The notebook loads the case by its bundled id, or by its folder's path relative to the
    notebook's folder. Raises CaseDataError for an invalid case, ValueError for an output that is
    not an ``.ipynb`` file, FileExistsError for an existing notebook without ``force`` or a
    missing output folder.
    """
    from casebook.loading import data_dir, load_case
    from casebook.notebook import case_notebook

    out = Path(output).expanduser()
    if out.suffix != ".ipynb":
        raise ValueError(
            f"the output {str(out)!r} is not a notebook file; give a name ending in .ipynb, "
            "e.g. notebooks/06_case3.ipynb"
        )
    if not out.parent.is_dir():
        raise FileExistsError(
            f"the folder {str(out.parent)!r} does not exist; create it first or write the "
            "notebook into notebooks/"
        )
    if out.exists() and not force:
        raise FileExistsError(
            f"{out} already exists; new-notebook does not overwrite a notebook (you may have "
            "edited it): choose another name, or add --force to replace it"
        )
    case = load_case(case_id_or_path)
    folder = Path(case.path).resolve()
    bundled = data_dir().resolve() / "cases" / case.id
    case_ref = case.id if folder == bundled else os.path.relpath(folder, out.parent.resolve())
    notebook = case_notebook(case, case_ref=Path(case_ref).as_posix())
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    out.write_text(text, encoding="utf-8", newline="\n")
    return out, case
