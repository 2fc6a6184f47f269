"""Class report: figures checked against a small set of responses computed by hand, escaping,
offline output, problems listed with file and line, and the ``report`` command."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clikit import run_cli

from casebook.report import build_report, run_report, summarise

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
ICE_ITEMS = ("orientation", "naming", "commands", "writing", "attention")


def ice(learner, *, score, wrong=(), grade=1, attempt=1, minute=0, mode="practice"):
    items = {
        name: {"learner": 0, "reference": 0, "correct": name not in wrong} for name in ICE_ITEMS
    }
    return {
        "v": 1,
        "time": f"2026-11-25T10:{minute:02d}:00+00:00",
        "learner": learner,
        "case": "case1",
        "day": 5,
        "exercise": "ice",
        "answer": {"naming": 2, "note": "free text"},
        "result": {
            "score": score,
            "reference": 8,
            "correct": not wrong,
            "items": items,
            "grade": grade,
            "reference_grade": 1,
        },
        "attempt": attempt,
        "mode": mode,
    }


def decision(learner, chosen, *, minute=0, note=""):
    classes = {
        "continue_blinatumomab": "essential",
        "neuro_checks": "essential",
        "dexamethasone": "not_indicated",
        "stop_blinatumomab": "harmful",
    }
    items = {o: {"chosen": o in chosen, "class": c} for o, c in classes.items()}
    harmful = any(items[o]["chosen"] for o in classes if classes[o] == "harmful")
    essential = [o for o in classes if classes[o] == "essential"]
    got = sum(items[o]["chosen"] for o in essential)
    answer = {"chosen": list(chosen)}
    if note:
        answer["note"] = note
    return {
        "v": 1,
        "time": f"2026-11-25T11:{minute:02d}:00+00:00",
        "learner": learner,
        "case": "case1",
        "day": 5,
        "exercise": "decision",
        "answer": answer,
        "result": {
            "score": 0.0 if harmful else round(got / len(essential), 3),
            "reference": essential,
            "correct": got == len(essential) and not harmful,
            "items": items,
            "decision": "c1-grade1",
        },
        "attempt": 1,
        "mode": "practice",
    }


def class_records():
    """Figures computed by hand (first attempts only):

    ICE case1 day 5: ana 7 (naming wrong), ben 8 (right), xss 6 (naming+writing wrong, grade 2),
    cat 8 (right); ana's second attempt (right) does not count.
      -> 4 learners, 2 correct = 50%, mean score (7+8+6+8)/4 = 7.25, grade right 3 of 4 = 75%;
         naming wrong 2 of 4 (50%), writing 1 of 4 (25%), others 0.
    Decision c1-grade1: ana both essentials (right, 1.0), ben continue + stop (harmful: 0.0,
    wrong), xss both essentials (right, 1.0).
      -> 3 learners, 2 correct = 67%, mean 0.67; harmful stop_blinatumomab chosen 1 of 3 (33%);
         essential neuro_checks missed 1 of 3 (33%).
    Overall: 7 first attempts, 4 correct = 57%. 8 records, 4 learners, 2 exercises.
    """
    return [
        ice("ana", score=7, wrong=("naming",), minute=1),
        ice("ana", score=8, attempt=2, minute=2),
        ice("ben", score=8, minute=3),
        ice(XSS, score=6, wrong=("naming", "writing"), grade=2, minute=4, mode="assessment"),
        ice("cat", score=8, minute=5),
        decision("ana", ["continue_blinatumomab", "neuro_checks"], minute=1),
        decision("ben", ["continue_blinatumomab", "stop_blinatumomab"], minute=2),
        decision(XSS, ["continue_blinatumomab", "neuro_checks"], minute=3, note=IMG),
    ]


class Tables(HTMLParser):
    """Every <table> as a list of rows of cell texts; also collects <h2>/<h3> headings."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


