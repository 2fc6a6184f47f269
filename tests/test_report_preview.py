"""report.summary_lines and report.preview on the fabricated sample response files
(casebook/_samples/responses, shipped with the package for the instructor notebook)."""

from __future__ import annotations

import io

import pytest

from casebook import report
from casebook.responses import read_responses
from casebook.samples import sample_responses

SAMPLES = sample_responses().resolve()


def test_samples_hold_three_fabricated_learners_and_one_truncated_line():
    records, problems = read_responses(SAMPLES)
    assert {r["learner"] for r in records} == {
        "sample-resident-a",
        "sample-resident-b",
        "sample-resident-c",
    }
    assert len(records) == 7
    assert len(problems) == 1 and "sample-resident-c.jsonl, line 2" in problems[0]


def test_summary_lines_are_what_the_cli_prints(tmp_path):
    records, problems = read_responses(SAMPLES)
    lines = report.summary_lines(records, problems)
    assert lines[:3] == [
        "Read 7 answers from 3 learners on 3 exercises.",
        "Correct at first attempt: 50% (3 of 6).",
        "Input problems: 1",
    ]
    out = io.StringIO()
    assert report.run_report([SAMPLES], tmp_path / "r.html", out=out) == 0
    assert out.getvalue().splitlines()[:-1] == lines


def test_summary_lines_without_records():
    assert report.summary_lines([], ["f.jsonl, line 1: bad"]) == [
        "Input problems: 1",
        "  f.jsonl, line 1: bad",
    ]


def test_preview_shows_chosen_sections_only_and_is_stable():
    first = report.preview_report(SAMPLES, sections=["options", "problems"])
    again = report.preview_report(SAMPLES, sections=["options", "problems"])
    assert first == again  # no generation time: notebooks can store it
    assert "Harmful interventions chosen" in first.html
    assert "Input problems (1)" in first.html
    assert "Accuracy per exercise" not in first.html
    assert repr(first).startswith("Read 7 answers") and first._repr_html_() == first.html
    assert "<body" not in first.html and "<script" not in first.html


def test_preview_escapes_and_rejects_unknown_sections(tmp_path):
    line = (SAMPLES / "sample-resident-a.jsonl").read_text("utf-8").splitlines()[0]
    (tmp_path / "x.jsonl").write_text(
        line.replace("sample-resident-a", "<script>alert(1)</script>") + "\n", encoding="utf-8"
    )
    shown = report.preview_report(tmp_path, sections=["learners"])
    assert "<script>alert" not in shown.html and "&lt;script&gt;alert" in shown.html
    with pytest.raises(ValueError, match="unknown report sections"):
        report.preview_report(SAMPLES, sections=["charts"])
