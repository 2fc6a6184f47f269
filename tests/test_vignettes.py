"""The practice vignettes: data + engine give the edge-case grades the primer teaches, the file
is validated with clear CB6xx problems, and the loaded vignettes are immutable."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from casebook import grading, loading
from casebook.loading import (
    RULES,
    VIGNETTE_RULES,
    CaseDataError,
    Vignette,
    VignetteDataError,
    load_vignettes,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "vignettes.yaml"
SCHEMA = ROOT / "casebook" / "schema" / "vignettes.schema.json"
RULES_DOC = ROOT / "docs" / "validation-rules.md"


@pytest.fixture(scope="module")
def vignettes() -> dict[str, Vignette]:
    return {v.id: v for v in load_vignettes()}


# id -> (ICANS grade, CRS grade or None), as the engine computes them from the data. Every
# vignette is pinned, so a change of findings that changes a grade is caught here.
EXPECTED = {
    "ice-7": (1, None),
    "ice-6": (2, None),
    "ice-3": (2, None),
    "ice-2": (3, None),
    "awake-global-aphasia": (3, None),
    "unarousable": (4, None),
    "tremor-ice-10": (0, None),
    "seizure-ice-3": (3, None),
    "sedated": (0, None),
    "focal-edema": (3, None),
    "diffuse-edema": (4, None),
    "temp-37-9": (0, 0),
    "temp-38-0": (0, 1),
    "masked-fever-fluids": (0, 2),
    "comfort-oxygen": (0, 1),
    "masked-fever-alone": (0, 1),
    "post-ictal-oxygen": (3, 1),
}


def test_bundled_vignettes_load_in_file_order(vignettes):
    assert list(vignettes) == list(EXPECTED)
    assert len(vignettes) >= 8


@pytest.mark.parametrize(("vignette_id", "grades"), EXPECTED.items())
def test_engine_grade_of_each_vignette(vignettes, vignette_id, grades):
    v = vignettes[vignette_id]
    icans, crs = grades
    assert v.icans().grade == icans
    if crs is None:
        assert v.crs_findings is None and v.crs() is None
    else:
        assert v.crs().grade == crs


# -- the edge cases, each checked against the rule that decides it (ASTCT 2019) ----------------
def test_ice_zero_awake_with_global_aphasia_is_3_but_unarousable_is_4(vignettes):
    awake = vignettes["awake-global-aphasia"]
    assert awake.findings["ice"] == 0 and awake.findings["global_aphasia"] is True
    assert awake.icans().grade == 3
    assert awake.icans().drivers == ("ice",)
    assert any("grade 3, not 4" in line for line in awake.icans().explanation)
    asleep = vignettes["unarousable"]
    assert asleep.findings["ice"] is None
    assert asleep.icans().grade == 4
    assert set(asleep.icans().drivers) == {"ice", "consciousness"}


def test_tremor_with_ice_10_is_grade_0(vignettes):
    v = vignettes["tremor-ice-10"]
    assert v.findings["tremor"] != "none" and v.findings["ice"] == 10
    assert v.icans().grade == 0
    assert any("do not change the ICANS grade" in line for line in v.icans().explanation)
    without_tremor = {**v.findings, "tremor": "none"}
    assert grading.grade_icans(**without_tremor).grade == v.icans().grade


def test_ice_3_with_rapidly_resolving_seizure_is_grade_3(vignettes):
    v = vignettes["seizure-ice-3"]
    assert v.findings["ice"] == 3 and v.findings["seizure"] == "rapidly_resolving"
    assert v.icans().domain_grades["ice"] == 2
    assert v.icans().grade == 3 and v.icans().drivers == ("seizure",)


@pytest.mark.parametrize(
    ("higher", "lower", "ice_pair"), [("ice-6", "ice-7", (6, 7)), ("ice-2", "ice-3", (2, 3))]
)
def test_ice_band_boundaries(vignettes, higher, lower, ice_pair):
    assert (vignettes[higher].findings["ice"], vignettes[lower].findings["ice"]) == ice_pair
    assert vignettes[higher].icans().grade == vignettes[lower].icans().grade + 1


def test_somnolence_from_a_sedating_drug_does_not_count(vignettes):
    v = vignettes["sedated"]
    assert v.findings["other_cause"] == ("consciousness",)
    assert v.icans().grade == 0 and v.icans().excluded == ("consciousness",)
    counted = {**v.findings, "other_cause": ()}
    assert grading.grade_icans(**counted).grade == 2  # awakens to voice, if it counted


def test_focal_edema_is_3_and_diffuse_edema_is_4(vignettes):
    focal, diffuse = vignettes["focal-edema"], vignettes["diffuse-edema"]
    assert focal.findings["edema"] == "focal" and diffuse.findings["edema"] == "diffuse"
    assert focal.icans().grade == 3 and focal.icans().drivers == ("edema",)
    assert diffuse.icans().grade == 4 and diffuse.icans().drivers == ("edema",)


def test_37_9_is_not_fever_and_38_0_is(vignettes):
    assert vignettes["temp-37-9"].crs_findings["temperature_c"] == 37.9
    assert vignettes["temp-37-9"].crs().grade == 0
    assert vignettes["temp-38-0"].crs_findings["temperature_c"] == 38.0
    assert vignettes["temp-38-0"].crs().grade == 1


def test_masked_fever_with_hypotension_needing_fluids_is_crs_2(vignettes):
    v = vignettes["masked-fever-fluids"]
    assert v.crs_findings["temperature_c"] < grading.FEVER_THRESHOLD_C
    assert v.crs_findings["fever_masked"] is True
    assert v.crs().grade == 2 and v.crs().drivers == ("hypotension",)
    unmasked = {**v.crs_findings, "fever_masked": False}
    assert grading.grade_crs(**unmasked).grade == 0


def test_masked_fever_alone_stays_crs_1(vignettes):
    """Masked fever is not 'no CRS' (clinical-reference.md 3): grade 1, explained as masked."""
    v = vignettes["masked-fever-alone"]
    assert v.crs_findings["fever_masked"] is True
    assert v.crs().grade == 1 and v.crs().fever_masked
    unmasked = {**v.crs_findings, "fever_masked": False}
    assert grading.grade_crs(**unmasked).grade == 0


def test_post_ictal_oxygen_is_excluded_not_hypoxia(vignettes):
    v = vignettes["post-ictal-oxygen"]
    assert v.crs_findings["oxygen"] == "other_cause"
    assert v.crs().domain_grades["oxygen"] == 0
    low_flow = {**v.crs_findings, "oxygen": "low_flow"}
    assert grading.grade_crs(**low_flow).grade == 2


def test_comfort_oxygen_is_not_hypoxia(vignettes):
    v = vignettes["comfort-oxygen"]
    assert v.crs_findings["oxygen"] == "comfort_only"
    assert v.crs().grade == 1 and v.crs().drivers == ("fever",)


# -- provenance, references, immutability ----------------------------------------------------
def test_every_vignette_is_reconstructed_and_cites_a_reference(vignettes):
    refs = yaml.safe_load((ROOT / "data" / "references.yaml").read_text("utf-8"))
    keys = {r["key"] for r in refs["references"]}
    for v in vignettes.values():
        assert v.source == "reconstructed"
        assert v.reference.key in keys and v.reference.citation and v.reference.short
        assert v.text.strip() and v.teaching_point.strip() and v.title.strip()


def test_no_vignette_types_a_grade():
    raw = yaml.safe_load(BUNDLED.read_text("utf-8"))
    for entry in raw["vignettes"]:
        keys = set(entry) | set(entry["findings"]) | set(entry.get("crs", {}))
        assert not any("grade" in k for k in keys), entry["id"]


def test_vignettes_are_immutable(vignettes):
    v = vignettes["sedated"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        v.findings["ice"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        vignettes["comfort-oxygen"].crs_findings["oxygen"] = "none"  # type: ignore[index]
    assert isinstance(load_vignettes(), tuple)


def test_line_points_at_the_vignette(vignettes):
    lines = BUNDLED.read_text("utf-8").splitlines()
    for v in vignettes.values():
        assert lines[v.line - 1].strip() == f"- id: {v.id}"


def test_schema_enums_match_the_engine():
    schema = json.loads(SCHEMA.read_text("utf-8"))
    findings = schema["$defs"]["findings"]["properties"]
    assert tuple(findings["consciousness"]["enum"]) == grading.CONSCIOUSNESS_LEVELS
    assert tuple(findings["seizure"]["enum"]) == grading.SEIZURE_TYPES
    assert tuple(findings["motor"]["enum"]) == grading.MOTOR_FINDINGS
    assert tuple(findings["edema"]["enum"]) == grading.EDEMA_FINDINGS
    assert tuple(findings["tremor"]["enum"]) == grading.TREMOR_TYPES
    assert tuple(findings["other_cause"]["items"]["enum"]) == grading.ICANS_DOMAINS
    crs = schema["$defs"]["crs"]["properties"]
    assert tuple(crs["hypotension"]["enum"]) == grading.HYPOTENSION_LEVELS
    assert tuple(crs["oxygen"]["enum"]) == grading.OXYGEN_LEVELS
    assert (crs["temperature_c"]["minimum"], crs["temperature_c"]["maximum"]) == (
        grading.TEMPERATURE_RANGE_C
    )
    assert set(schema["$defs"]["findings"]["properties"]) == set(
        grading.grade_icans.__kwdefaults__
    ) | {"ice"}


# -- validation ------------------------------------------------------------------------------
GOOD = """\
vignettes:
  - id: first
    title: "First"
    text: "An awake patient scores ICE 8."
    findings:
      ice: 8
    teaching_point:
      text: "ICE 7-9 is grade 1."
      ref: ASTCT2019
    source: reconstructed
  - id: second
    title: "Second"
    text: "Fever 38.2 C."
    findings:
      ice: 10
    crs:
      temperature_c: 38.2
    teaching_point:
      text: "Fever alone is CRS grade 1."
      ref: ASTCT2019
    source: reconstructed
