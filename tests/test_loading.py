"""Tests of casebook.loading: every validation rule with its broken fixture, the built model,
immutability, safe YAML, the error format, the schemas, and the bundled cases."""

from __future__ import annotations

import dataclasses
import filecmp
import importlib.util
import json
import re
import shutil
import tempfile
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from casebook import loading, model
from casebook.loading import RULES, CaseDataError, Problem, load_case, validate_paths
from casebook.model import day as day_view

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
SCHEMAS = ROOT / "casebook" / "schema"
RULES_DOC = ROOT / "docs" / "validation-rules.md"

# fixture -> (code, file, line, row, field) of its one problem. Lines are 1-based file lines;
# rows count course.csv data rows (row 1 is line 2).
RULE_FIXTURES = {
    "not-a-case-folder": ("CB102", "tests/fixtures/broken/not-a-case-folder", None, None, None),
    "missing-file": ("CB103", "exams.yaml", None, None, None),
    "non-utf8": ("CB104", "course.csv", 7, None, None),
    "empty-file": ("CB105", "decisions.yaml", None, None, None),
    "invalid-yaml": ("CB106", "case.yaml", 4, None, None),
    "yaml-python-tag": ("CB107", "case.yaml", 4, None, None),
    "duplicate-yaml-key": ("CB108", "case.yaml", 5, None, "title"),
    "unknown-field": ("CB109", "decisions.yaml", 43, None, "decisions[1].options[2].comment"),
    "missing-provenance": ("CB110", "exams.yaml", 19, None, "exams[1].source"),
    "invalid-provenance": ("CB111", "case.yaml", 11, None, "patient.age.source"),
    "duplicate-csv-header": ("CB201", "course.csv", 1, None, None),
    "missing-csv-header": ("CB201", "course.csv", 1, None, None),
    "ragged-row": ("CB202", "course.csv", 17, 16, None),
    "day-not-a-whole-number": ("CB203", "course.csv", 23, 22, "day"),
    "text-in-numeric-value": ("CB204", "course.csv", 9, 8, "value"),
    "unknown-item": ("CB205", "course.csv", 17, 16, "item"),
    "wrong-unit": ("CB206", "course.csv", 9, 8, "unit"),
    "value-out-of-range": ("CB207", "course.csv", 47, 46, "value"),
    "word-not-allowed": ("CB208", "course.csv", 44, 43, "value"),
    "days-out-of-order": ("CB209", "course.csv", 25, 24, "day"),
    "duplicate-item-on-day": ("CB211", "course.csv", 10, 9, "item"),
    "missing-daily-item": ("CB212", "course.csv", 18, 17, "item"),
    "ice-not-whole-number": ("CB213", "course.csv", 43, 42, "value"),
    "not-testable-ice-while-arousable": ("CB214", "course.csv", 43, 42, "value"),
    "duplicate-exam-day": ("CB301", "exams.yaml", 35, None, "exams[2].day"),
    "ice-item-missing": ("CB302", "exams.yaml", 23, None, "exams[1].items.writing"),
    "ice-points-over-maximum": ("CB303", "exams.yaml", 29, None, "exams[1].items.naming.points"),
    "orientation-part-missing": (
        "CB304",
        "exams.yaml",
        25,
        None,
        "exams[1].items.orientation.parts.hospital",
    ),
    "orientation-points-mismatch": (
        "CB305",
        "exams.yaml",
        9,
        None,
        "exams[0].items.orientation.points",
    ),
    "testable-exam-with-reason": ("CB306", "exams.yaml", 22, None, "exams[1].reason"),
    "unknown-option-id": ("CB401", "decisions.yaml", 36, None, "decisions[1].options[1].id"),
    "option-repeated": ("CB402", "decisions.yaml", 40, None, "decisions[1].options[2].id"),
    "unknown-ref": ("CB403", "decisions.yaml", 49, None, "decisions[1].guideline.refs[1]"),
    "duplicate-decision-id": ("CB404", "decisions.yaml", 25, None, "decisions[1].id"),
    "duplicate-intervention-id": ("CB405", "interventions.yaml", 8, None, "interventions[1].id"),
    "duplicate-reference-key": ("CB406", "references.yaml", 7, None, "references[1].key"),
    "invalid-classification": (
        "CB407",
        "decisions.yaml",
        37,
        None,
        "decisions[1].options[1].class",
    ),
    "no-essential-option": ("CB408", "decisions.yaml", 8, None, "decisions[0].options"),
    "exclusive-member-unknown": (
        "CB409",
        "interventions.yaml",
        15,
        None,
        "exclusive_groups[0].members[1]",
    ),
    "exclusive-options-both-essential": (
        "CB410",
        "decisions.yaml",
        41,
        None,
        "decisions[1].options[2].class",
    ),
    "shared-intervention-id": ("CB411", "interventions.yaml", 8, None, "interventions[1].id"),
    "shared-reference-key": ("CB412", "references.yaml", 7, None, "references[1].key"),
    "crp-in-mg-dl": ("CB206", "course.csv", 11, 10, "unit"),
    "drug-dose-per-day": ("CB225", "drugs.csv", 2, 1, "unit"),
    "drug-route-unknown": ("CB226", "drugs.csv", 3, 2, "route"),
    "case-days-mismatch": ("CB501", "case.yaml", 20, None, "days"),
    "case-id-mismatch": ("CB502", "case.yaml", 2, None, "id"),
    "exam-on-unknown-day": ("CB503", "exams.yaml", 35, None, "exams[2].day"),
    "missing-ice-total": ("CB504", "course.csv", None, None, "item"),
    "ice-row-on-exam-day": ("CB505", "course.csv", 19, 18, "item"),
    "non-testable-exam-while-arousable": ("CB506", "exams.yaml", 38, None, "exams[2].testable"),
    "decision-on-unknown-day": ("CB507", "decisions.yaml", 26, None, "decisions[1].day"),
    "reported-peak-mismatch": ("CB509", "case.yaml", 7, None, "reported.icans_peak"),
    "reported-grade-mismatch": ("CB510", "case.yaml", 11, None, "reported.grades[0].icans"),
    "team-action-contradicts-course": (
        "CB511",
        "decisions.yaml",
        48,
        None,
        "decisions[1].team_did[1].source",
    ),
}
# Rules tested without a fixture of their own: CB101 (a path that does not exist cannot be a
# committed folder) and CB508 (data that passes every other rule is gradable, so the test makes
# the engine refuse a day).
RULES_WITHOUT_FIXTURE = {"CB101", "CB508"}
# drugs.csv's own rules are checked on small files written by tests/test_drugs.py.
RULES_WITHOUT_FIXTURE |= {"CB220", "CB221", "CB222", "CB223", "CB224", "CB227"}


