"""drugs.csv (any drug as a row) and the parts of the format a CAR-T case needs: negative days,
days without rows, gaps, facts the report does not state, reported grades by day and the
team's actions checked against the course. The CB22x rules are checked on small files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.loading import CaseDataError, load_case
from casebook.plots import plot_course

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CART = FIXTURES / "valid-cart"
# The header and the row the fixture's team action is checked against (dexamethasone, day 4).
HEADER = (
    "day,drug,dose,unit,route,frequency,source,note\n4,dexamethasone,10,mg,IV,q6h,reconstructed,\n"
)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "valid-cart"
    shutil.copytree(CART, folder)
    return folder


def _problems(folder: Path) -> list:
    with pytest.raises(CaseDataError) as info:
        load_case(folder)
    return info.value.problems


def _with_drugs(tmp_path: Path, text: str) -> list:
    folder = _copy(tmp_path)
    (folder / "drugs.csv").write_text(text, encoding="utf-8")
    return _problems(folder)


def test_cart_case_has_its_therapy_negative_days_and_drugs():
    case = load_case(CART)
    assert case.therapy.kind == "car_t" and case.therapy.day_zero == "cell_infusion"
    assert case.day_numbers[:3] == (-5, -4, -3)
    assert 2 not in case.day_numbers  # a gap
    it = [d for d in case.drugs if d.route == "IT"]
    assert [d.text for d in it] == ["hydrocortisone 100 mg IT once"]
    assert "hydrocortisone 100 mg IT once" in case.daily().set_index("day").loc[4, "drugs"]
    assert "CSF cytology: hemophagocytosis" in case.daily().set_index("day").loc[4, "results"]
    assert case.patient.facts["prior_therapy"].source == "not_reported"
    assert case.patient.facts["prior_therapy"].value is None
    assert "genetics" not in case.patient.facts


def test_days_without_neurological_findings_have_no_grade_and_are_gaps():
    case = load_case(CART)
    assert case.day(-5).icans is None and case.day(-5).crs is None
    daily = case.daily().set_index("day")
    assert daily["icans_grade"].isna()[-5] and daily.loc[4, "icans_grade"] == 2
    fig = plot_course(case)
    ice = next(t for t in fig.data if t.name == "ICE score, dash line")
    # day 2 is not a day of the case: the line from day 1 to day 3 is broken
    pairs = list(zip(ice.x, ice.y, strict=True))
    assert (None, None) in pairs
    assert pairs[pairs.index((None, None)) - 1][0] == 1


def test_drugs_mask_fever_unless_intrathecal():
    case = load_case(CART)
    assert "tocilizumab" in case.masking_drugs(1)
    assert "hydrocortisone" not in case.masking_drugs(4)
    assert case.day(3).fever_masked


@pytest.mark.parametrize(
    ("text", "code", "field", "expected"),
    [
        ("day,drug,dose\n1,x,1\n", "CB220", None, "the header day,drug,dose,unit,route"),
        (HEADER + "1,dexamethasone,10,mg,IV\n", "CB221", None, "8 fields"),
        (HEADER + "1.5,dexamethasone,10,mg,IV,once,reconstructed,\n", "CB222", "day", "-60"),
        (HEADER + "1,Dexamethasone,10,mg,IV,once,reconstructed,\n", "CB223", "drug", "lower-case"),
        (HEADER + "1,dexamethasone,ten,mg,IV,once,reconstructed,\n", "CB224", "dose", "above 0"),
        (HEADER + "1,dexamethasone,,mg,IV,once,reconstructed,\n", "CB224", "dose", "both empty"),
        (HEADER + "1,dexamethasone,10,mg/day,IV,once,reconstructed,\n", "CB225", "unit", "q6h"),
        (
            HEADER + "1,dexamethasone,10,mg,IT,every day,reconstructed,\n",
            "CB227",
            "frequency",
            "q6h",
        ),
        (HEADER + "1,dexamethasone,10,mg,IV,once,guessed,\n", "CB111", "source", "report_fact_day"),
    ],
)
def test_drug_rules(tmp_path, text, code, field, expected):
    (problem,) = _with_drugs(tmp_path, text)
    assert problem.code == code and problem.file == "drugs.csv"
    assert problem.field == field
    assert expected in problem.expected


def test_drug_on_a_day_not_in_case_yaml_is_cb501(tmp_path):
    (problem,) = _with_drugs(tmp_path, HEADER + "2,dexamethasone,10,mg,IV,once,reconstructed,\n")
    assert problem.code == "CB501" and "day 2" in problem.message


def test_empty_dose_means_not_reported(tmp_path):
    folder = _copy(tmp_path)
    with (folder / "drugs.csv").open("a", encoding="utf-8") as f:
        f.write("4,methotrexate,,,IT,once,report,Dose not reported\n")
    case = load_case(folder)
    (row,) = [d for d in case.drugs if d.drug == "methotrexate"]
    assert row.dose is None and row.text == "methotrexate IT (dose not reported)"


def test_neurological_day_needs_the_whole_set(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "course.csv").read_text(encoding="utf-8")
    text = text.replace(
        "-3,event,lymphodepletion,-,reconstructed,\n",
        "-3,event,lymphodepletion,-,reconstructed,\n-3,consciousness,alert,-,reconstructed,\n",
    )
    (folder / "course.csv").write_text(text, encoding="utf-8")
    codes = sorted(p.code for p in _problems(folder))
    assert codes == ["CB212", "CB212", "CB504"]


def test_team_action_linked_to_a_missing_course_row_is_cb511(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "decisions.yaml").read_text(encoding="utf-8")
    (folder / "decisions.yaml").write_text(
        text.replace("course: [lumbar_puncture]", "course: [eeg]"), encoding="utf-8"
    )
    (problem,) = _problems(folder)
    assert problem.code == "CB511" and problem.field == "decisions[0].team_did[0].course[0]"
    assert "no such row on day 4 or day 5" in problem.message


def test_table_reads_not_assessed_not_not_testable_on_days_without_findings():
    from casebook.plots import course_table

    html = course_table(load_case(CART)).to_html()
    assert "not testable" not in html  # nobody was unarousable: those days were not assessed
    assert html.count(">–</td>") >= 3


def test_not_reported_facts_have_no_value_and_others_need_one(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("  sex: {value: female, source: reconstructed}", "  sex: {source: report}")
    text = text.replace(
        "  prior_therapy: {source: not_reported}",
        "  prior_therapy: {value: [x], source: not_reported}",
    )
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    first, second = _problems(folder)
    assert first.field == "patient.sex.value" and "not_reported" in first.expected
    assert second.field == "patient.prior_therapy"
    assert second.message == "a fact with source not_reported has a value"
