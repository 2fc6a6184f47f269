"""Helpers for driving the exercise widgets headless, as ipywidgets' own tests do: set values,
click buttons, read the HTML widgets' values. (A module with its own name, so that no other
``conftest`` can shadow it; the fixtures are in conftest.py.)"""

from __future__ import annotations

import dataclasses
import html as stdlib_html
import json
import re
from types import MappingProxyType

import ipywidgets as w
from answerkit import Page, page  # noqa: F401  (tests/answerkit.py, shared with tests/hardening)

SCRIPT = "<script>alert(1)</script>"


def descendants(widget: w.Widget) -> list[w.Widget]:
    """The widget and every widget below it (children of boxes)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += descendants(child)
    return found


def find(widget: w.Widget, css_class: str) -> w.Widget:
    """The one descendant carrying ``css_class``."""
    hits = [d for d in descendants(widget) if css_class in getattr(d, "_dom_classes", ())]
    assert len(hits) == 1, f"{len(hits)} widgets with class {css_class}"
    return hits[0]


def has(widget: w.Widget, css_class: str) -> bool:
    return any(css_class in getattr(d, "_dom_classes", ()) for d in descendants(widget))


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    spaced = re.sub(r"<br>|</(p|li|h4|div|blockquote|th|td)>", " ", fragment)
    text = stdlib_html.unescape(re.sub(r"<[^>]+>", "", spaced))
    return re.sub(r"\s+", " ", text).strip()


def all_state(widget: w.Widget) -> str:
    """Everything the widget tree would send to the browser, as one JSON string."""
    return json.dumps([d.get_state() for d in descendants(widget)], default=str)


def read_records(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def with_script(case):
    """The case with a <script> appended to every narrative, exam and decision text."""
    days = tuple(
        dataclasses.replace(d, title=d.title + SCRIPT, narrative=d.narrative + SCRIPT)
        for d in case.days
    )
    exams = {}
    for day, exam in case.exams.items():
        items = {
            name: dataclasses.replace(
                item,
                transcript=tuple(line + SCRIPT for line in item.transcript),
                reason=item.reason + SCRIPT,
            )
            for name, item in exam.items.items()
        }
        exams[day] = dataclasses.replace(
            exam,
            setting=exam.setting + SCRIPT,
            items=MappingProxyType(items),
            transcript=tuple(line + SCRIPT for line in exam.transcript),
            reason=exam.reason + SCRIPT,
        )
    decisions = tuple(
        dataclasses.replace(
            d,
            title=d.title + SCRIPT,
            situation=d.situation + SCRIPT,
            question=d.question + SCRIPT,
            guideline=d.guideline + SCRIPT,
            options=tuple(
                dataclasses.replace(
                    o,
                    rationale=o.rationale + SCRIPT,
                    intervention=dataclasses.replace(
                        o.intervention,
                        label=o.intervention.label + SCRIPT,
                        description=o.intervention.description + SCRIPT,
                    ),
                )
                for o in d.options
            ),
            team_did=tuple(dataclasses.replace(t, text=t.text + SCRIPT) for t in d.team_did),
        )
        for d in case.decisions
    )
    return dataclasses.replace(case, days=days, exams=MappingProxyType(exams), decisions=decisions)


def assert_no_raw_script(widget: w.Widget) -> None:
    """No widget value carries an unescaped <script> (checkbox descriptions are plain text,
    which ipywidgets renders as text, so they are allowed to carry it verbatim)."""
    for d in descendants(widget):
        if isinstance(d, w.HTML | w.HTMLMath):
            assert "<script" not in d.value.lower(), d.value[:200]