def _error(path: Path | str) -> CaseDataError:
    with pytest.raises(CaseDataError) as info:
        load_case(path)
    return info.value


def _copy_valid(tmp_path: Path, name: str = "valid") -> Path:
    folder = tmp_path / name
    shutil.copytree(VALID, folder)
    if name != "valid":
        _edit(folder / "case.yaml", "\nid: valid\n", f"\nid: {name}\n")
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


# ---------------------------------------------------------------------------------------------
# One test per rule, with its broken fixture
@pytest.mark.parametrize(
    ("fixture", "expected"),
    sorted(RULE_FIXTURES.items()),
    ids=[f"{v[0]}-{k}" for k, v in sorted(RULE_FIXTURES.items())],
)
def test_rule_fixture_reports_its_one_problem(monkeypatch, fixture, expected):
    monkeypatch.chdir(ROOT)
    code, file, line, row, field = expected
    err = _error(BROKEN / fixture)
    assert [p.code for p in err.problems] == [code], str(err)
    problem = err.problems[0]
    assert (problem.file, problem.line, problem.row, problem.field) == (file, line, row, field)
    text = str(err)
    assert f"[{code}]" in text
    assert file in text
    if row is not None:
        assert f"row {row} (line {line})" in text
    elif line is not None:
        assert f"line {line}" in text
    if field is not None:
        assert f"field '{field}'" in text