"""


def _problems(tmp_path: Path, text: str) -> VignetteDataError:
    file = tmp_path / "vignettes.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(VignetteDataError) as info:
        load_vignettes(file)
    return info.value


def test_a_small_valid_file_loads(tmp_path):
    file = tmp_path / "vignettes.yaml"
    file.write_text(GOOD, encoding="utf-8")
    loaded = load_vignettes(file)
    assert [v.id for v in loaded] == ["first", "second"]
    assert loaded[0].icans().grade == 1 and loaded[1].crs().grade == 1
    assert [v.line for v in loaded] == [2, 11]


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "field"),
    [
        ("id: second", "id: first", "CB601", 11, "vignettes[1].id"),
        ("ref: ASTCT2019\n    source: reconstructed\n  - id", "ref: ASTC2019\n    source: "
         "reconstructed\n  - id", "CB602", 9, "vignettes[0].teaching_point.ref"),
        ("ice: 8", "ice: null", "CB603", 5, "vignettes[0].findings"),
        ("      ice: 8\n", "      ice: 8\n      icans_grade: 1\n", "CB604", 7,
         "vignettes[0].findings.icans_grade"),
        ("source: reconstructed\n  - id", "source: report\n  - id", "CB111", 10,
         "vignettes[0].source"),
        ("      ice: 10\n", "      ice: 11\n", "CB109", 15, "vignettes[1].findings.ice"),
        ("temperature_c: 38.2", "temperature_c: hot", "CB109", 17,
         "vignettes[1].crs.temperature_c"),
    ],
)  # fmt: skip
def test_each_rule_names_file_line_field_and_code(tmp_path, old, new, code, line, field):
    assert old in GOOD
    err = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert [p.code for p in err.problems] == [code]
    problem = err.problems[0]
    assert (problem.file, problem.line, problem.field) == ("vignettes.yaml", line, field)
    text = str(err)
    assert text.startswith("Vignette file ") and "has 1 problem:" in text
    assert f"vignettes.yaml, line {line}, field '{field}'" in text and f"[{code}]" in text
    assert "expected" in text


def test_engine_refusal_quotes_the_engine(tmp_path):
    err = _problems(tmp_path, GOOD.replace("ice: 8", "ice: null", 1))
    assert "ice=None is not allowed while consciousness='alert'" in str(err)


def test_missing_source_and_several_problems_at_once(tmp_path):
    text = GOOD.replace("    source: reconstructed\n  - id", "  - id", 1)
    text = text.replace("ice: 10", "ice: 10\n      colour: blue", 1)
    err = _problems(tmp_path, text)
    assert sorted(p.code for p in err.problems) == ["CB109", "CB110"]
    assert "has 2 problems:" in str(err)


def test_unsafe_yaml_and_missing_file(tmp_path):
    err = _problems(tmp_path, "vignettes: !!python/object/apply:os.system ['true']\n")
    assert [p.code for p in err.problems] == ["CB107"]
    with pytest.raises(CaseDataError) as info:
        load_vignettes(tmp_path / "none.yaml")
    assert [p.code for p in info.value.problems] == ["CB103"]


def test_references_beside_the_file_win(tmp_path):
    (tmp_path / "references.yaml").write_text(
        "references:\n  - key: LOCAL1\n    citation: A local source.\n    short: Local\n",
        encoding="utf-8",
    )
    err = _problems(tmp_path, GOOD)
    assert {p.code for p in err.problems} == {"CB602"}
    assert "expected a key of references.yaml: LOCAL1" in str(err)
    (tmp_path / "vignettes.yaml").write_text(GOOD.replace("ASTCT2019", "LOCAL1"), "utf-8")
    assert load_vignettes(tmp_path / "vignettes.yaml")[0].reference.short == "Local"


def test_bundled_file_copy_validates(tmp_path):
    shutil.copy(BUNDLED, tmp_path / "vignettes.yaml")
    assert [v.id for v in load_vignettes(tmp_path / "vignettes.yaml")] == list(EXPECTED)


def test_vignette_rules_are_their_own_range_and_documented():
    assert all(re.fullmatch(r"CB6\d\d", code) for code in VIGNETTE_RULES)
    assert not set(VIGNETTE_RULES) & set(RULES)
    text = RULES_DOC.read_text("utf-8")
    for code in VIGNETTE_RULES:
        assert re.search(rf"^\| {code} \|", text, re.M), f"{code} missing from {RULES_DOC.name}"
    assert "load_vignettes" in loading.__all__
