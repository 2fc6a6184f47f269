"""Sample material shipped inside the package (``casebook/_samples``, in the wheel too), for the
instructor guide: fabricated learners' response files and a case folder with one deliberate
mistake. Paths only: nothing is read here.

The paths are given relative to the current folder when possible, so that the messages that
name them (``read_responses``, ``validate_paths``) stay short and the same on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["sample_broken_case", "sample_responses"]

_SAMPLES = Path(__file__).resolve().parent / "_samples"


def _shown(path: Path) -> Path:
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows): keep the absolute path
        return path


def sample_responses() -> Path:
    """The folder of sample response files: three fabricated learners (README.md inside), one
    line deliberately truncated so that readers report and skip it."""
    return _shown(_SAMPLES / "responses")


def sample_broken_case() -> Path:
    """A case folder with one deliberate mistake (a guideline cites a reference key that
    references.yaml lacks), to show what ``casebook validate`` reports."""
    return _shown(_SAMPLES / "cases" / "unknown-ref")