def test_every_rule_has_a_fixture_or_its_own_test_and_every_fixture_a_rule():
    covered = {code for code, *_ in RULE_FIXTURES.values()} | RULES_WITHOUT_FIXTURE
    assert covered == set(RULES)
    assert {p.name for p in BROKEN.iterdir()} == set(RULE_FIXTURES) | {"several-problems"}


def test_nonexistent_path_is_a_problem_not_an_exception(tmp_path):
    err = _error(tmp_path / "no-such-case")
    assert [p.code for p in err.problems] == ["CB101"]
    assert "no-such-case" in str(err)
    err = _error("case9")  # neither a bundled id nor a folder
    assert err.problems[0].code == "CB101"
    assert "bundled" in err.problems[0].expected


def test_a_file_is_not_a_case_folder():
    err = _error(VALID / "case.yaml")
    assert [p.code for p in err.problems] == ["CB102"]
    assert "is a file" in err.problems[0].message


def test_engine_refusing_a_day_is_a_problem_naming_the_day(monkeypatch, tmp_path):
    def refuse(**kwargs):
        if kwargs["ice"] == 5:
            raise ValueError("ice=5 is not allowed in this test")
        return real(**kwargs)

    real = day_view.grade_icans
    monkeypatch.setattr(day_view, "grade_icans", refuse)
    # A fresh copy: the loader remembers a case whose files are unchanged (checker.memo), so the
    # bundled fixture, loaded by an earlier test, would not be graded again.
    err = _error(_copy_valid(tmp_path))
    assert [p.code for p in err.problems] == ["CB508"]
    problem = err.problems[0]
    assert problem.value == 2
    assert "cannot grade day 2" in problem.message
    assert "ice=5 is not allowed" in problem.message


def test_reported_peak_day_must_match_the_computed_peak_day(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "case.yaml", "icans_peak_day: 3", "icans_peak_day: 4")
    err = _error(folder)
    assert [(p.code, p.field, p.line) for p in err.problems] == [
        ("CB509", "reported.icans_peak_day", 8)
    ]
    assert "first reached on day 3" in str(err)


def test_several_problems_are_all_listed():
    err = _error(BROKEN / "several-problems")
    assert [(p.code, p.file) for p in err.problems] == [
        ("CB204", "course.csv"),
        ("CB205", "course.csv"),
        ("CB303", "exams.yaml"),
        ("CB401", "decisions.yaml"),
    ]
    lines = str(err).splitlines()
    assert lines[0].endswith("has 4 problems:")
    assert len(lines) == 5
    for problem, line in zip(err.problems, lines[1:], strict=True):
        assert line == f"  {problem}"


def test_broken_fixtures_are_what_the_generator_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_broken", FIXTURES / "build_broken.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.build(tmp_path / "broken")

    def differences(cmp: filecmp.dircmp) -> list[str]:
        out = [*cmp.left_only, *cmp.right_only, *cmp.diff_files, *cmp.funny_files]
        for sub in cmp.subdirs.values():
            out += differences(sub)
        return out

    cmp = filecmp.dircmp(BROKEN, tmp_path / "broken", ignore=[])
    assert differences(cmp) == []
    for name in builder.DEFECTS:  # byte-exact, not just same size and time
        for file in (tmp_path / "broken" / name).iterdir():
            assert file.read_bytes() == (BROKEN / name / file.name).read_bytes()


# ---------------------------------------------------------------------------------------------
# Error messages
def test_problem_message_format():
    err = _error(BROKEN / "text-in-numeric-value")
    assert str(err.problems[0]) == (
        "course.csv, row 8 (line 9), field 'value': 'high' is not a number; "
        "expected a number 30-45 for item 'temperature' [CB204]"
    )
    assert str(err).splitlines()[0] == (f"Case folder {err.folder} has 1 problem:")
    assert isinstance(err, ValueError)
    assert err.problems[0].value == "high"