class Tags(HTMLParser):
    """Names of every element and attribute in a document."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def tables_of(document: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(document)
    return parser.tables


def table_with(document: str, header: str) -> list[list[str]]:
    for table in tables_of(document):
        if table and header in table[0]:
            return table
    raise AssertionError(f"no table with a {header!r} column")


def test_summary_figures():
    summary = summarise(class_records())
    assert summary.records == 8
    assert len(summary.learners) == 4
    assert len(summary.exercises) == 2
    assert (summary.first_correct, summary.first_total) == (4, 7)
    assert summary.accuracy == "57%"
    assert summary.modes == {"practice": 7, "assessment": 1}


def test_accuracy_per_exercise_matches_hand_computed_figures():
    document = build_report(class_records(), [])
    table = table_with(document, "mean score")
    rows = {row[2]: row for row in table[1:]}
    assert rows["ice"][:7] == ["case1", "5", "ice", "4", "50% (2 of 4)", "7.25", "8"]
    assert rows["ice"][7] == "75% (3 of 4)"
    assert rows["decision c1-grade1"][3:6] == ["3", "67% (2 of 3)", "0.67"]


def test_most_mis_scored_ice_items():
    table = table_with(build_report(class_records(), []), "ICE item")
    assert table[1] == ["naming", "2", "50% (2 of 4)"]
    assert table[2] == ["writing", "1", "25% (1 of 4)"]
    assert [row[1] for row in table[3:]] == ["0", "0", "0"]


def test_harmful_chosen_and_essential_missed():
    document = build_report(class_records(), [])
    harmful, missed = [t for t in tables_of(document) if t and "option" in t[0]]
    assert harmful[1:] == [
        ["case1 day 5 decision c1-grade1", "stop_blinatumomab", "1", "33% (1 of 3)"]
    ]
    assert missed[1:] == [["case1 day 5 decision c1-grade1", "neuro_checks", "1", "33% (1 of 3)"]]
    no_harm = [r for r in class_records() if r["learner"] != "ben"]
    assert "No harmful option was chosen." in build_report(no_harm, [])


def test_table_per_learner():
    table = table_with(build_report(class_records(), []), "answers (all attempts)")
    rows = {row[0]: row for row in table[1:]}
    assert rows["ana"][1:5] == ["2", "50% (1 of 2)", "3", "practice"]
    assert rows["cat"][1:4] == ["1", "100% (1 of 1)", "1"]
    assert rows[XSS][4] == "assessment, practice"
    assert rows["ben"][5] == "2026-11-25 11:02 UTC"


def test_everything_from_records_is_escaped():
    records = class_records()
    records[0]["case"] = "<b>case</b>"
    document = build_report(records, [f"{XSS}.jsonl, line 1: not a complete JSON object"])
    assert "<script>" not in document and "<img" not in document and "<b>case" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document  # learner id, shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in document  # answer text
    assert "&lt;b&gt;case&lt;/b&gt;" in document
    tags = Tags()
    tags.feed(document)
    assert tags.names.isdisjoint({"script", "img", "b"})
    learners = table_with(document, "answers (all attempts)")
    assert XSS in [row[0] for row in learners]


def test_report_is_offline_and_for_education():
    document = build_report(class_records(), [])
    assert "http" not in document.lower()
    tags = Tags()
    tags.feed(document)
    assert tags.names.isdisjoint({"script", "link", "img", "iframe", "object", "embed"})
    assert tags.attributes.isdisjoint({"src", "href", "onerror", "onload"})
    assert "for education only" in document.split("</title>")[0].lower()
    assert document.startswith("<!DOCTYPE html>")


def test_problems_are_listed():
    problems = ["r/ana.jsonl, line 7: not a complete JSON object (truncated or corrupt); skipped"]
    document = build_report(class_records(), problems)
    assert "Input problems (1)" in document
    assert "r/ana.jsonl, line 7: not a complete JSON object" in document
    assert "None: every line of every file was read." in build_report(class_records(), [])


def write_class(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    records = class_records()
    (folder / "ana.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records if r["learner"] == "ana")
        + '{"v": 1, "time": "2026\n'
    )
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "rest.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records if r["learner"] != "ana")
    )


def test_run_report_reads_folders_writes_html_and_prints_summary(tmp_path):
    write_class(tmp_path / "class")
    out = io.StringIO()
    target = tmp_path / "report.html"
    assert run_report([tmp_path / "class"], target, out=out) == 0
    text = out.getvalue()
    assert "Read 8 answers from 4 learners on 2 exercises." in text
    assert "Correct at first attempt: 57% (4 of 7)." in text
    assert "Input problems: 1" in text
    ana = tmp_path / "class" / "ana.jsonl"
    assert f"  {ana}, line 4: not a complete JSON object (truncated or corrupt); skipped" in text
    document = target.read_text(encoding="utf-8")
    assert f"{ana}, line 4" in document
    assert "50% (2 of 4)" in document


def test_run_report_without_records_still_writes_and_returns_1(tmp_path):
    (tmp_path / "bad.jsonl").write_text("garbage\n")
    out = io.StringIO()
    target = tmp_path / "r.html"
    assert run_report([tmp_path / "bad.jsonl", tmp_path / "nope"], target, out=out) == 1
    assert "No valid response records found" in out.getvalue()
    assert "Input problems: 2" in out.getvalue()
    document = target.read_text(encoding="utf-8")
    assert "No valid response records were found" in document
    assert "bad.jsonl, line 1" in document


def test_run_report_unwritable_output_returns_2(tmp_path):
    write_class(tmp_path / "class")
    out = io.StringIO()
    target = tmp_path / "missing-folder" / "r.html"
    assert run_report([tmp_path / "class"], target, out=out) == 2
    assert out.getvalue().startswith(f"error: cannot write report to {target}: ")


def test_cli_report(tmp_path):
    write_class(tmp_path / "class")
    (tmp_path / "class" / "junk.jsonl").write_bytes(b"\xff\xfe\x00garbage\n")
    proc = run_cli("report", "class", "-o", "out.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Read 8 answers from 4 learners on 2 exercises." in proc.stdout
    assert "Input problems: 2" in proc.stdout
    assert "junk.jsonl, line 1: not UTF-8 text" in proc.stdout
    assert "50% (2 of 4)" in (tmp_path / "out.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("inputs", [["empty-folder"], ["nothing-here.jsonl"]])
def test_cli_report_no_records_exit_1_without_traceback(tmp_path, inputs):
    (tmp_path / "empty-folder").mkdir()
    proc = run_cli("report", *inputs, "-o", "out.html", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert (tmp_path / "out.html").exists()
