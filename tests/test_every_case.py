"""Every case the casebook finds works, with no code written for it: each bundled case in
data/cases and each valid fixture folder (tests/fixtures/valid*) validates, plots every day
without a later value or a wrong therapy's wording, fills its tables, and generates a notebook.
Adding a valid case folder never breaks these tests; they enumerate what they find."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import casebook
from casebook.loading import list_cases, load_case, validate_paths
from casebook.notebook import case_notebook
from casebook.plots import course_table, patient_table, plot_comparison, plot_course

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID_FIXTURES = sorted(p for p in FIXTURES.glob("valid*") if (p / "case.yaml").is_file())
CASES = [*list_cases(), *(str(p) for p in VALID_FIXTURES)]


def _name(ref: str) -> str:
    return Path(ref).name


@pytest.fixture(scope="module", params=CASES, ids=_name)
def case(request):
    return load_case(request.param)


def test_the_suite_finds_the_bundled_cases_and_the_cart_fixture():
    assert {"case1", "case2"} <= set(list_cases())
    assert {"valid", "valid-cart"} <= {p.name for p in VALID_FIXTURES}


@pytest.mark.parametrize("ref", CASES, ids=_name)
def test_every_case_validates(ref):
    ok, problems = validate_paths([ref])
    assert problems == ""
    assert len(ok) == 1 and ok[0].startswith(f"OK {_name(ref)} ")


def test_every_day_plots_and_tabulates_without_later_values(case):
    days = case.day_numbers
    for day in days:
        fig = plot_course(case, until_day=day)
        xs = [x for trace in fig.data for x in (trace.x or ()) if isinstance(x, int | float)]
        assert max(xs, default=day) <= day + 0.5, f"day {day} shows a later day"
        html = course_table(case, until_day=day).to_html()
        shown = re.findall(r'class="data row\d+ col0" >([^<]*)</td>', html)
        assert [s.split()[0] for s in shown] == [str(d) for d in days if d <= day]
    assert patient_table(case).to_html()
    assert plot_comparison([case]).data


def test_the_day_axis_and_labels_follow_the_therapy(case):
    fig = plot_course(case)
    text = fig.to_json()
    therapy = case.therapy
    titles = [getattr(fig.layout, k).title.text for k in fig.layout if k.startswith("xaxis")]
    assert therapy.day_axis_title in titles
    if "blinatumomab" not in therapy.product.lower():
        assert "blinatumomab" not in text.lower()
        assert "blinatumomab" not in course_table(case).to_html().lower()
        assert "blinatumomab" not in patient_table(case).to_html().lower()


def test_panels_and_columns_are_only_those_the_course_fills(case):
    fig = plot_course(case)
    items = {o.item for o in case.observations}
    titles = [a.text for a in fig.layout.annotations]
    assert any(t.startswith("Blinatumomab dose") for t in titles) == bool(
        items & {"blinatumomab", "blinatumomab_status"}
    )
    assert any(t.startswith("Sodium") for t in titles) == ("sodium" in items)
    headers = re.findall(r"<th [^>]*>([^<]*)</th>", course_table(case).to_html())
    assert ("Blinatumomab (mcg/day)" in headers) == ("blinatumomab" in items)


def test_every_reported_grade_is_the_computed_grade(case):
    for stated in case.reported_grades:
        view = case.day(stated.day)
        if stated.icans is not None:
            assert view.icans.grade == stated.icans
        if stated.crs is not None:
            assert view.crs.grade == stated.crs


def test_every_case_generates_a_notebook_with_every_exercise_in_day_order(case):
    nb = case_notebook(case, case_ref=case.id)
    code = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    calls = [
        (int(m.group(1)), "ice") if m else None
        for m in (re.match(r"casebook\.ice_exercise\(case, (-?\d+)\)", c) for c in code)
    ]
    exercised = [c for c in calls if c]
    assert [d for d, _ in exercised] == sorted(case.exams)
    decisions = [c for c in code if c.startswith("casebook.decision_exercise")]
    assert decisions == [f'casebook.decision_exercise(case, "{d.id}")' for d in case.decisions]
    text = json.dumps(nb)
    assert "For education only" in text and "## References" in text and "## Summary" in text
    assert "casebook.course_view(case)" in code and "casebook.whole_course(case)" in code


def test_public_api_reaches_every_case():
    for ref in CASES:
        assert casebook.load_case(ref).days