def test_problem_str_without_row_or_field():
    assert str(Problem("CB105", "decisions.yaml", "the file is empty")) == (
        "decisions.yaml: the file is empty [CB105]"
    )
    assert str(Problem("CB106", "case.yaml", "bad", line=3, expected="good")) == (
        "case.yaml, line 3: bad; expected good [CB106]"
    )


def test_unknown_option_message_names_the_yaml_line_and_path():
    err = _error(BROKEN / "unknown-option-id")
    line = (BROKEN / "unknown-option-id" / "decisions.yaml").read_text().splitlines()[35]
    assert line.strip() == "- id: anakinra"  # line 36 of the file is the bad id
    assert "decisions.yaml, line 36, field 'decisions[1].options[1].id'" in str(err)


# ---------------------------------------------------------------------------------------------
# Safe YAML
@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
    ],
)
def test_yaml_python_tag_is_not_executed(tmp_path, tag):
    folder = _copy_valid(tmp_path)
    marker = tmp_path / "marker"
    _edit(
        folder / "case.yaml",
        'summary: "A fictional patient',
        f'summary: {tag} ["touch {marker}"]\nnote: "A fictional patient',
    )
    err = _error(folder)
    assert [p.code for p in err.problems] == ["CB107"]
    assert not marker.exists()


def test_yaml_python_name_tag_is_refused(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "exams.yaml", "testable: false", "testable: !!python/name:os.system")
    err = _error(folder)
    assert [(p.code, p.file) for p in err.problems] == [("CB107", "exams.yaml")]


def test_yaml_list_as_key_is_a_clean_problem(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "case.yaml", "teaching_points:", "? [a, b]\n: c\nteaching_points:")
    err = _error(folder)
    assert [p.code for p in err.problems] == ["CB106"]


def test_yaml_forbidden_character_names_its_line(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "case.yaml", "Before day 1", "Before \x07day 1")
    err = _error(folder)
    assert [(p.code, p.line) for p in err.problems] == [("CB106", 22)]


# ---------------------------------------------------------------------------------------------
# Reading CSV and text
def test_course_with_header_only_is_a_problem(tmp_path):
    folder = _copy_valid(tmp_path)
    (folder / "course.csv").write_text("day,item,value,unit,source,note\n", "utf-8")
    err = _error(folder)
    assert [(p.code, p.file) for p in err.problems] == [("CB105", "course.csv")]


def test_blank_course_is_empty(tmp_path):
    folder = _copy_valid(tmp_path)
    (folder / "course.csv").write_text("\n \n", "utf-8")
    assert [p.code for p in _error(folder).problems] == ["CB105"]


