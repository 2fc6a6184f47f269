"""The resident app (``make app``: Voilà) in a real Chromium at 1400x900, as a resident uses it:
open the start page, enter a learner id (a bad one first), open Case 1, score an ICE exam and
answer a decision, see the feedback, and find both answers in the responses file under that
id. Nothing the pages ask for may leave 127.0.0.1, and no code is shown."""

from __future__ import annotations

import base64
import json
import re
import time

import appkit
import labkit
import pytest
from playwright.sync_api import expect

from casebook.loading import load_case

pytestmark = pytest.mark.browser

LEARNER = "ab12"
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium):
    server = appkit.start_app(tmp_path_factory.mktemp("app"))
    try:
        server.wait_pools()
        server.kernels_quiet()
        yield server
    finally:
        server.stop()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(60_000)
    try:
        yield ctx
    finally:
        ctx.close()


def records(app) -> list[dict]:
    if not app.responses.exists():
        return []
    return [json.loads(line) for line in app.responses.read_text().splitlines() if line]


def test_app_needs_the_token(app):
    assert app.status("/voila/tree/") in (302, 403)
    assert app.status("/voila/render/02_case1.ipynb?learner=ab12") in (302, 403)
    assert app.status(f"/voila/tree/?token={app.token}") == 200


def test_resident_enters_an_id_and_answers_in_case1(app, context, shot):
    guard = appkit.OffsiteGuard(context)
    page = guard.watch(context.new_page())
    page.goto(app.start_url())
    expect(page.get_by_role("heading", name="ICANS casebook")).to_be_visible()
    titles = page.locator("ol.casebook-notebooks a").all_inner_texts()
    assert titles == [
        "Start here",
        "ICE and ICANS primer",
        "Case 1",
        "Case 2",
        "Comparison and risk",
        "My answers",
        "Case 3",
    ]
    expect(page.locator(".casebook-instructor-link")).to_have_text("Instructor guide")
    box = page.get_by_label("Learner id (the one your instructor gave you)")
    error = page.locator("#learner-error")

    # A notebook cannot be opened before an id is given.
    page.get_by_role("link", name="Case 1").click()
    expect(error).to_have_text("Enter your learner id first, then open a notebook.")
    expect(box).to_be_focused()
    assert "/voila/tree" in page.url or page.url.endswith("/?token=" + app.token)

    # A bad id is refused, naming it and the rule.
    box.fill("ab 12")
    page.get_by_role("button", name="Use this id").click()
    expect(error).to_contain_text('"ab 12" is not a valid learner id: use 1-64 characters')
    expect(box).to_have_attribute("aria-invalid", "true")
    shot(page, "app-start-bad-id")

    box.fill(LEARNER)
    box.press("Enter")  # the keyboard works as well as the button
    expect(error).to_have_text("")
    expect(page.locator("#learner-current")).to_have_text(
        f"Your answers are recorded as {LEARNER}."
    )
    link = page.get_by_role("link", name="Case 1")
    expect(link).to_have_attribute("href", f"/voila/render/02_case1.ipynb?learner={LEARNER}")
    shot(page, "app-start-with-id")

    started = time.monotonic()
    link.click()
    appkit.wait_widgets(page, ".casebook-ice-exercise")
    first_widget_s = time.monotonic() - started
    print(f"app: Case 1 first widget after {first_widget_s:.1f} s (pre-heated kernel)")
    expect(page.locator(".casebook-app-learner")).to_have_text(
        f"Learner id: {LEARNER} (your answers are recorded under it)"
    )
    # Code is hidden: no input areas, no source text.
    expect(page.locator(".jp-InputArea-editor")).to_have_count(0)
    assert 'casebook.load_case("case1")' not in page.locator("body").inner_text()
    shot(page, "app-case1-top")

    # ICE, day 3: the reference scoring, by clicking.
    exercise = page.locator(
        ".casebook-ice-exercise",
        has=page.locator(".casebook-ice-transcript", has_text="Bedside ICE exam, day 3"),
    )
    labkit.score_ice(exercise, labkit.reference_answer("case1", 3))
    area = exercise.locator(".casebook-ice-feedback-area")
    text = labkit.text_changes(area, exercise.locator("button.casebook-ice-check").click)
    assert "Every item matches the reference scoring" in text
    expect(area).to_be_in_viewport()
    labkit.wait_saved(exercise)  # the feedback comes at once; Saved once the kernel recorded it
    shot(area, "app-case1-ice-day3-feedback")

    # The grade-2 decision: tick the options the catalogue marks essential, then Submit.
    decision = load_case("case1").decision("c1-grade2")
    essential = decision.ids("essential")
    assert essential
    exercise = page.locator(
        ".casebook-decision-exercise",
        has=page.locator(f".casebook-option-{essential[0]}"),
    ).filter(has=page.locator(".casebook-decision-situation-area", has_text=decision.title))
    expect(exercise).to_have_count(1)
    for option in essential:
        exercise.locator(f".casebook-option-{option} input[type=checkbox]").check()
    area = exercise.locator(".casebook-decision-feedback-area")
    text = labkit.text_changes(area, exercise.locator("button.casebook-decision-submit").click)
    assert f"{len(essential)}/{len(essential)} essential" in text
    labkit.wait_saved(exercise)
    shot(area, "app-case1-decision-feedback")

    mine = [(r["learner"], r["case"], r["exercise"], r["day"]) for r in records(app)]
    assert mine == [
        (LEARNER, "case1", "ice", 3),
        (LEARNER, "case1", "decision", decision.day),
    ]
    assert records(app)[1]["result"]["decision"] == "c1-grade2"
    assert records(app)[1]["result"]["correct"] is True

    # Back to the start page (the id is kept in the browser session), then "My answers": the
    # table and a download link holding exactly this learner's two lines.
    page.get_by_role("link", name="All notebooks").click()
    expect(page.locator("#learner-current")).to_have_text(
        f"Your answers are recorded as {LEARNER}."
    )
    page.get_by_role("link", name="My answers").click()  # not pre-heated: it reads the id
    appkit.wait_widgets(page, ".casebook-progress-view")
    expect(page.locator(".casebook-progress-area")).to_contain_text(f"Progress of {LEARNER}")
    link = page.get_by_role("link", name="Download my answers (2 answers)")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("download", f"casebook-answers-{LEARNER}.jsonl")
    href = link.get_attribute("href")
    data = base64.b64decode(re.sub(r"^data:[^,]*;base64,", "", href))
    assert [json.loads(line)["learner"] for line in data.decode().splitlines()] == [LEARNER] * 2
    shot(page, "app-my-answers")

    assert guard.offsite() == [], "the app asked for addresses off 127.0.0.1"
    assert any("/voila/" in url for url in guard.requested)


