"""Pins the clinical content of Case 3 (axicabtagene ciloleucel, Blood Image 2022): what the report
states stays marked as reported, what it does not say stays reconstructed or "not reported", and
the CAR-T management it teaches stays that of ASCO 2021 and CARTOX 2018 (tocilizumab treats CRS,
not isolated ICANS; dexamethasone from grade 2; intensive care at grade 3). A failing test here
means an edit changed what the case teaches. Sources: clinical-reference.md sections 2-5."""

from __future__ import annotations

import pytest

from casebook import load_case


@pytest.fixture(scope="module")
def case3():
    return load_case("case3")


def classes(case, decision_id: str) -> dict[str, str]:
    return {o.id: o.classification for o in case.decision(decision_id).options}


def drug_rows(case, name: str):
    return [row for row in case.drugs if row.drug == name]


def test_therapy_is_a_car_t_infused_on_day_0(case3):
    assert case3.therapy.kind == "car_t"
    assert case3.therapy.day_zero == "cell_infusion"
    assert min(case3.day_numbers) == -5  # lymphodepletion on days -5 to -3


def test_reported_grades_by_day_match_the_computed_ones(case3):
    daily = case3.daily().set_index("day")
    assert {g["day"]: g["icans"] for g in case3.reported["grades"]} == {9: 2, 13: 3, 14: 0}
    for day, grade in ((9, 2), (13, 3), (14, 0)):
        assert int(daily.loc[day, "icans_grade"]) == grade
    assert case3.reported["icans_peak"] == 3 and case3.reported["icans_peak_day"] == 13


def test_crs_is_masked_after_tocilizumab_then_judged_resolved(case3):
    daily = case3.daily().set_index("day")
    # ICANS begins on day 8 while the CRS fever is masked by tocilizumab (ASTCT: masked is not 0).
    assert int(daily.loc[8, "icans_grade"]) == 1
    assert int(daily.loc[8, "crs_grade"]) == 1 and bool(daily.loc[8, "fever_masked"])
    # From day 9 (crs_resolved) the ICANS is isolated: no CRS on day 13.
    assert int(daily.loc[13, "crs_grade"]) == 0


def test_reported_tocilizumab_and_dexamethasone_are_exact(case3):
    toci = drug_rows(case3, "tocilizumab")
    assert [(r.day, r.dose, r.unit, r.route, r.source) for r in toci] == [
        (6, 8, "mg/kg", "IV", "report"),
        (7, 8, "mg/kg", "IV", "report"),
    ]
    dex8 = next(r for r in drug_rows(case3, "dexamethasone") if r.day == 8)
    assert (dex8.dose, dex8.unit, dex8.route, dex8.frequency, dex8.source) == (
        10,
        "mg",
        "IV",
        "q6h",
        "report",
    )


def test_intrathecal_drugs_keep_their_reported_parts(case3):
    first = next(r for r in drug_rows(case3, "hydrocortisone") if r.day == 10)
    assert (first.dose, first.unit, first.route) == (100, "mg", "IT")
    assert first.source == "report_fact_value"  # dose reported, day reconstructed
    for name in ("hydrocortisone", "methotrexate", "cytarabine"):
        day13 = next(r for r in drug_rows(case3, name) if r.day == 13)
        assert day13.route == "IT" and day13.source == "report"
        assert day13.dose is None  # the report gives no intrathecal doses: none invented


def test_tocilizumab_is_for_crs_not_for_isolated_icans(case3):
    assert classes(case3, "c3-day6")["tocilizumab"] == "essential"  # persistent fever > 3 days
    assert classes(case3, "c3-day8")["tocilizumab"] == "not_indicated"  # 2 doses given, ICANS
    assert classes(case3, "c3-day13")["tocilizumab"] == "harmful"  # isolated ICANS


def test_steroids_and_icu_follow_the_asco_icans_table(case3):
    day8 = classes(case3, "c3-day8")
    assert day8["dexamethasone_10mg"] == "acceptable"  # grade 1 with CRS, past the first dose
    assert day8["methylprednisolone_high_dose"] == "not_indicated"
    assert day8["icu_transfer"] == "not_indicated"
    day13 = classes(case3, "c3-day13")
    assert day13["icu_transfer"] == "essential"  # every grade 3
    assert day13["dexamethasone_10mg"] == "essential"
    assert day13["keep_taper_unchanged"] == "harmful"
    assert day13["methylprednisolone_high_dose"] == "acceptable"  # ASCO keeps 1 g for grade 4


def test_intrathecal_therapy_is_offered_as_off_guideline(case3):
    option = case3.decision("c3-day13").option("intrathecal_steroid_therapy")
    assert option.classification == "acceptable"
    assert "not in ASCO 2021" in option.rationale


def test_day0_follows_the_label(case3):
    day0 = classes(case3, "c3-day0")
    for essential in ("car_t_premedication", "tocilizumab_on_hand", "baseline_ice"):
        assert day0[essential] == "essential"
    assert day0["levetiracetam_prophylaxis"] == "acceptable"  # never essential without a criterion


def test_unverified_citation_is_said_so(case3):
    citation = case3.references["BLOODIMAGE2022"].citation
    assert "verify" in citation and "authors are not recorded" in citation