def test_course_columns_in_another_order_are_reported(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(
        folder / "course.csv", "day,item,value,unit,source,note", "item,day,value,unit,source,note"
    )
    err = _error(folder)
    assert err.problems[0].code == "CB201"
    assert "order" in err.problems[0].message


def test_crlf_bom_and_quoted_newlines_keep_line_numbers(tmp_path):
    folder = _copy_valid(tmp_path)
    text = (folder / "course.csv").read_text("utf-8")
    text = text.replace(",premedication\n", ',"premedication,\ntwo lines"\n')
    text = text.replace("5,sodium,152", "5,sodium,high")
    (folder / "course.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    err = _error(folder)
    assert [(p.code, p.row, p.line) for p in err.problems] == [("CB204", 46, 48)]


def test_nan_and_infinity_are_not_numbers(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "course.csv", "5,sodium,152", "5,sodium,nan")
    _edit(folder / "course.csv", "1,il6,45", "1,il6,inf")
    assert [p.code for p in _error(folder).problems] == ["CB204", "CB204"]


def test_empty_source_in_course_is_missing_provenance(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(folder / "course.csv", "5,sodium,152,mmol/L,reconstructed,", "5,sodium,152,mmol/L,,")
    err = _error(folder)
    assert [(p.code, p.row, p.field) for p in err.problems] == [("CB110", 46, "source")]


def test_not_reported_is_only_for_what_the_team_did(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(
        folder / "course.csv",
        "5,sodium,152,mmol/L,reconstructed,",
        "5,sodium,152,mmol/L,not_reported,",
    )
    assert [p.code for p in _error(folder).problems] == ["CB111"]


def test_repeatable_items_may_repeat_on_one_day(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(
        folder / "course.csv",
        "2,tremor,fine,-,reconstructed,\n",
        "2,tremor,fine,-,reconstructed,\n2,excluded_domain,consciousness,-,reconstructed,x\n"
        "2,excluded_domain,seizure,-,reconstructed,y\n",
    )
    case = load_case(folder)
    assert case.findings(2)["excluded_domain"] == ["consciousness", "seizure"]
    assert case.findings(3)["event"] == ["icu_admission", "eeg"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(["case.yaml", "course.csv", "exams.yaml", "decisions.yaml"]),
    content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
)
def test_any_file_content_gives_problems_never_a_crash(file, content):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "valid"
        shutil.copytree(VALID, folder)
        (folder / file).write_bytes(content)
        try:
            load_case(folder)
        except CaseDataError as err:
            assert err.problems
            assert all(p.code in RULES for p in err.problems)


# ---------------------------------------------------------------------------------------------
# The model built from the valid fixture
def test_valid_fixture_loads_into_the_model():
    case = load_case(VALID)
    assert isinstance(case, model.Case)
    assert case.id == "valid"
    assert case.path == str(VALID)
    assert case.day_numbers == (0, 1, 2, 3, 4, 5)
    assert isinstance(case.days, tuple)
    assert case.days[2] == model.DayNote(
        2, "Day 2: word-finding difficulty", "She hesitates over words.", "reconstructed"
    )
    first = case.observations[0]
    assert first == model.Observation(0, "temperature", 36.8, "C", "reconstructed", "", 2)
    assert isinstance(first.value, float)
    note = next(o for o in case.observations if o.item == "il6")
    assert note.note == 'raised, "fixture" note'
    assert note.row == 17
    assert isinstance(next(o for o in case.observations if o.item == "ice").value, float)
    assert next(o for o in case.observations if o.item == "consciousness").value == "alert"
    assert case.findings(4)["ice"] == "not_testable"


def test_valid_fixture_patient_facts():
    patient = load_case(VALID).patient
    assert isinstance(patient.facts, MappingProxyType)
    assert patient.age == 50
    assert patient.facts["genetics"] == model.Fact(("TP53", "DNMT3A"), "reconstructed", "")
    assert patient.facts["regimen"].note == "fixture only"
    assert patient.facts["performance_status"].value == "ECOG 1"  # a further fact
    assert patient.prior_therapy == ["induction chemotherapy"]


def test_valid_fixture_exams():
    case = load_case(VALID)
    assert isinstance(case.exams, MappingProxyType)
    assert sorted(case.exams) == [0, 2, 3]
    exam = case.exam(2)
    assert exam.total == 5
    assert list(exam.items) == list(model.ICE_ITEMS)
    assert isinstance(exam.items, MappingProxyType)
    orientation = exam.items["orientation"]
    assert orientation.points == 3
    assert dict(orientation.parts) == {"year": True, "month": True, "city": True, "hospital": False}
    assert isinstance(orientation.transcript, tuple)
    assert exam.answer_key()["naming"] == 1
    not_testable = case.exam(3)
    assert not_testable.total is None
    assert not not_testable.testable
    assert not_testable.transcript == (
        "No response to voice; grimaces only to vigorous sternal rub.",
    )
    assert case.ice_total(0) == 10
    assert case.ice_total(5) == 8


def test_valid_fixture_decisions_catalogue_references():
    case = load_case(VALID)
    decision = case.decision("fx-grade4")
    assert decision.day == 3
    assert isinstance(decision.options, tuple)
    option = decision.option("tocilizumab")
    assert option.intervention is case.catalogue["tocilizumab"]
    assert option.label == "Tocilizumab"
    assert option.classification == "not_indicated"
    assert option.ref == "ASCO2021"
    assert decision.ids("essential") == ("stop_blinatumomab", "benzodiazepine")
    assert decision.guideline.startswith("Stop blinatumomab for good")
    assert decision.guideline_refs == ("ASCO2021", "BLINCYTO-USPI")
    baseline = case.decision(0)
    assert baseline.team_did[1] == model.TeamAction(
        "whether a handwriting sample was taken", "not_reported"
    )
    assert isinstance(case.catalogue, MappingProxyType)
    assert isinstance(case.references, MappingProxyType)
    assert case.cite("ASTCT2019") == "ASTCT 2019 (Lee et al.)"
    assert case.teaching_points == (("Tremor does not change the ICANS grade.", "ASTCT2019"),)
    assert dict(case.reported) == {"icans_peak": 4, "icans_peak_day": 3, "source": "reconstructed"}


def test_valid_fixture_grades():
    daily = load_case(VALID).daily()
    assert list(daily["icans_grade"]) == [0, 0, 2, 4, 4, 1]
    # fever and paracetamol on day 1: masked on day 2 (the next day), CRS over on day 3
    assert list(daily["crs_grade"]) == [0, 1, 1, 0, 0, 0]


def test_load_case_accepts_str_and_path(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert load_case("tests/fixtures/valid").id == "valid"
    assert load_case(Path("tests/fixtures/valid")).id == "valid"


def test_an_existing_folder_wins_over_a_bundled_id(monkeypatch, tmp_path):
    _copy_valid(tmp_path, "case1")
    monkeypatch.chdir(tmp_path)
    case = load_case("case1")
    assert case.title.startswith("Fixture")
    assert case.path == "case1"


def test_folder_catalogue_extends_the_bundled_one(monkeypatch, tmp_path):
    """A case folder's own interventions.yaml / references.yaml add to the bundled ones; a
    problem in a bundled file is named by its path."""
    bundled = tmp_path / "data"
    bundled.mkdir()
    for name in ("interventions.yaml", "references.yaml"):
        shutil.copy(loading.data_dir() / name, bundled / name)
    folder = _copy_valid(tmp_path)
    monkeypatch.setattr(loading.paths, "data_dir", lambda: bundled)
    case = load_case(folder)
    assert {"tocilizumab", "baseline_ice"} <= set(case.catalogue)  # shared
    assert {"stop_blinatumomab", "benzodiazepine"} <= set(case.catalogue)  # the folder's own
    assert {"ASCO2021", "FIXTURE-A"} <= set(case.references)
    _edit(
        bundled / "interventions.yaml",
        "\ninterventions:\n",
        "\ninterventions:\n  - {id: x_bad, label: X, category: pills, description: Y}\n",
    )
    err = _error(folder)
    assert {p.code for p in err.problems} == {"CB109"}
    assert err.problems[0].file.endswith("interventions.yaml")
    assert err.problems[0].file != "interventions.yaml"


def test_catalogue_clash_names_both_files_and_unknown_id_the_closest(tmp_path):
    folder = _copy_valid(tmp_path)
    _edit(
        folder / "decisions.yaml",
        "      - id: tocilizumab\n",
        "      - id: tocilizumabb\n",
    )
    err = _error(folder)
    (problem,) = err.problems
    assert problem.code == "CB401"
    assert "(closest: 'tocilizumab')" in problem.expected
    assert "data/interventions.yaml or interventions.yaml" in problem.expected
    err = _error(BROKEN / "shared-intervention-id")
    text = str(err.problems[0])
    assert text.startswith("interventions.yaml, line 8") and "data/interventions.yaml" in text


def test_wrong_unit_names_the_conversion():
    (problem,) = _error(BROKEN / "crp-in-mg-dl").problems
    assert "convert the value (mg/dL x 10 = mg/L, so 4.5 mg/dL is 45 mg/L)" in problem.expected


# ---------------------------------------------------------------------------------------------
# Immutability
def test_case_cannot_be_changed():
    case = load_case(VALID)
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.id = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.observations[0].value = 40.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.decisions[0].options[0].classification = "harmful"
    with pytest.raises(TypeError):
        case.exams[9] = case.exams[0]
    with pytest.raises(TypeError):
        case.patient.facts["age"] = model.Fact(30, "report")
    with pytest.raises(TypeError):
        case.exam(2).items["orientation"].parts["hospital"] = True
    with pytest.raises(TypeError):
        case.reported["icans_peak"] = 0
    with pytest.raises(AttributeError):
        case.observations.append(case.observations[0])


def test_course_and_genetics_are_copies():
    case = load_case(VALID)
    course = case.course
    course.loc[0, "value"] = 99.0
    assert case.course.loc[0, "value"] == 36.8
    genetics = case.patient.genetics
    genetics.append("FLT3")
    assert case.patient.genetics == ["TP53", "DNMT3A"]
    assert case.patient.facts["genetics"].value == ("TP53", "DNMT3A")


# ---------------------------------------------------------------------------------------------
# validate_paths (the CLI runs it)
def test_validate_paths_ok_and_problems(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    ok, problems = validate_paths(
        ["tests/fixtures/valid", str(tmp_path / "missing"), "tests/fixtures/broken/unknown-item"]
    )
    assert ok == ["OK valid (tests/fixtures/valid): 6 days, 3 exams, 2 decision points"]
    assert "[CB101]" in problems
    assert "[CB205]" in problems
    assert problems.count("Case folder") == 2
    assert validate_paths([VALID])[1] == ""


# ---------------------------------------------------------------------------------------------
# Schemas
def _schema_nodes(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _schema_nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _schema_nodes(value, (*path, i))


@pytest.mark.parametrize("name", ["case", "exams", "decisions", "interventions", "references"])
def test_schema_is_2020_12_with_a_description_on_every_property(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    for path, node in _schema_nodes(schema):
        for prop, sub in node.get("properties", {}).items() if path[-1:] != ("properties",) else ():
            assert sub.get("description"), f"{name}: {'/'.join(map(str, path))}/{prop}"
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, f"{name}: {path}"


def test_schema_provenance_words_match_the_model():
    case = json.loads((SCHEMAS / "case.schema.json").read_text("utf-8"))
    decisions = json.loads((SCHEMAS / "decisions.schema.json").read_text("utf-8"))
    exams = json.loads((SCHEMAS / "exams.schema.json").read_text("utf-8"))
    assert tuple(case["$defs"]["source"]["enum"]) == model.PROVENANCE
    assert tuple(exams["$defs"]["source"]["enum"]) == model.PROVENANCE
    option = decisions["$defs"]["decision"]["properties"]["options"]["items"]
    assert tuple(option["properties"]["class"]["enum"]) == model.CLASSIFICATIONS
    team = decisions["$defs"]["decision"]["properties"]["team_did"]["items"]
    assert tuple(team["properties"]["source"]["enum"]) == model.TEAM_SOURCES
    items = exams["$defs"]["exam"]["properties"]["items"]
    assert tuple(items["required"]) == model.ICE_ITEMS
    parts = items["properties"]["orientation"]["properties"]["parts"]
    assert tuple(parts["required"]) == model.ORIENTATION_PARTS
    for item in ("naming", "commands", "writing", "attention"):
        maximum = items["properties"][item]["properties"]["points"]["maximum"]
        assert maximum == model.ICE_MAXIMA[item]


# ---------------------------------------------------------------------------------------------
# The rules document
def test_rules_document_lists_every_rule_with_its_fixture():
    text = RULES_DOC.read_text("utf-8")
    for code in RULES:
        assert re.search(rf"^\| {code} \|", text, re.M), f"{code} missing from {RULES_DOC.name}"
    for fixture, (code, *_rest) in RULE_FIXTURES.items():
        row = re.search(rf"^\| {code} \|.*$", text, re.M).group(0)
        assert f"`{fixture}`" in row, f"{fixture} not in the {code} row"


# ---------------------------------------------------------------------------------------------
# The bundled cases
def test_list_cases_and_data_dir():
    cases = loading.list_cases()
    assert cases == sorted(cases) and {"case1", "case2"} <= set(cases)
    assert (loading.data_dir() / "interventions.yaml").is_file()


@pytest.mark.parametrize("case_id", loading.list_cases())
def test_bundled_case_loads_and_validates(case_id):
    case = load_case(case_id)
    assert case.id == case_id
    ok, problems = validate_paths([case_id])
    assert problems == ""
    assert ok[0].startswith(f"OK {case_id} (")
    assert set(case.course["source"]) <= set(model.COURSE_PROVENANCE)
    assert len(case.course) == len(case.observations) > 0
    for decision in case.decisions:
        assert decision.source in model.PROVENANCE
        assert all(t.source in model.TEAM_SOURCES for t in decision.team_did)
    assert all(fact.source in model.TEAM_SOURCES for fact in case.patient.facts.values())


def test_bundled_case1_peaks_at_grade_2():
    case = load_case("case1")
    daily = case.daily()
    assert daily["icans_grade"].max() == 2
    assert case.reported["icans_peak"] == 2
    assert {"TP53", "DNMT3A"} <= set(case.patient.genetics)
    assert case.patient.age == 69


def test_bundled_case2_is_grade_4_on_day_4_and_below_before():
    case = load_case("case2")
    daily = case.daily().set_index("day")
    assert daily.loc[4, "icans_grade"] == 4
    assert (daily.loc[:3, "icans_grade"] < 4).all()
    assert "ETV6::RUNX1" in case.patient.genetics
    assert case.patient.age == 29


def test_every_rule_code_is_checked_by_a_function_registered_under_it():
    import inspect

    from casebook.loading.problems import RISK_RULES, RULE_CHECKS, VIGNETTE_RULES

    codes = {*RULES, *VIGNETTE_RULES, *RISK_RULES}
    assert set(RULE_CHECKS) == codes
    for code, checks in RULE_CHECKS.items():
        assert any(
            f'"{code}"' in inspect.getsource(check) or "code" in inspect.signature(check).parameters
            for check in checks
        ), code


def test_course_rows_may_be_report_fact_but_facts_may_not(tmp_path):
    """`report_fact` (fact reported, day reconstructed) is a course.csv provenance only."""
    folder = _copy_valid(tmp_path)
    course = folder / "course.csv"
    text = course.read_text("utf-8")
    course.write_text(
        text.replace("0,event,admission,-,reconstructed,", "0,event,admission,-,report_fact,"),
        "utf-8",
    )
    case = load_case(folder)
    assert next(o.source for o in case.observations if o.item == "event") == "report_fact"
    case_yaml = folder / "case.yaml"
    original = case_yaml.read_text("utf-8")
    assert "source: reconstructed" in original
    case_yaml.write_text(
        original.replace("source: reconstructed", "source: report_fact", 1), "utf-8"
    )
    with pytest.raises(CaseDataError) as info:
        load_case(folder)
    assert "CB111" in str(info.value) and "report_fact" in str(info.value)
    course.write_text(text.replace("0,event,admission,-,reconstructed,", "0,event,admission,-,x,"))
    case_yaml.write_text(original, "utf-8")
    with pytest.raises(CaseDataError) as info:
        load_case(folder)
    assert (
        "expected one of: report, report_fact, report_fact_day, report_fact_value, "
        "reconstructed" in str(info.value)
    )