def test_bad_id_in_the_address_is_shown_and_nothing_is_recorded(app, context, shot):
    guard = appkit.OffsiteGuard(context)
    page = guard.watch(context.new_page())
    before = len(records(app))
    page.goto(f"{app.base}/voila/render/02_case1.ipynb?learner=a%20b&token={app.token}")
    appkit.wait_widgets(page, ".casebook-ice-exercise")
    bar = page.locator(".casebook-app-learner")
    expect(bar).to_contain_text('"a b" is not a valid learner id')
    exercise = page.locator(
        ".casebook-ice-exercise",
        has=page.locator(".casebook-ice-transcript", has_text="Bedside ICE exam, day 3"),
    )
    labkit.score_ice(exercise, labkit.reference_answer("case1", 3))
    area = exercise.locator(".casebook-ice-feedback-area")
    exercise.locator("button.casebook-ice-check").click()
    # A pre-heated kernel learns the address only with the page: the kernel refuses the answer
    # when it arrives (the page may have shown the feedback for a moment), and records nothing.
    expect(area).to_contain_text("'a b' is not a valid learner id")
    expect(area).to_contain_text("page address (?learner=...)")
    expect(area).not_to_contain_text("Every item matches")
    expect(exercise.locator(".casebook-save-status")).to_have_text("")
    shot(page, "app-bad-id-in-address")
    assert len(records(app)) == before
    assert guard.offsite() == []
