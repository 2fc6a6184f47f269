"""casebook.html: escaped fragments, visible words and symbols beside colours."""

from __future__ import annotations

import dataclasses
import html as stdlib_html
import re

import pytest
from test_feedback import SCRIPT, answer_from, make_case

from casebook import html as h
from casebook.feedback import assess_decision, compare_ice, ice_not_testable

ESCAPED = stdlib_html.escape(SCRIPT)


def text_of(fragment: str) -> str:
    """Visible text of a fragment: block ends become spaces, tags go, entities are decoded."""
    spaced = re.sub(r"<br>|</(p|li|h4|div|blockquote|th|td)>", " ", fragment)
    text = stdlib_html.unescape(re.sub(r"<[^>]+>", "", spaced))
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def evil():
    return make_case(SCRIPT)


@pytest.fixture
def case():
    return make_case()


def _fragments(evil):
    wrong = answer_from(evil, 1, naming=3, city=False)
    return {
        "transcript": h.transcript_block(evil.exam(1)),
        "transcript_not_testable": h.transcript_block(evil.exam(3)),
        "narrative": h.day_narrative(evil.day_note(2)),
        "ice": h.ice_feedback(compare_ice(evil, 1, wrong)),
        "not_testable": h.ice_not_testable(ice_not_testable(evil, 3)),
        "situation": h.decision_situation(evil.decision("d-1")),
        "decision": h.decision_feedback(
            assess_decision(evil.decision("d-1"), ["harm", "noind"], cite=evil.cite),
            first=assess_decision(evil.decision("d-1"), [], cite=evil.cite),
        ),
        "message": h.message(f"Something went wrong: {SCRIPT}\nsecond line", "bad"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "transcript",
        "transcript_not_testable",
        "narrative",
        "ice",
        "not_testable",
        "situation",
        "decision",
        "message",
    ],
)
def test_case_text_is_escaped(evil, name):
    fragment = _fragments(evil)[name]
    assert "<script" not in fragment.lower()
    assert ESCAPED in fragment
    assert SCRIPT in text_of(fragment)


def test_quotes_in_attributes_are_escaped():
    tag = h.provenance_tag('x" onmouseover="alert(1)')
    assert 'onmouseover="' not in tag
    assert "&quot;" in tag


def test_grade_badge_has_number_words_and_symbol():
    assert text_of(h.grade_badge(2)) == "ICANS grade 2 (moderate)"
    assert text_of(h.grade_badge(0)) == "ICANS grade 0 (no ICANS)"
    assert text_of(h.grade_badge(4, status="correct")) == "✓ ICANS grade 4 (life-threatening)"
    assert text_of(h.grade_badge(3, status="incorrect")) == "✗ ICANS grade 3 (severe)"
    assert text_of(h.grade_badge(1, status="warning")) == "! ICANS grade 1 (mild)"
    assert 'class="casebook-grade"' in h.grade_badge(1)


@pytest.mark.parametrize(
    ("tone", "symbol"), [("good", "✓"), ("bad", "✗"), ("warning", "!"), ("neutral", "–")]
)
def test_verdict_tags_carry_a_symbol_and_words(tone, symbol):
    assert text_of(h.verdict_tag("same", tone)) == f"{symbol} same"


@pytest.mark.parametrize(
    ("source", "shown"),
    [("report", "report"), ("reconstructed", "reconstructed"), ("not_reported", "not reported")],
)
def test_provenance_is_visible_text(source, shown):
    assert text_of(h.provenance_tag(source)) == f"source: {shown}"


def test_transcript_never_shows_the_reference_scoring(case):
    block = h.transcript_block(case.exam(1))
    text = text_of(block)
    assert "Named 1 objects" in text and "Ward round day 1" in text
    for item in case.exam(1).items.values():
        assert item.reason not in text
    assert "source: reconstructed" in text
    assert "casebook-transcript" in block


def test_ice_feedback_names_the_differences_and_the_grades(case):
    fb = compare_ice(case, 1, answer_from(case, 1, naming=3))
    text = text_of(h.ice_feedback(fb))
    assert "✗ 1 of 5 items differ from the reference" in text
    assert "Naming: you gave 3/3, the reference is 1/3." in text
    assert "Named 1 objects" in text  # the transcript line is quoted
    assert "Why: naming 1" in text  # with the reason
    assert "Your total 8/10; reference total 6/10." in text
    assert "Your ICE total implies ✗ ICANS grade 1 (mild); the reference is ICANS grade 2" in text
    assert "How your total grades:" in text
    for line in fb.rule:
        assert line in text
    assert "Lee DW et al." in text  # the source in full


def test_ice_feedback_all_correct(case):
    text = text_of(h.ice_feedback(compare_ice(case, 1, answer_from(case, 1))))
    assert "✓ Every item matches the reference scoring" in text
    assert "implies ✓ ICANS grade 2 (moderate)" in text
    assert "How your total grades:" not in text
    assert "Level of consciousness" in text and "alert" in text


def test_not_testable_explains_grade_4(case):
    text = text_of(h.ice_not_testable(ice_not_testable(case, 3)))
    assert "The ICE cannot be done on day 3" in text
    assert "No response to voice or touch" in text
    assert "ICANS grade 4 (life-threatening)" in text
    assert "no items to score" in text
    assert "source: report" in text


