"""Tests of casebook.loading.risk: data/risk_factors.yaml read on the same checker as case folders,
with a JSON Schema, every problem listed at once, each with its rule code (CB1xx, CB7xx)."""

from __future__ import annotations

import json

import pytest

from casebook.loading import (
    RISK_RULES,
    CaseDataError,
    RiskDataError,
    RiskFigure,
    load_risk_factors,
)
from casebook.model import RISK_EVIDENCE, RISK_GROUPS

GOOD = {
    "group": "risk_factor",
    "finding": "Age 65 years or over",
    "figure": "72% vs 49%",
    "population": "R/R ALL",
    "evidence": "published",
    "ref": "STEIN2019",
}


def _write(tmp_path, text: str):
    path = tmp_path / "risk_factors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(**changes) -> str:
    entry = {**GOOD, **changes}
    entry = {k: v for k, v in entry.items() if v is not None}
    return "figures:\n  - " + json.dumps(entry) + "\n"


def _problems(tmp_path, text: str) -> list[tuple[str, str | None, int | None]]:
    with pytest.raises(RiskDataError) as info:
        load_risk_factors(_write(tmp_path, text))
    assert isinstance(info.value, CaseDataError) and isinstance(info.value, ValueError)
    return [(p.code, p.field, p.line) for p in info.value.problems]


def test_bundled_file_loads_into_frozen_figures():
    figures = load_risk_factors()
    assert figures and all(isinstance(f, RiskFigure) for f in figures)
    assert {f.group for f in figures} == set(RISK_GROUPS)
    assert {f.evidence for f in figures} <= set(RISK_EVIDENCE)


def test_loader_reads_a_valid_file_with_bundled_references(tmp_path):
    (figure,) = load_risk_factors(_write(tmp_path, _entry(note="a <b> note")))
    assert figure.citation == "Stein et al. 2019"
    assert figure.note == "a <b> note"


@pytest.mark.parametrize(
    ("text", "code", "field", "needle"),
    [
        (_entry(group="anecdote"), "CB109", "figures[0].group", "'anecdote' is not allowed"),
        (_entry(evidence="strong"), "CB109", "figures[0].evidence", "'strong' is not allowed"),
        (_entry(ref="NOBODY2020"), "CB701", "figures[0].ref", "unknown reference key"),
        (_entry(figure=None), "CB109", "figures[0].figure", "'figure' is missing"),
        (_entry(figure="  "), "CB109", "figures[0].figure", "does not match"),
        (_entry(figure=72), "CB109", "figures[0].figure", "72 is not of type string"),
        (_entry(colour="red"), "CB109", "figures[0].colour", "unknown field 'colour'"),
        (_entry(group="hypothesis"), "CB702", "figures[0].evidence", "must have evidence"),
        ("figures:\n  - just text\n", "CB109", "figures[0]", "is not of type object"),
        ("figures: []\n", "CB109", "figures", "is too short"),
        ("- a list\n", "CB109", None, "is not of type object"),
        ("figures: [\n", "CB106", None, "YAML syntax error"),
        ("figures: !!python/object:os.system {}\n", "CB107", None, "YAML tag not allowed"),
    ],
)
def test_each_problem_names_file_line_field_and_rule(tmp_path, text, code, field, needle):
    with pytest.raises(RiskDataError) as info:
        load_risk_factors(_write(tmp_path, text))
    (problem,) = info.value.problems
    assert (problem.code, problem.field, problem.file) == (code, field, "risk_factors.yaml")
    assert problem.line in (1, 2)
    assert needle in problem.message
    assert str(problem).endswith(f"[{code}]")
    assert str(info.value).startswith("Risk-figure file ")


def test_every_problem_is_listed_at_once(tmp_path):
    text = _entry(group="x", evidence="y", figure="") + "  - " + json.dumps(GOOD) + "\n"
    assert _problems(tmp_path, text) == [
        ("CB109", "figures[0].evidence", 2),
        ("CB109", "figures[0].figure", 2),
        ("CB109", "figures[0].group", 2),
    ]
    two_rules = (
        _entry(ref="NOBODY2020") + "  - " + json.dumps({**GOOD, "group": "hypothesis"}) + "\n"
    )
    assert _problems(tmp_path, two_rules) == [
        ("CB701", "figures[0].ref", 2),
        ("CB702", "figures[1].evidence", 3),
    ]


def test_loader_reports_a_missing_file(tmp_path):
    with pytest.raises(RiskDataError, match=r"the file is missing.*\[CB103\]"):
        load_risk_factors(tmp_path / "absent.yaml")


def test_loader_prefers_references_beside_the_file(tmp_path):
    (tmp_path / "references.yaml").write_text(
        "references:\n  - {key: LOCAL1, citation: 'Local. 2020.', short: 'Local 2020'}\n",
        encoding="utf-8",
    )
    (figure,) = load_risk_factors(_write(tmp_path, _entry(ref="LOCAL1")))
    assert figure.citation == "Local 2020"
    with pytest.raises(RiskDataError, match=r"unknown reference key 'STEIN2019'.*: LOCAL1"):
        load_risk_factors(_write(tmp_path, _entry()))


def test_risk_rules_are_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "validation-rules.md").read_text(
        encoding="utf-8"
    )
    for code, text in RISK_RULES.items():
        assert f"| {code} | {text} |" in doc
