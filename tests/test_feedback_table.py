"""The feedback tables (casebook.html.table): joined, they give exactly the engine's verdict and
feedback HTML, for every ICE answer of every testable exam of every case the loader finds, and
for the decisions' answers (every subset up to 13 options; beyond, every single option, every
pair, every exclusive-group conflict and a hypothesis sample); the page's JavaScript joins them
into the same strings; in assessment mode no part of the reference is in the table."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook import html as h
from casebook.feedback import assess_decision, choice_problems, compare_ice
from casebook.html.table import (
    assemble_decision,
    assemble_ice,
    decision_table,
    every_ice_answer,
    ice_table,
)
from casebook.loading import list_cases, load_case
from casebook.widgets.answer import _ESM

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID_FIXTURES = sorted(p for p in FIXTURES.glob("valid*") if (p / "case.yaml").is_file())
CASES = [*list_cases(), *(str(p) for p in VALID_FIXTURES)]
EXHAUSTIVE = 13  # decisions with at most this many options: every subset


def _cases():
    return [load_case(ref) for ref in CASES]


def _exams():
    for case in _cases():
        for day in sorted(case.exams):
            if case.exam(day).testable:
                yield pytest.param(case, day, id=f"{case.id}-day{day}")


def _decisions():
    for case in _cases():
        for decision in case.decisions:
            yield pytest.param(case, decision, id=decision.id)


@pytest.fixture(scope="module")
def case1():
    return load_case("case1")


def engine_decision(case, decision, chosen, first=None):
    """What the engine shows for ``chosen``: the refusal, or verdict and feedback."""
    problems = choice_problems(decision, chosen)
    if problems:
        text = " ".join(problems)
        return (
            h.quick_verdict(f"Not submitted, nothing recorded: {text}", "warning"),
            h.message(text, "warning", title="Not submitted"),
            False,
        )

    def assess(ids):
        return assess_decision(decision, ids, cite=case.cite, report_citation=case.report_citation)

    fb = assess(chosen)
    before = assess(first) if first is not None else None
    return h.decision_verdict(fb), h.decision_feedback(fb, first=before), True


def test_the_tables_cover_the_bundled_cases():
    ids = {p.id for p in _exams()}
    assert {"case1-day5", "case2-day6"} <= ids
    assert {"c1-grade2", "c2-grade4"} <= {p.id for p in _decisions()}


@pytest.mark.parametrize(("case", "day"), list(_exams()))
def test_ice_table_equals_the_engine_for_all_512_answers(case, day):
    table = ice_table(case, day)
    answers = list(every_ice_answer())
    assert len(answers) == 512
    verdicts = set()
    for answer in answers:
        fb = compare_ice(case, day, answer)
        assert assemble_ice(table, answer) == (h.ice_verdict(fb), h.ice_feedback(fb)), answer
        verdicts.add(h.ice_verdict(fb))
    assert len(verdicts) > 100  # the answers really differ


def test_ice_incomplete_answer_is_refused_with_the_items_named(case1):
    table = ice_table(case1, 5, key=False)
    answer = {"orientation": dict.fromkeys(("year", "month", "city", "hospital"), True)}
    answer.update(naming=2, commands=None, writing=None, attention=1)
    verdict, feedback = assemble_ice(table, answer)
    text = "Score every item before checking. Not scored yet: Following commands, Writing."
    assert verdict == h.quick_verdict(f"Not checked: {text}", "warning")
    assert feedback == h.message(text, "warning", title="Not checked")


def _subsets(ids, sizes):
    for size in sizes:
        yield from itertools.combinations(ids, size)


@pytest.mark.parametrize(("case", "decision"), list(_decisions()))
def test_decision_table_equals_the_engine(case, decision):
    table = decision_table(case, decision)
    ids = [o.id for o in decision.options]
    if len(ids) <= EXHAUSTIVE:
        choices = list(_subsets(ids, range(len(ids) + 1)))
        assert len(choices) == 2 ** len(ids)
    else:
        choices = list(_subsets(ids, (0, 1, 2)))
        for group in decision.exclusive_groups:  # every conflict, with one more option beside
            for both in _subsets(group.members, range(2, len(group.members) + 1)):
                choices += [both, *((*both, other) for other in ids if other not in both)]
    previous = None
    refused = 0
    for chosen in choices:
        chosen = list(chosen)
        expected = engine_decision(case, decision, chosen)
        assert assemble_decision(table, chosen) == expected, chosen
        if not expected[2]:
            refused += 1
            continue
        if previous is not None:  # a revision: the first attempt's summary above
            got = assemble_decision(table, chosen, first=previous)
            assert got == engine_decision(case, decision, chosen, first=previous), chosen
        previous = chosen
    assert refused >= 1 + (1 if decision.exclusive_groups else 0)


_LARGE = [p for p in _decisions() if len(p.values[1].options) > EXHAUSTIVE]


@pytest.mark.parametrize(("case", "decision"), _LARGE)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_decision_table_on_a_sample_of_larger_choices(case, decision, data):
    ids = [o.id for o in decision.options]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    first = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=len(ids)))
    table = decision_table(case, decision)
    if choice_problems(decision, first):
        first = None
    assert assemble_decision(table, chosen, first=first) == engine_decision(
        case, decision, chosen, first
    )


def test_assessment_tables_hold_nothing_of_the_reference(case1):
    for day in (3, 5):
        table = ice_table(case1, day, key=False)
        assert set(table) == {"kind", "form"}
        text = json.dumps(table)
        for item in case1.exam(day).items.values():
            assert item.reason[:40] not in text
        assert "reference" not in text.lower() and "grade" not in text.lower()
    for decision in case1.decisions:
        table = decision_table(case1, decision, key=False)
        assert set(table) == {"kind", "form"}
        text = json.dumps(table)
        for option in decision.options:
            assert option.rationale[:40] not in text
        for word in ("essential", "harmful", "acceptable", "not_indicated"):
            assert word not in text


# -- the page's JavaScript joins the same strings ----------------------------------------------
NODE = shutil.which("node")
_RUNNER = """
import { readFileSync } from "node:fs";
const mod = await import(process.argv[2]);
const jobs = JSON.parse(readFileSync(process.argv[3], "utf8"));
const out = jobs.map((job) => job.kind === "ice"
  ? mod.assembleIce(job.table, job.answer)
  : mod.assembleDecision(job.table, job.chosen, job.first));
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed (CI installs nodejs)")
def test_javascript_joins_the_tables_as_python_does(tmp_path):
    (tmp_path / "answer.mjs").write_text(_ESM, encoding="utf-8")
    (tmp_path / "run.mjs").write_text(_RUNNER, encoding="utf-8")
    jobs, expected = [], []
    case1, case2 = load_case("case1"), load_case("case2")
    for case, day in ((case1, 5), (case2, 6)):
        table = ice_table(case, day)
        for answer in every_ice_answer():
            jobs.append({"kind": "ice", "table": table, "answer": answer})
            expected.append(list(assemble_ice(table, answer)))
        partial = {**answer, "naming": None, "writing": None}
        jobs.append({"kind": "ice", "table": table, "answer": partial})
        expected.append(list(assemble_ice(table, partial)))
    for case, decision_id in ((case1, "c1-grade2"), (case2, "c2-grade4"), (case1, "c1-day0")):
        decision = case.decision(decision_id)
        table = decision_table(case, decision)
        ids = [o.id for o in decision.options]
        choices = [list(c) for c in _subsets(ids, (0, 1, 2))]
        choices += [ids, ids[: len(ids) // 2], [i for i in ids if i not in ids[:3]]]
        for group in decision.exclusive_groups:
            choices.append(list(group.members))
        first = None
        for chosen in choices:
            jobs.append({"kind": "decision", "table": table, "chosen": chosen, "first": first})
            expected.append(list(assemble_decision(table, chosen, first=first)))
            if not choice_problems(decision, chosen):
                first = first or chosen
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run(
        [NODE, *(str(tmp_path / name) for name in ("run.mjs", "answer.mjs", "jobs.json"))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert len(got) == len(expected) > 1100
    for job, mine, theirs in zip(jobs, got, expected, strict=True):
        assert mine == theirs, {k: v for k, v in job.items() if k != "table"}
