"""casebook.model: Case.fever_masked() bounds the masking to while the drug acts
(clinical-reference.md 3; windows in casebook.model.FEVER_MASK_DAYS and docs/data-format.md),
and Case.crs() keeps a masked ongoing CRS at grade 1 (ASTCT 2019 gives no rule lowering it to 0)."""

from __future__ import annotations

import dataclasses

import pytest

from casebook import load_case
from casebook.model import FEVER_MASK_DAYS, Case, Observation


@pytest.fixture(scope="module")
def base() -> Case:
    return load_case("case1")


def course(base: Case, days: dict[int, dict]) -> Case:
    """A copy of ``base`` whose course is rebuilt from {day: {item: value}} (afebrile, alert,
    no seizure, no motor finding unless given), so one rule can be probed at a time."""
    rows = []
    for day in range(max(days) + 1):
        items = {"temperature": 36.8, "consciousness": "alert", "seizure": "none"}
        items |= {"motor": "none", "ice": 10.0}
        items |= days.get(day, {})
        for item, value in items.items():
            for v in value if isinstance(value, list) else [value]:
                v = float(v) if isinstance(v, int | float) else v
                rows.append(Observation(day, item, v, "", "reconstructed", "", 0))
    notes = tuple(
        dataclasses.replace(base.days[0], day=d, title=f"Day {d}") for d in range(max(days) + 1)
    )
    return dataclasses.replace(base, observations=tuple(rows), days=notes, exams={})


def masked_days(case: Case) -> list[int]:
    return [d for d in case.day_numbers if case.fever_masked(d)]


def test_windows_are_the_documented_ones():
    assert FEVER_MASK_DAYS["paracetamol"] == 1  # the day given and the next
    for drug in ("tocilizumab", "dexamethasone", "methylprednisolone", "prednisone"):
        assert FEVER_MASK_DAYS[drug] == 3  # the day given and the next 3 (casebook convention)


def test_paracetamol_masks_the_day_given_and_the_next_not_the_day_after(base):
    case = course(base, {1: {"temperature": 38.6, "paracetamol": 1000}, 4: {}})
    assert case.fever_masked(1)  # the day given (febrile anyway)
    assert case.fever_masked(2)  # the next day
    assert not case.fever_masked(3)  # the day after: fever counts again
    assert [case.crs(d).grade for d in range(5)] == [0, 1, 1, 0, 0]
    masked = case.crs(2)
    assert masked.fever_masked and masked.summary == "CRS grade 1 - set by: fever (masked)"
    assert not case.crs(1).fever_masked  # a real fever is not masked
    assert list(case.daily()["fever_masked"]) == [False, False, True, False, False]


def test_paracetamol_on_an_afebrile_day_after_the_fever_extends_the_window(base):
    case = course(
        base,
        {1: {"temperature": 38.6, "paracetamol": 1000}, 2: {"paracetamol": 1000}, 5: {}},
    )
    assert masked_days(case) == [1, 2, 3]


@pytest.mark.parametrize("drug", ["tocilizumab", "dexamethasone", "methylprednisolone"])
def test_anticytokine_drug_masks_the_day_given_and_the_next_three(base, drug):
    case = course(base, {2: {"temperature": 39.0, drug: 8}, 8: {}})
    assert case.fever_masked(2)  # the day given
    assert case.fever_masked(3)  # the next day
    assert case.fever_masked(5)  # the last day of the window
    assert not case.fever_masked(6)  # the day after the window
    assert [case.crs(d).grade for d in range(2, 8)] == [1, 1, 1, 1, 0, 0]


def test_a_drug_before_any_fever_masks_nothing(base):
    case = course(base, {0: {"dexamethasone": 20}, 2: {}})
    assert masked_days(case) == []


def test_a_later_drug_does_not_remask_a_crs_that_is_over(base):
    """Masking no longer lasts 'for the rest of the course': once an afebrile day is unmasked,
    a steroid given later (e.g. for ICANS) does not bring a masked CRS back."""
    case = course(
        base,
        {1: {"temperature": 38.4, "paracetamol": 1000}, 5: {"dexamethasone": 10}, 7: {}},
    )
    assert masked_days(case) == [1, 2]
    assert case.crs(5).grade == 0


def test_crs_resolved_event_ends_the_masking(base):
    case = course(
        base,
        {
            1: {"temperature": 39.0, "methylprednisolone": 1000},
            2: {"methylprednisolone": 1000},
            3: {"methylprednisolone": 1000, "event": ["crs_resolved"]},
            4: {"methylprednisolone": 500},
            6: {},
        },
    )
    assert masked_days(case) == [1, 2]
    assert [case.crs(d).grade for d in range(7)] == [0, 1, 1, 0, 0, 0, 0]


def test_masked_fever_with_hypotension_is_graded_by_the_hypotension(base):
    case = course(
        base,
        {1: {"temperature": 38.9, "tocilizumab": 560}, 2: {"hypotension": "fluids"}, 3: {}},
    )
    assert case.crs(2).grade == 2
    assert case.crs(2).drivers == ("hypotension",)


def test_post_ictal_oxygen_is_not_crs_hypoxia(base):
    case = course(
        base, {1: {"temperature": 38.2, "oxygen": "other_cause"}, 2: {"oxygen": "other_cause"}}
    )
    assert case.crs(1).grade == 1
    assert case.crs(2).grade == 0  # no fever, nothing masking it, oxygen from another cause


def test_bundled_cases_masked_days():
    """The bundled courses under the bounded window (what the notebooks' prose follows)."""
    case1, case2 = load_case("case1"), load_case("case2")
    assert masked_days(case1) == [1, 2, 3]  # paracetamol days 1-2
    assert list(case1.daily()["crs_grade"]) == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    # paracetamol days 1-3, methylprednisolone from day 4; CRS judged resolved on day 6
    assert masked_days(case2) == [1, 2, 3, 4, 5]
    assert list(case2.daily()["crs_grade"]) == [0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert case2.findings(4)["oxygen"] == "other_cause"
