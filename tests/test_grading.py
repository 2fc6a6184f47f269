"""Tests of the ASTCT grading engine (casebook.grading).

The expected grades below are written out from the reference tables (ASTCT 2019, Lee et al.,
Biol Blood Marrow Transplant 2019;25:625-638; /work/shared/reference/clinical-reference.md
sections 1-3), independently of the engine's own tables, so that a wrong cell in the engine fails.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook import grading
from casebook import vocab as vocab_module
from casebook.grading import (
    CONSCIOUSNESS_LEVELS,
    EDEMA_FINDINGS,
    HYPOTENSION_LEVELS,
    ICANS_DOMAINS,
    LABELS,
    MOTOR_FINDINGS,
    OXYGEN_LEVELS,
    SEIZURE_TYPES,
    TREMOR_TYPES,
    CrsGrade,
    IcansGrade,
    grade_crs,
    grade_icans,
    ice_score,
)

# --- expected tables, written out from ASTCT 2019 -----------------------------------------------
ICE_EXPECTED = {10: 0, 9: 1, 8: 1, 7: 1, 6: 2, 5: 2, 4: 2, 3: 2, 2: 3, 1: 3, 0: 3}
CONSCIOUSNESS_EXPECTED = {
    "alert": 0,
    "awakens_spontaneously": 1,
    "awakens_to_voice": 2,
    "awakens_to_touch": 3,
    "unarousable": 4,
}
SEIZURE_EXPECTED = {"none": 0, "rapidly_resolving": 3, "prolonged_or_repetitive": 4}
MOTOR_EXPECTED = {"none": 0, "deep_focal_weakness": 4}
EDEMA_EXPECTED = {"none": 0, "focal": 3, "diffuse": 4}
HYPOTENSION_EXPECTED = {"none": 0, "fluids": 2, "one_vasopressor": 3, "multiple_vasopressors": 4}
OXYGEN_EXPECTED = {
    "none": 0,
    "comfort_only": 0,
    "other_cause": 0,
    "low_flow": 2,
    "high_flow": 3,
    "positive_pressure": 4,
}

FAST = settings(max_examples=300, deadline=None)


def expected_ice_grade(ice, consciousness):
    if ice is None or (ice == 0 and consciousness == "unarousable"):
        return 4
    return ICE_EXPECTED[ice]


# --- vocabularies --------------------------------------------------------------------------------
def test_allowed_values_match_the_reference_tables():
    assert set(CONSCIOUSNESS_EXPECTED) == set(CONSCIOUSNESS_LEVELS)
    assert set(SEIZURE_EXPECTED) == set(SEIZURE_TYPES)
    assert set(MOTOR_EXPECTED) == set(MOTOR_FINDINGS)
    assert set(EDEMA_EXPECTED) == set(EDEMA_FINDINGS)
    assert set(HYPOTENSION_EXPECTED) == set(HYPOTENSION_LEVELS)
    assert set(OXYGEN_EXPECTED) == set(OXYGEN_LEVELS)
    assert TREMOR_TYPES == ("none", "fine", "coarse")
    assert ICANS_DOMAINS == ("ice", "consciousness", "seizure", "motor", "edema")


def test_allowed_values_are_in_order_of_severity():
    for values, expected in (
        (CONSCIOUSNESS_LEVELS, CONSCIOUSNESS_EXPECTED),
        (SEIZURE_TYPES, SEIZURE_EXPECTED),
        (EDEMA_FINDINGS, EDEMA_EXPECTED),
        (HYPOTENSION_LEVELS, HYPOTENSION_EXPECTED),
        (OXYGEN_LEVELS, OXYGEN_EXPECTED),
    ):
        grades = [expected[v] for v in values]
        assert grades == sorted(grades)


def test_every_category_has_a_label():
    vocab = {
        "consciousness": CONSCIOUSNESS_LEVELS,
        "seizure": SEIZURE_TYPES,
        "motor": MOTOR_FINDINGS,
        "edema": EDEMA_FINDINGS,
        "tremor": TREMOR_TYPES,
        "hypotension": HYPOTENSION_LEVELS,
        "oxygen": OXYGEN_LEVELS,
    }
    assert set(LABELS) == set(vocab)
    for name, values in vocab.items():
        assert tuple(LABELS[name]) == values
        assert all(isinstance(label, str) and label for label in LABELS[name].values())
    assert LABELS["consciousness"]["awakens_to_voice"] == "awakens to voice"


def test_tables_cite_their_source_beside_them():
    source = Path(grading.tables.__file__).read_text(encoding="utf-8")
    vocabulary = Path(vocab_module.__file__).read_text(encoding="utf-8")
    for name in ("ICE_ITEM_MAXIMA", "ICANS_DOMAINS", "CRS_DOMAINS", "FEVER_THRESHOLD_C"):
        start = vocabulary.index(f"\n{name}")
        comment_above = vocabulary[:start].rsplit("\n\n", 1)[-1]
        assert "ASTCT 2019" in comment_above, name
    for table in (
        "ICE_BANDS",
        "ICE_UNTESTABLE",
        "CONSCIOUSNESS_TABLE",
        "SEIZURE_TABLE",
        "MOTOR_TABLE",
        "EDEMA_TABLE",
        "HYPOTENSION_TABLE",
        "OXYGEN_TABLE",
    ):
        start = source.index(f"\n{table}")
        comment_above = source[:start].rsplit("\n\n", 1)[-1]
        assert "ASTCT 2019" in comment_above, table


def test_all_is_complete():
    for name in grading.__all__:
        assert hasattr(grading, name), name
    for name in ("ice_score", "grade_icans", "grade_crs", "IcansGrade", "CrsGrade"):
        assert name in grading.__all__


# --- ICE score -----------------------------------------------------------------------------------
def test_ice_score_full_and_empty():
    assert ice_score(orientation=4, naming=3, commands=1, writing=1, attention=1) == 10
    assert ice_score(orientation=0, naming=0, commands=0, writing=0, attention=0) == 0


@pytest.mark.parametrize(
    ("item", "maximum"),
    [("orientation", 4), ("naming", 3), ("commands", 1), ("writing", 1), ("attention", 1)],
)
def test_ice_score_item_boundaries(item, maximum):
    zeros = dict.fromkeys(("orientation", "naming", "commands", "writing", "attention"), 0)
    assert ice_score(**{**zeros, item: maximum}) == maximum
    with pytest.raises(ValueError, match=rf"{item}={maximum + 1}"):
        ice_score(**{**zeros, item: maximum + 1})
    with pytest.raises(ValueError, match=rf"{item}=-1"):
        ice_score(**{**zeros, item: -1})


def test_ice_score_takes_bools_for_one_point_items():
    assert ice_score(orientation=2, naming=1, commands=True, writing=False, attention=True) == 5


@pytest.mark.parametrize("item", ["orientation", "naming"])
def test_ice_score_refuses_bools_for_multi_point_items(item):
    values = dict(orientation=2, naming=1, commands=1, writing=1, attention=1)
    with pytest.raises(ValueError, match=rf"{item}=True is not allowed.*not a bool"):
        ice_score(**{**values, item: True})


@pytest.mark.parametrize("bad", [1.5, "1", None, math.nan, math.inf, [1]])
def test_ice_score_refuses_non_whole_numbers(bad):
    values = dict(orientation=2, naming=1, commands=1, writing=1, attention=1)
    with pytest.raises(ValueError, match=r"naming=.* is not allowed; expected a whole number"):
        ice_score(**{**values, "naming": bad})


def test_ice_score_reads_int_valued_floats():
    assert ice_score(orientation=4.0, naming=2.0, commands=1, writing=0, attention=1) == 8


def test_ice_score_names_every_bad_item():
    with pytest.raises(ValueError) as info:
        ice_score(orientation=5, naming=1.5, commands=1, writing="x", attention=1)
    message = str(info.value)
    assert "3 arguments" in message
    assert "orientation=5" in message and "from 0 to 4" in message
    assert "naming=1.5" in message and "from 0 to 3" in message
    assert "writing='x'" in message and "from 0 to 1" in message
    assert "commands" not in message and "attention" not in message


@FAST
@given(
    orientation=st.integers(0, 4),
    naming=st.integers(0, 3),
    commands=st.integers(0, 1) | st.booleans(),
    writing=st.integers(0, 1) | st.booleans(),
    attention=st.integers(0, 1) | st.booleans(),
)
def test_ice_score_is_the_sum(orientation, naming, commands, writing, attention):
    total = ice_score(
        orientation=orientation,
        naming=naming,
        commands=commands,
        writing=writing,
        attention=attention,
    )
    assert total == orientation + naming + int(commands) + int(writing) + int(attention)
    assert type(total) is int


# --- ICANS: every cell of the table -------------------------------------------------------------
@pytest.mark.parametrize(("ice", "grade"), sorted(ICE_EXPECTED.items()))
def test_icans_ice_domain(ice, grade):
    result = grade_icans(ice=ice)
    assert result.grade == grade
    assert result.domain_grades["ice"] == grade
    assert result.drivers == (("ice",) if grade else ())
    assert result.explanation[0].startswith(f"ICE score {ice}: ")
    assert f"-> grade {grade} (ASTCT 2019)" in result.explanation[0]


@pytest.mark.parametrize(
    ("below", "above", "grade_below", "grade_above"),
    [(2, 3, 3, 2), (6, 7, 2, 1), (9, 10, 1, 0)],
)
def test_icans_ice_boundaries(below, above, grade_below, grade_above):
    assert grade_icans(ice=below).grade == grade_below
    assert grade_icans(ice=above).grade == grade_above


def test_icans_ice_explanation_names_the_band():
    assert grade_icans(ice=5).explanation[0] == "ICE score 5: 3-6 points -> grade 2 (ASTCT 2019)"
    assert "7-9 points" in grade_icans(ice=8).explanation[0]
    assert "0-2 points" in grade_icans(ice=1).explanation[0]


def test_icans_ice_not_testable_because_unarousable_is_grade_4():
    result = grade_icans(ice=None, consciousness="unarousable")
    assert result.grade == 4
    assert result.domain_grades["ice"] == 4
    assert result.drivers == ("ice", "consciousness")
    assert "cannot do the test" in result.explanation[0]


def test_icans_ice_0_in_unarousable_patient_means_cannot_do_the_test():
    # Documented choice: ICE 0 recorded in an unarousable patient is "cannot do the test" (4).
    result = grade_icans(ice=0, consciousness="unarousable", other_cause=("consciousness",))
    assert result.grade == 4
    assert result.drivers == ("ice",)
    assert "cannot do the test" in result.explanation[0]


def test_icans_ice_0_awake_with_global_aphasia_is_grade_3():
    result = grade_icans(ice=0, consciousness="alert", global_aphasia=True)
    assert result.grade == 3
    assert result.drivers == ("ice",)
    line = result.explanation[0]
    assert "global aphasia" in line and "grade 3" in line and "not 4" in line


def test_icans_ice_0_awake_without_aphasia_is_grade_3_too():
    result = grade_icans(ice=0)
    assert result.grade == 3
    assert "global aphasia" not in result.explanation[0]


def test_icans_global_aphasia_unarousable_is_grade_4():
    assert grade_icans(ice=0, consciousness="unarousable", global_aphasia=True).grade == 4


@pytest.mark.parametrize(("level", "grade"), CONSCIOUSNESS_EXPECTED.items())
def test_icans_consciousness_domain(level, grade):
    result = grade_icans(ice=10, consciousness=level)
    assert result.grade == grade
    assert result.domain_grades["consciousness"] == grade
    assert result.drivers == (("consciousness",) if grade else ())
    assert f"-> grade {grade} (ASTCT 2019)" in result.explanation[1]


@pytest.mark.parametrize(("seizure", "grade"), SEIZURE_EXPECTED.items())
def test_icans_seizure_domain(seizure, grade):
    result = grade_icans(ice=10, seizure=seizure)
    assert result.grade == grade
    assert result.domain_grades["seizure"] == grade
    assert result.drivers == (("seizure",) if grade else ())


@pytest.mark.parametrize(("motor", "grade"), MOTOR_EXPECTED.items())
def test_icans_motor_domain(motor, grade):
    result = grade_icans(ice=10, motor=motor)
    assert result.grade == grade
    assert result.domain_grades["motor"] == grade
    assert result.drivers == (("motor",) if grade else ())


@pytest.mark.parametrize(("edema", "grade"), EDEMA_EXPECTED.items())
def test_icans_edema_domain(edema, grade):
    result = grade_icans(ice=10, edema=edema)
    assert result.grade == grade
    assert result.domain_grades["edema"] == grade
    assert result.drivers == (("edema",) if grade else ())


def test_icans_no_finding_is_grade_0():
    result = grade_icans(ice=10)
    assert result.grade == 0
    assert result.drivers == ()
    assert result.summary == "ICANS grade 0 - no ICANS"
    assert set(result.domain_grades) == set(ICANS_DOMAINS)
    assert set(result.domain_grades.values()) == {0}
    assert len([line for line in result.explanation if line.startswith("ICE score")]) == 1


def test_icans_paper_example_ice_3_with_generalized_seizure_is_grade_3():
    result = grade_icans(ice=3, seizure="rapidly_resolving")
    assert result.grade == 3
    assert result.drivers == ("seizure",)
    assert result.domain_grades["ice"] == 2
    assert result.summary == "ICANS grade 3 - set by: seizure"


def test_icans_ties_name_every_driver():
    result = grade_icans(ice=1, edema="focal", consciousness="awakens_to_voice")
    assert result.grade == 3
    assert result.drivers == ("ice", "edema")
    assert result.summary == "ICANS grade 3 - set by: ICE score, raised ICP / cerebral edema"


def test_icans_summary_example():
    assert grade_icans(ice=5).summary == "ICANS grade 2 - set by: ICE score"


# --- ICANS: footnotes ----------------------------------------------------------------------------
@pytest.mark.parametrize("tremor", TREMOR_TYPES)
@pytest.mark.parametrize("myoclonus", [False, True])
@pytest.mark.parametrize(
    "findings",
    [dict(ice=10), dict(ice=8), dict(ice=4, seizure="rapidly_resolving"), dict(ice=0)],
)
def test_icans_tremor_and_myoclonus_never_change_the_grade(tremor, myoclonus, findings):
    plain = grade_icans(**findings)
    result = grade_icans(**findings, tremor=tremor, myoclonus=myoclonus)
    assert result.grade == plain.grade
    assert result.drivers == plain.drivers
    assert dict(result.domain_grades) == dict(plain.domain_grades)
    ctcae = [line for line in result.explanation if "CTCAE v5.0" in line]
    if tremor == "none" and not myoclonus:
        assert ctcae == []
    else:
        assert len(ctcae) == 1
        assert "do not change the ICANS grade" in ctcae[0]
        assert ("myoclonus" in ctcae[0].lower()) == myoclonus
        assert ("tremor" in ctcae[0].lower()) == (tremor != "none")


@pytest.mark.parametrize(
    ("domain", "findings"),
    [
        ("ice", dict(ice=2)),
        ("consciousness", dict(ice=10, consciousness="awakens_to_touch")),
        ("seizure", dict(ice=10, seizure="prolonged_or_repetitive")),
        ("motor", dict(ice=10, motor="deep_focal_weakness")),
        ("edema", dict(ice=10, edema="diffuse")),
    ],
)
def test_icans_other_cause_excludes_a_domain(domain, findings):
    assert grade_icans(**findings).grade > 0
    result = grade_icans(**findings, other_cause=(domain,))
    assert result.grade == 0
    assert result.drivers == ()
    assert result.domain_grades[domain] == 0
    assert result.excluded == (domain,)
    line = result.explanation[ICANS_DOMAINS.index(domain)]
    assert "excluded: explained by another cause" in line


def test_icans_other_cause_leaves_other_domains_counting():
    # somnolence from sedating drugs does not count; the low ICE score still does
    result = grade_icans(ice=5, consciousness="awakens_to_touch", other_cause=["consciousness"])
    assert result.grade == 2
    assert result.drivers == ("ice",)


def test_icans_other_cause_accepts_any_iterable():
    findings = dict(ice=10, seizure="rapidly_resolving")
    for other in (("seizure",), ["seizure"], {"seizure"}, iter(["seizure"])):
        assert grade_icans(**findings, other_cause=other).grade == 0


def test_icans_sedated_unarousable_patient_needs_both_domains_excluded():
    one = grade_icans(ice=None, consciousness="unarousable", other_cause=("consciousness",))
    assert one.grade == 4
    assert "exclude 'ice' too" in one.explanation[0]
    both = grade_icans(ice=None, consciousness="unarousable", other_cause=("consciousness", "ice"))
    assert both.grade == 0
    assert both.excluded == ("ice", "consciousness")


@pytest.mark.parametrize("edema", ["focal", "diffuse"])
def test_icans_intracranial_hemorrhage_excludes_edema(edema):
    assert grade_icans(ice=10, edema=edema).grade > 0
    result = grade_icans(ice=10, edema=edema, intracranial_hemorrhage=True)
    assert result.grade == 0
    assert result.excluded == ("edema",)
    assert "intracranial hemorrhage" in result.explanation[4]
    assert "not ICANS" in result.explanation[4]


def test_icans_intracranial_hemorrhage_leaves_other_domains():
    result = grade_icans(
        ice=6, seizure="rapidly_resolving", edema="diffuse", intracranial_hemorrhage=True
    )
    assert result.grade == 3
    assert result.drivers == ("seizure",)


def test_icans_result_is_frozen():
    result = grade_icans(ice=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.grade = 0
    with pytest.raises(TypeError):
        result.domain_grades["ice"] = 0
    assert isinstance(result, IcansGrade)
    assert isinstance(result.explanation, tuple)
    assert result == grade_icans(ice=5)
    assert hash(result) == hash(grade_icans(ice=5))


# --- ICANS: properties ---------------------------------------------------------------------------
@st.composite
def icans_inputs(draw):
    consciousness = draw(st.sampled_from(CONSCIOUSNESS_LEVELS))
    ice = st.integers(0, 10)
    if consciousness == "unarousable":
        ice = st.none() | ice
    return dict(
        ice=draw(ice),
        consciousness=consciousness,
        seizure=draw(st.sampled_from(SEIZURE_TYPES)),
        motor=draw(st.sampled_from(MOTOR_FINDINGS)),
        edema=draw(st.sampled_from(EDEMA_FINDINGS)),
        global_aphasia=draw(st.booleans()),
        tremor=draw(st.sampled_from(TREMOR_TYPES)),
        myoclonus=draw(st.booleans()),
        other_cause=tuple(draw(st.lists(st.sampled_from(ICANS_DOMAINS), unique=True))),
        intracranial_hemorrhage=draw(st.booleans()),
    )


def expected_domain_grades(kw):
    grades = {
        "ice": expected_ice_grade(kw["ice"], kw["consciousness"]),
        "consciousness": CONSCIOUSNESS_EXPECTED[kw["consciousness"]],
        "seizure": SEIZURE_EXPECTED[kw["seizure"]],
        "motor": MOTOR_EXPECTED[kw["motor"]],
        "edema": EDEMA_EXPECTED[kw["edema"]],
    }
    for domain in kw["other_cause"]:
        grades[domain] = 0
    if kw["intracranial_hemorrhage"]:
        grades["edema"] = 0
    return grades


@FAST
@given(icans_inputs())
def test_icans_grade_is_the_most_severe_domain(kw):
    result = grade_icans(**kw)
    expected = expected_domain_grades(kw)
    assert dict(result.domain_grades) == expected
    assert result.grade == max(expected.values())
    assert result.grade == max(result.domain_grades.values())
    if result.grade:
        assert result.drivers == tuple(d for d in ICANS_DOMAINS if expected[d] == result.grade)
        assert result.summary.startswith(f"ICANS grade {result.grade} - set by: ")
    else:
        assert result.drivers == ()
    domain_lines = [line for line in result.explanation if "CTCAE" not in line]
    assert len(domain_lines) >= len(ICANS_DOMAINS)


SEVERITY = {
    "consciousness": CONSCIOUSNESS_LEVELS,
    "seizure": SEIZURE_TYPES,
    "motor": MOTOR_FINDINGS,
    "edema": EDEMA_FINDINGS,
}


@FAST
@given(icans_inputs(), st.sampled_from(ICANS_DOMAINS), st.data())
def test_icans_grade_never_falls_when_a_domain_worsens(kw, domain, data):
    if domain == "ice":
        worse_values = list(range(kw["ice"])) if kw["ice"] is not None else []
        if kw["consciousness"] == "unarousable" and kw["ice"] is not None:
            worse_values.append(None)
    else:
        order = SEVERITY[domain]
        worse_values = list(order[order.index(kw[domain]) + 1 :])
    if not worse_values:
        return
    worse = data.draw(st.sampled_from(worse_values))
    before = grade_icans(**kw)
    after = grade_icans(**{**kw, domain: worse})
    assert after.grade >= before.grade


@FAST
@given(icans_inputs(), st.sampled_from(TREMOR_TYPES), st.booleans())
def test_icans_tremor_and_myoclonus_never_matter(kw, tremor, myoclonus):
    assert (
        grade_icans(**{**kw, "tremor": tremor, "myoclonus": myoclonus}).grade
        == grade_icans(**kw).grade
    )


# --- ICANS: errors -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "needle", "allowed"),
    [
        (dict(ice=10, consciousness="sleepy"), "consciousness='sleepy'", "'awakens_to_voice'"),
        (dict(ice=10, seizure="focal"), "seizure='focal'", "'rapidly_resolving'"),
        (dict(ice=10, motor="weak"), "motor='weak'", "'deep_focal_weakness'"),
        (dict(ice=10, edema="mild"), "edema='mild'", "'diffuse'"),
        (dict(ice=10, tremor="severe"), "tremor='severe'", "'coarse'"),
        (dict(ice=11), "ice=11", "from 0 to 10"),
        (dict(ice=-1), "ice=-1", "from 0 to 10"),
        (dict(ice=4.5), "ice=4.5", "from 0 to 10"),
        (dict(ice="7"), "ice='7'", "from 0 to 10"),
        (dict(ice=True), "ice=True", "not a bool"),
        (dict(ice=10, global_aphasia="yes"), "global_aphasia='yes'", "True or False"),
        (dict(ice=10, myoclonus=1), "myoclonus=1", "True or False"),
        (dict(ice=10, intracranial_hemorrhage=None), "intracranial_hemorrhage=None", "True or"),
        (dict(ice=10, other_cause=("mood",)), "other_cause=('mood',)", "'consciousness'"),
        (dict(ice=10, other_cause="ice"), "other_cause='ice'", "'consciousness'"),
        (dict(ice=10, other_cause=5), "other_cause=5", "'edema'"),
        (dict(ice=10, consciousness=["alert"]), "consciousness=['alert']", "'unarousable'"),
    ],
)
def test_icans_errors_name_argument_value_and_allowed(kwargs, needle, allowed):
    with pytest.raises(ValueError) as info:
        grade_icans(**kwargs)
    message = str(info.value)
    assert needle in message
    assert "is not allowed" in message
    assert allowed in message


def test_icans_error_message_format():
    with pytest.raises(ValueError) as info:
        grade_icans(ice=10, consciousness="sleepy")
    assert str(info.value) == (
        "consciousness='sleepy' is not allowed; expected one of: 'alert', "
        "'awakens_spontaneously', 'awakens_to_voice', 'awakens_to_touch', 'unarousable'"
    )


@pytest.mark.parametrize("level", [c for c in CONSCIOUSNESS_LEVELS if c != "unarousable"])
def test_icans_ice_none_needs_an_unarousable_patient(level):
    with pytest.raises(ValueError) as info:
        grade_icans(ice=None, consciousness=level)
    message = str(info.value)
    assert "ice=None" in message and f"consciousness={level!r}" in message
    assert "'unarousable'" in message


def test_icans_names_every_bad_argument_at_once():
    with pytest.raises(ValueError) as info:
        grade_icans(ice=12, seizure="yes", motor="x", other_cause=("ice", "mood"))
    message = str(info.value)
    assert "4 arguments are not allowed" in message
    for needle in ("ice=12", "seizure='yes'", "motor='x'", "'mood'"):
        assert needle in message
    assert "consciousness=" not in message and "edema=" not in message


# --- CRS: every cell of the table ----------------------------------------------------------------
@pytest.mark.parametrize(("hypotension", "grade"), HYPOTENSION_EXPECTED.items())
def test_crs_hypotension_with_fever(hypotension, grade):
    result = grade_crs(temperature_c=38.5, hypotension=hypotension)
    assert result.grade == max(grade, 1)
    assert result.domain_grades["hypotension"] == grade
    assert result.drivers == (("hypotension",) if grade else ("fever",))


@pytest.mark.parametrize(("oxygen", "grade"), OXYGEN_EXPECTED.items())
def test_crs_oxygen_with_fever(oxygen, grade):
    result = grade_crs(temperature_c=38.5, oxygen=oxygen)
    assert result.grade == max(grade, 1)
    assert result.domain_grades["oxygen"] == grade
    assert result.drivers == (("oxygen",) if grade else ("fever",))


@pytest.mark.parametrize("hypotension", HYPOTENSION_LEVELS)
@pytest.mark.parametrize("oxygen", OXYGEN_LEVELS)
def test_crs_grid(hypotension, oxygen):
    worst = max(HYPOTENSION_EXPECTED[hypotension], OXYGEN_EXPECTED[oxygen])
    kw = dict(hypotension=hypotension, oxygen=oxygen)
    # fever: the more severe of hypotension and hypoxia, at least 1
    assert grade_crs(temperature_c=39.0, **kw).grade == max(worst, 1)
    # no fever, not masked: no CRS whatever the hypotension and hypoxia
    assert grade_crs(temperature_c=36.8, **kw).grade == 0
    assert grade_crs(temperature_c=39.0, fever_other_cause=True, **kw).grade == 0
    # masked: fever no longer required; hypotension and hypoxia drive the grade, and an ongoing
    # CRS never falls below grade 1 because the fever is hidden (clinical-reference.md 3)
    assert grade_crs(temperature_c=36.8, fever_masked=True, **kw).grade == max(worst, 1)
    assert grade_crs(temperature_c=39.0, fever_masked=True, **kw).grade == max(worst, 1)


def test_crs_fever_alone_is_grade_1():
    result = grade_crs(temperature_c=38.2)
    assert result.grade == 1
    assert result.drivers == ("fever",)
    assert result.summary == "CRS grade 1 - set by: fever"
    assert "fever" in result.explanation[0] and "grade 1" in result.explanation[0]


@pytest.mark.parametrize(("temperature", "grade"), [(37.9, 0), (38.0, 1), (37.99, 0), (38, 1)])
def test_crs_fever_boundary(temperature, grade):
    assert grade_crs(temperature_c=temperature).grade == grade


def test_crs_fever_boundary_with_hypotension():
    assert grade_crs(temperature_c=37.9, hypotension="one_vasopressor").grade == 0
    assert grade_crs(temperature_c=38.0, hypotension="one_vasopressor").grade == 3


def test_crs_no_fever_explains_why_grade_0():
    result = grade_crs(temperature_c=37.9, hypotension="multiple_vasopressors")
    assert result.grade == 0
    assert result.drivers == ()
    assert result.domain_grades["hypotension"] == 0
    text = "\n".join(result.explanation)
    assert "would be grade 4" in text
    assert "no CRS" in text
    assert result.summary == "CRS grade 0 - no CRS"


def test_crs_comfort_oxygen_is_not_hypoxia():
    result = grade_crs(temperature_c=38.4, oxygen="comfort_only")
    assert result.grade == 1
    assert result.drivers == ("fever",)
    assert "not hypoxia" in result.explanation[2]
    assert grade_crs(temperature_c=36.5, oxygen="comfort_only", fever_masked=True).grade == 1


def test_crs_oxygen_for_another_cause_is_excluded():
    """Oxygen needed after a seizure (post-ictal) is excluded as due to another cause (ASTCT)."""
    result = grade_crs(temperature_c=38.4, oxygen="other_cause")
    assert result.grade == 1
    assert result.domain_grades["oxygen"] == 0
    assert "another cause" in result.explanation[2]
    assert "comfort" not in result.explanation[2]
    assert grade_crs(temperature_c=37.0, oxygen="other_cause", fever_masked=True).grade == 1


def test_crs_masked_with_neither_stays_grade_1_and_says_fever_masked():
    """ASTCT gives no rule that lowers an ongoing CRS to 0 because the fever is hidden."""
    result = grade_crs(temperature_c=36.9, fever_masked=True)
    assert result.grade == 1
    assert result.drivers == ("fever",)
    assert result.fever_masked is True
    assert result.summary == "CRS grade 1 - set by: fever (masked)"
    assert "fever is masked" in result.explanation[0]
    assert any("grade 1 (fever masked), not 0" in line for line in result.explanation)
    # unmasked, the same findings are no CRS
    assert grade_crs(temperature_c=36.9).grade == 0
    # a real fever is not "masked"
    assert grade_crs(temperature_c=38.6, fever_masked=True).fever_masked is False


def test_crs_masked_hypotension_and_hypoxia_drive_the_grade():
    result = grade_crs(
        temperature_c=37.0, fever_masked=True, hypotension="fluids", oxygen="high_flow"
    )
    assert result.grade == 3
    assert result.drivers == ("oxygen",)
    assert "masked" in result.explanation[0]
    assert result.summary == "CRS grade 3 - set by: hypoxia"


def test_crs_ties_name_both_drivers():
    result = grade_crs(temperature_c=39.1, hypotension="fluids", oxygen="low_flow")
    assert result.grade == 2
    assert result.drivers == ("hypotension", "oxygen")


def test_crs_fever_from_another_cause_does_not_count():
    result = grade_crs(temperature_c=39.5, fever_other_cause=True, hypotension="fluids")
    assert result.grade == 0
    assert "another cause" in result.explanation[0]


def test_crs_result_is_frozen():
    result = grade_crs(temperature_c=38.5, hypotension="fluids")
    assert isinstance(result, CrsGrade)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.grade = 1
    with pytest.raises(TypeError):
        result.domain_grades["fever"] = 0
    assert set(result.domain_grades) == {"fever", "hypotension", "oxygen"}


@st.composite
def crs_inputs(draw):
    return dict(
        temperature_c=draw(st.floats(25.0, 45.0, allow_nan=False)),
        hypotension=draw(st.sampled_from(HYPOTENSION_LEVELS)),
        oxygen=draw(st.sampled_from(OXYGEN_LEVELS)),
        fever_masked=draw(st.booleans()),
        fever_other_cause=draw(st.booleans()),
    )


@FAST
@given(crs_inputs())
def test_crs_grade_matches_the_reference(kw):
    result = grade_crs(**kw)
    fever = kw["temperature_c"] >= 38.0 and not kw["fever_other_cause"]
    worst = max(HYPOTENSION_EXPECTED[kw["hypotension"]], OXYGEN_EXPECTED[kw["oxygen"]])
    # fever, or a masked fever (an ongoing CRS stays at least grade 1): at least 1; else no CRS
    expected = max(worst, 1) if fever or kw["fever_masked"] else 0
    assert result.grade == expected
    assert result.grade == max(result.domain_grades.values())
    assert (result.drivers == ()) == (result.grade == 0)


@FAST
@given(
    crs_inputs(),
    st.sampled_from(["hypotension", "oxygen", "temperature_c", "fever_masked"]),
    st.data(),
)
def test_crs_grade_never_falls_when_a_finding_worsens(kw, what, data):
    if what == "temperature_c":
        worse = data.draw(st.floats(kw["temperature_c"], 45.0, allow_nan=False))
    elif what == "fever_masked":
        worse = True
    else:
        order = HYPOTENSION_LEVELS if what == "hypotension" else OXYGEN_LEVELS
        worse = data.draw(st.sampled_from(order[order.index(kw[what]) :]))
    assert grade_crs(**{**kw, what: worse}).grade >= grade_crs(**kw).grade


# --- CRS: errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("ok", "grade"), [(25, 0), (25.0, 0), (36.6, 0), (45, 1), (45.0, 1)])
def test_crs_temperature_range_accepts(ok, grade):
    assert grade_crs(temperature_c=ok).grade == grade


@pytest.mark.parametrize("bad", [24.9, 45.1, math.nan, math.inf, True, "38.5", None])
def test_crs_temperature_range_refuses(bad):
    with pytest.raises(ValueError) as info:
        grade_crs(temperature_c=bad)
    message = str(info.value)
    assert f"temperature_c={bad!r} is not allowed" in message
    assert "from 25 to 45" in message


@pytest.mark.parametrize(
    ("kwargs", "needle", "allowed"),
    [
        (dict(hypotension="pressors"), "hypotension='pressors'", "'one_vasopressor'"),
        (dict(oxygen="nasal"), "oxygen='nasal'", "'comfort_only'"),
        (dict(fever_masked="no"), "fever_masked='no'", "True or False"),
        (dict(fever_other_cause=0), "fever_other_cause=0", "True or False"),
    ],
)
def test_crs_errors_name_argument_value_and_allowed(kwargs, needle, allowed):
    with pytest.raises(ValueError) as info:
        grade_crs(temperature_c=38.5, **kwargs)
    assert needle in str(info.value)
    assert allowed in str(info.value)


def test_crs_names_every_bad_argument_at_once():
    with pytest.raises(ValueError) as info:
        grade_crs(temperature_c=50, hypotension="low", oxygen="mask")
    message = str(info.value)
    assert "3 arguments are not allowed" in message
    for needle in ("temperature_c=50", "hypotension='low'", "oxygen='mask'"):
        assert needle in message


# --- refusals carry structured problems (callers format them; nobody parses the text) ----------
def test_a_refusal_names_argument_value_and_what_is_allowed():
    from casebook.grading import ArgumentProblem, GradingError

    with pytest.raises(GradingError) as info:
        grade_icans(ice=11, seizure="fit", global_aphasia="yes", other_cause=("ice", "mood"))
    problems = {p.argument: p for p in info.value.problems}
    assert isinstance(info.value, ValueError)
    assert list(problems) == ["ice", "seizure", "global_aphasia", "other_cause"]
    assert problems["ice"] == ArgumentProblem(
        "ice", 11, "number", "a whole number from 0 to 10", (0, 10)
    )
    assert (problems["seizure"].kind, problems["seizure"].value) == ("category", "fit")
    assert problems["seizure"].allowed == SEIZURE_TYPES
    assert (problems["global_aphasia"].kind, problems["global_aphasia"].allowed) == (
        "flag",
        (True, False),
    )
    assert problems["other_cause"].unknown == ("mood",)
    # the message is the engine's lines, as before
    assert str(info.value).splitlines()[0] == "4 arguments are not allowed:"
    assert [line.removeprefix("- ") for line in str(info.value).splitlines()[1:]] == [
        p.message for p in info.value.problems
    ]


def test_ice_not_testable_while_arousable_is_its_own_kind():
    from casebook.grading import GradingError

    with pytest.raises(GradingError) as info:
        grade_icans(ice=None, consciousness="awakens_to_voice")
    (problem,) = info.value.problems
    assert (problem.argument, problem.value, problem.kind) == ("ice", None, "ice_not_testable")
    assert problem.context == {"consciousness": "awakens_to_voice"}
    assert str(info.value) == (
        "ice=None is not allowed while consciousness='awakens_to_voice'; expected an ICE score "
        "from 0 to 10 (None only when consciousness='unarousable')"
    )
