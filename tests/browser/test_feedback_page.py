"""The ICE and decision exercises drawn in the page (casebook.widgets.answer), in a real
JupyterLab and Chromium at 1400x900: an incomplete answer is refused in the page with nothing
sent; in assessment mode nothing of the reference is in the page, before or after Check, and the
withheld notice appears once the kernel has recorded the answer; Saved appears and the
response file has the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import labkit
import pytest
from playwright.sync_api import expect

from casebook.html import esc
from casebook.loading import load_case

pytestmark = pytest.mark.browser

CELLS = [
    "import casebook\ncasebook.configure(mode='assessment')\ncase = casebook.load_case('case1')",
    "casebook.ice_exercise(case, 5)",
    "casebook.decision_exercise(case, 'c1-grade2')",
]


@pytest.fixture
def own_lab(tmp_path: Path, chromium: Path) -> Iterator[labkit.Lab]:
    server = labkit.start_lab(tmp_path, learner="page-test")
    try:
        yield server
    finally:
        server.stop()


def secrets() -> list[str]:
    """Pieces of the reference: each ICE item's reason and each option's rationale, escaped as
    in the feedback (the first 30 characters, where they are plain ASCII, so that they read the
    same in a kernel message and in the page)."""
    case = load_case("case1")
    texts = [item.reason for item in case.exam(5).items.values()]
    texts += [o.rationale for o in case.decision("c1-grade2").options]
    pieces = [esc(t)[:30] for t in texts]
    pieces = [p for p in pieces if p.isascii() and "\\" not in json.dumps(p)]
    assert len(pieces) >= 10
    return pieces


def listen(page: Any) -> list[str]:
    """Every websocket frame the page receives from now on (the kernel's messages)."""
    frames: list[str] = []

    def on_socket(ws: Any) -> None:
        ws.on(
            "framereceived",
            lambda data: frames.append(
                data if isinstance(data, str) else data.decode("utf-8", "replace")
            ),
        )

    page.on("websocket", on_socket)
    return frames


def test_practice_mode_sends_the_table(wide, own_lab):
    """The detector below works: in practice mode the reference does reach the page."""
    frames = listen(wide)
    labkit.write_notebook(
        own_lab.root / "practice.ipynb",
        [CELLS[0].replace("mode='assessment'", "mode='practice'"), *CELLS[1:]],
    )
    labkit.run_notebook(wide, own_lab, "practice.ipynb")
    received = "".join(frames)
    assert all(secret in received for secret in secrets())


def test_assessment_mode_page_holds_no_reference(wide, own_lab, shot):
    frames = listen(wide)
    labkit.write_notebook(own_lab.root / "assess.ipynb", CELLS)
    labkit.run_notebook(wide, own_lab, "assess.ipynb")

    def page_text() -> str:
        return wide.evaluate("document.documentElement.outerHTML") + "".join(frames)

    ice = wide.locator(".casebook-ice-exercise")
    check = ice.locator("button.casebook-ice-check")
    verdict = ice.locator(".casebook-quick-verdict")
    # An incomplete answer: refused in the page, naming the items, nothing sent or recorded.
    ice.locator(".casebook-ice-year input").check()
    labkit.radio(ice, "naming", 2).check()
    text = labkit.text_changes(verdict, check.click)
    assert "Not scored yet: Following commands, Writing, Attention." in text
    expect(ice.locator(".casebook-save-status")).to_have_text("")

    answer = labkit.reference_answer("case1", 5)
    answer["naming"] = 3
    labkit.score_ice(ice, answer)
    text = labkit.text_changes(verdict, check.click)
    assert "Answer recorded (attempt 1)" in text
    labkit.wait_saved(ice)
    area = ice.locator(".casebook-ice-feedback-area")
    expect(area).to_contain_text("Feedback is withheld until your instructor releases it.")
    expect(area).not_to_contain_text("reference")
    shot(ice.locator(".casebook-answer-row"), "page-assessment-ice-recorded")

    decision = wide.locator(".casebook-decision-exercise")
    decision.locator(".casebook-option-tocilizumab input").check()
    submit = decision.locator("button.casebook-decision-submit")
    text = labkit.text_changes(decision.locator(".casebook-quick-verdict"), submit.click)
    assert "Answer recorded (attempt 1)" in text
    labkit.wait_saved(decision)
    expect(decision.locator(".casebook-decision-feedback-area")).not_to_contain_text("harmful")

    seen = page_text()
    assert "Feedback is withheld" in seen  # the frames were captured
    for secret in secrets():
        assert secret not in seen, secret
    lines = labkit.records(own_lab)
    assert [(r["exercise"], r["mode"], r["attempt"]) for r in lines] == [
        ("ice", "assessment", 1),
        ("decision", "assessment", 1),
    ]
    assert lines[0]["answer"] == answer and lines[1]["answer"] == {"chosen": ["tocilizumab"]}
