"""Helpers for the hardening tests: case folders to mutate, an injection payload written into
every free-text field of a case, and an HTML checker. (A module with its own name, so that no
``conftest`` elsewhere can shadow it.)"""

from __future__ import annotations

import csv
import html
import io
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from casebook.loading import data_dir

# tests/answerkit.py (shared with tests/widgets), also when this module is imported from a
# fresh interpreter (test_network.py) rather than by pytest.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from answerkit import page

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"
CASE_FILES = ("case.yaml", "course.csv", "exams.yaml", "decisions.yaml")
YAML_FILES = ("case.yaml", "exams.yaml", "decisions.yaml")

# Markup that would run script if it reached the page unescaped, plus the characters that break
# out of an attribute value.
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
PAYLOAD_ESCAPED = html.escape(PAYLOAD, quote=True)
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Free-text fields of the YAML files (keys whose string values are prose shown to learners).
TEXT_KEYS = {
    "title",
    "summary",
    "narrative",
    "note",
    "setting",
    "transcript",
    "reason",
    "situation",
    "question",
    "rationale",
    "text",
    "label",
    "description",
    "citation",
    "short",
}


def copy_valid(parent: Path, name: str = "valid") -> Path:
    """A copy of tests/fixtures/valid (with its own catalogue and references) named ``name``."""
    folder = parent / name
    shutil.copytree(VALID, folder)
    if name != "valid":
        text = (folder / "case.yaml").read_text(encoding="utf-8")
        (folder / "case.yaml").write_text(text.replace("id: valid", f"id: {name}", 1), "utf-8")
    return folder


def copy_bundled(parent: Path, case_id: str) -> Path:
    """A copy of a bundled case in ``parent/data/cases/``, with a copy of the shared catalogue
    and references in ``parent/data/`` (a case's own files only add to the shared ones, so the
    shared files are copied as shared files: point ``casebook.loading.paths.data_dir`` at
    ``parent/data`` to load it)."""
    data = parent / "data"
    folder = data / "cases" / case_id
    shutil.copytree(data_dir() / "cases" / case_id, folder)
    for name in ("interventions.yaml", "references.yaml"):
        if not (data / name).exists():
            shutil.copy(data_dir() / name, data / name)
    return folder


def _inject(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        if key == "patient":  # every fact: its note, and its value when that is text
            return {
                name: {
                    **fact,
                    **({"value": _inject(fact["value"], "text")} if "value" in fact else {}),
                    "note": "note" + PAYLOAD,
                }
                for name, fact in value.items()
            }
        return {k: _inject(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_inject(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return value + PAYLOAD
    return value


def inject_payload(folder: Path) -> None:
    """Append PAYLOAD to every free-text field of every file of a case folder."""
    shared = folder.parent.parent  # copy_bundled's data folder
    for name in (*YAML_FILES, "interventions.yaml", "references.yaml"):
        path = folder / name
        if not path.exists():  # the shared file: once, not once per case
            path = shared / name
            if PAYLOAD in path.read_text(encoding="utf-8"):
                continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_inject(data), allow_unicode=True, sort_keys=False), "utf-8")
    rows = list(csv.reader(io.StringIO((folder / "course.csv").read_text("utf-8"), newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([*row[:5], row[5] + PAYLOAD])
    (folder / "course.csv").write_text(out.getvalue(), encoding="utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def assert_inert(fragment: str, where: str = "") -> None:
    """The HTML fragment has no script or img element and no on* event attribute (such as the
    payload's onerror=) on any element: the payload's markup, if present, is text."""
    found = parse(fragment)
    assert "script" not in found.tags, f"{where}: <script> element in {fragment[:300]!r}"
    assert "img" not in found.tags, f"{where}: <img> element in {fragment[:300]!r}"
    assert not found.handlers, f"{where}: event attribute {found.handlers}"
    lowered = fragment.lower()
    assert "<script" not in lowered and "<img" not in lowered, where
    # "onerror=" as visible text is harmless; as an attribute of any element it is not
    assert not [h for h in found.handlers if h[1] == "onerror"], where


# -- driving widgets headless ------------------------------------------------------------------
def descendants(widget) -> list:
    """The widget and every widget below it (children of boxes)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += descendants(child)
    return found


def by_class(widget, css_class: str) -> list:
    return [d for d in descendants(widget) if css_class in getattr(d, "_dom_classes", ())]


def click(button) -> None:
    """Press a Button as the browser would."""
    button.click()


def fill_ice(exercise, *, full: bool = True) -> None:
    """Score every ICE item of an ice_exercise (full marks, or none), as its page does."""
    answer = {"orientation": dict.fromkeys(("year", "month", "city", "hospital"), full)}
    answer.update(naming=3 if full else 0, commands=int(full), writing=int(full))
    answer["attention"] = int(full)
    page(exercise).score(answer)


def press(exercise) -> None:
    """Check or Submit an ICE or decision exercise as its page does (tests/answerkit.py)."""
    page(exercise).click()


def shown(widget, css_class: str) -> list[str]:
    """The HTML shown in ``css_class`` areas: HTML widgets' values, and the feedback and verdict
    an answer area (``casebook.widgets.answer``) shows in its page."""
    values = [d.value for d in by_class(widget, css_class)]
    if css_class.endswith("-feedback-area") and hasattr(widget, "_test_page"):
        values += [widget._test_page.feedback, widget._test_page.verdict]
    return values


def exercise_all(case) -> list:
    """Every exercise widget of a case, each answered and checked once (Next through the
    course view), plus the calculator."""
    from casebook.widgets import course_view, decision_exercise, icans_calculator, ice_exercise

    made = []
    for day in sorted(case.exams):
        ex = ice_exercise(case, day)
        if case.exam(day).testable:
            press(ex)  # nothing scored: the "score every item" warning
            fill_ice(ex, full=False)
            press(ex)
            fill_ice(ex, full=True)
            press(ex)  # a second attempt
        made.append(ex)
    for decision in case.decisions:
        ex = decision_exercise(case, decision.id)
        ids = [o.id for o in decision.options]
        press(ex)  # nothing chosen: refused
        page(ex).choose(ids)
        press(ex)  # contradictory: refused
        # everything that can be chosen together (one option of each exclusive group)
        left_out = {m for g in decision.exclusive_groups for m in g.members[1:]}
        page(ex).choose([i for i in ids if i not in left_out])
        press(ex)
        made.append(ex)
    view = course_view(case)
    nxt = by_class(view, "casebook-course-next")[0]
    for _ in case.day_numbers[1:]:
        click(nxt)
    made.append(view)
    calc = icans_calculator()
    by_class(calc, "casebook-calc-unarousable")[0].value = True
    by_class(calc, "casebook-calc-unarousable")[0].value = False
    made.append(calc)
    return made