def test_decision_feedback_keeps_team_and_guideline_apart(case):
    dec = case.decision("d-1")
    first = assess_decision(dec, ["harm"], cite=case.cite)
    now = assess_decision(dec, ["ess_a", "ess_b", "noind"], cite=case.cite)
    fragment = h.decision_feedback(now, first=first)
    text = text_of(fragment)
    assert "✗ First attempt (scored): 0/2 essential, 1 harmful." in text
    assert "✓ This attempt: 2/2 essential, 0 harmful, 1 not indicated." in text
    assert "! not indicated - chosen Label noind - Not needed (Source: UNKNOWN)" in text
    assert "✓ harmful - avoided Label harm - Harms (Source: Ref One 2021)" in text
    team = text.index("What the team did")
    guide = text.index("What the guidelines advise")
    last_option = text.index("Label noind")
    assert last_option < team < guide
    assert "The report does not say whether steroids were given. source: not reported" in text
    assert "The team continued source: report" in text
    assert "Sources: Ref One 2021; Ref Two 2019" in text
    assert 'class="casebook-team-did"' in fragment and 'class="casebook-guideline"' in fragment


def test_decision_feedback_without_first_attempt(case):
    fb = assess_decision(case.decision("d-1"), ["ess_a"], cite=case.cite)
    text = text_of(h.decision_feedback(fb))
    assert "First attempt" not in text
    assert "✗ essential - missed Label ess_b" in text


def test_decision_without_team_actions_says_the_report_does_not_say():
    bare = make_case(team_did=())
    text = text_of(h.decision_feedback(assess_decision(bare.decision("d-1"), [])))
    assert "What the team did" in text and "The report does not say." in text


def test_situation_and_narrative(case):
    text = text_of(h.decision_situation(case.decision("d-1")))
    assert text.startswith("Day 1: Grade 2")
    assert "Situation source: reconstructed" in text and "What now?" in text
    text = text_of(h.day_narrative(case.day_note(4)))
    assert text == "Day 4 title Narrative of day 4 source: reconstructed"


def test_message_and_running_total():
    fragment = h.message("one\ntwo", "warning", title="Careful")
    assert text_of(fragment) == "! Careful one two" and "one<br>two" in fragment
    assert text_of(h.running_total(7)) == "Your ICE total so far: 7/10"
    assert text_of(h.running_total(3, unscored=["naming", "writing"])) == (
        "Your ICE total so far: 3/10 (not scored yet: Naming, Writing)"
    )
    assert "not testable" in text_of(h.running_total(None))


@pytest.mark.parametrize(
    ("day", "title", "heading"),
    [
        (3, "Day 3: a fine tremor", "Day 3: a fine tremor"),
        (0, "Before day 1: admission", "Before day 1: admission"),
        (5, "Grade 2 ICANS", "Day 5: Grade 2 ICANS"),
        (1, "Day 10: later", "Day 1: Day 10: later"),
        (1, "Day 1", "Day 1"),
    ],
)
def test_day_heading_names_the_day_once(day, title, heading):
    assert h.day_heading(day, title) == heading


# -- provenance tooltips name the case's own report -----------------------------------------------
def _title(fragment: str) -> str:
    return stdlib_html.unescape(
        re.search(r'class="casebook-provenance" title="([^"]*)"', fragment)[1]
    )


def test_report_tooltip_names_the_case_report_from_the_case():
    assert _title(h.provenance_tag("report")) == "Stated in the published case report"
    cited = h.provenance_tag("report", citation="Doe et al., <Journal> 2030")
    assert _title(cited) == "Stated in the published case report (Doe et al., <Journal> 2030)"
    assert "<Journal>" not in cited  # escaped
    assert _title(h.provenance_tag("reconstructed", citation="x")).startswith("Teaching")


def test_bundled_cases_carry_their_report_citation_into_every_tag():
    from casebook.loading import load_case

    case1 = load_case("case1")
    assert case1.report_citation == "Ma et al., Front Oncol 2026"
    reported = dataclasses.replace(case1.days[0], source="report")
    fragment = h.day_narrative(reported, citation=case1.report_citation)
    assert _title(fragment).endswith("(Ma et al., Front Oncol 2026)")
    decision = case1.decisions[0]
    fb = assess_decision(decision, [], cite=case1.cite, report_citation=case1.report_citation)
    team = h.decision_feedback(fb).split('class="casebook-team-did"')[1]
    titles = [stdlib_html.unescape(t) for t in re.findall(r'title="([^"]*)"', team)]
    assert [t for t in titles if t.startswith("Stated")] == [
        "Stated in the published case report (Ma et al., Front Oncol 2026)"
        for n in fb.team_did
        if n.source == "report"
    ]


# -- practice vignettes ---------------------------------------------------------------------------
def test_vignette_feedback_says_correct_or_not_in_words_and_escapes():
    from casebook.feedback import assess_vignette
    from casebook.loading import load_vignettes

    vignette = next(v for v in load_vignettes() if v.crs_findings is not None)
    evil_v = dataclasses.replace(vignette, title=SCRIPT, text=SCRIPT, teaching_point=SCRIPT)
    icans, crs = vignette.icans().grade, vignette.crs().grade
    right = h.vignette_feedback(assess_vignette(evil_v, icans, crs))
    wrong = h.vignette_feedback(assess_vignette(evil_v, (icans + 1) % 5, (crs + 1) % 5))
    assert f"✓ Correct: ICANS grade {icans}" in text_of(right)
    assert f"✓ Correct: CRS grade {crs}" in text_of(right)
    assert "✗ Not correct: you chose ICANS grade" in text_of(wrong)
    assert f"The engine gives CRS grade {crs}" in text_of(wrong)
    for fragment in (right, wrong, h.vignette_story(evil_v)):
        assert SCRIPT not in fragment
    assert "How the engine grades ICANS" in text_of(right)
    assert vignette.reference.citation in text_of(right)
