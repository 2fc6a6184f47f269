"""README, the start notebook and the instructor guide give residents the same account of how
learner ids work (issue 13): one paragraph, word for word."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "Set your learner id once", "(one learner per server)."


def _markdown(notebook: str) -> str:
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _paragraph(text: str, where: str) -> str:
    """The account, as words: quote markers, code marks, emphasis and line breaks removed."""
    assert START in text, f"{where} does not say how learner ids work ({START!r}...)"
    found = text[text.index(START) :]
    assert END in found, f"{where}: the account of learner ids does not end with {END!r}"
    found = found[: found.index(END) + len(END)]
    found = re.sub(r"(?m)^\s*>\s?", " ", found)
    return " ".join(found.replace("`", "").replace("*", "").split())


def test_readme_start_here_and_instructor_guide_say_the_same_about_ids():
    readme = _paragraph((ROOT / "README.md").read_text(encoding="utf-8"), "README.md")
    start = _paragraph(_markdown("00_start_here.ipynb"), "00_start_here")
    guide = _paragraph(_markdown("90_instructor_guide.ipynb"), "90_instructor_guide")
    assert start == readme
    assert guide == readme
    # What it must say (issue 13): set once in 00, saved for the other notebooks, no silent
    # default, and where the id cannot be changed.
    for point in (
        "once, in 00_start_here",
        "no other notebook sets it",
        "records nothing until it has one",
        "On JupyterHub your login is your id",
    ):
        assert point in readme
