"""Class report: figures checked against a small set of responses computed by hand, escaping,
offline output, problems listed with file and line, and the ``report`` command."""

from __future__ import annotations

import html
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clikit import run_cli

from casebook import load_case
from casebook.authoring import new_case
from casebook.report import build_report, run_report, summarise
from casebook.report.labels import labels_for

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
ICE_ITEMS = ("orientation", "naming", "commands", "writing", "attention")


REFERENCE = {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}


def ice(learner, *, score, wrong=(), grade=1, attempt=1, minute=0, mode="practice"):
    """An ICE record whose ``wrong`` items were scored one point below the reference."""
    items = {
        name: {"learner": ref - (name in wrong), "reference": ref, "correct": name not in wrong}
        for name, ref in REFERENCE.items()
    }
    orientation = {part: True for part in ("year", "month", "city", "hospital")}
    if "orientation" in wrong:
        orientation["city"] = False
    answer = {"orientation": orientation}
    answer.update({name: items[name]["learner"] for name in REFERENCE if name != "orientation"})
    return {
        "v": 1,
        "time": f"2026-11-25T10:{minute:02d}:00+00:00",
        "learner": learner,
        "case": "case1",
        "day": 5,
        "exercise": "ice",
        "answer": answer,
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


# Real catalogue ids at Case 1's grade 2 decision; the classes are this test's own (a record
# keeps the class it was scored against, whatever the case data say today).
CLASSES = {
    "continue_blinatumomab": "essential",
    "eeg": "essential",
    "dexamethasone_10mg": "not_indicated",
    "discontinue_blinatumomab": "harmful",
}


def decision(learner, chosen, *, minute=0, extra_items=None):
    items = {o: {"chosen": o in chosen, "class": c} for o, c in CLASSES.items()}
    items.update(extra_items or {})
    harmful = any(i["chosen"] for i in items.values() if i["class"] == "harmful")
    essential = [o for o, c in CLASSES.items() if c == "essential"]
    got = sum(items[o]["chosen"] for o in essential)
    return {
        "v": 1,
        "time": f"2026-11-25T11:{minute:02d}:00+00:00",
        "learner": learner,
        "case": "case1",
        "day": 5,
        "exercise": "decision",
        "answer": {"chosen": list(chosen)},
        "result": {
            "score": 0.0 if harmful else round(got / len(essential), 3),
            "reference": essential,
            "correct": got == len(essential) and not harmful,
            "items": items,
            "decision": "c1-grade2",
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
    Decision c1-grade2: ana both essentials (right, 1.0), ben continue + discontinue (harmful:
    0.0, wrong), xss both essentials and dexamethasone (not indicated: still right, 1.0).
      -> 3 learners, 2 correct = 67%, mean 0.67; harmful discontinuation chosen 1 of 3 (33%);
         dexamethasone (not indicated) chosen 1 of 3 (33%); essential EEG missed 1 of 3 (33%).
    Overall: 7 first attempts, 4 correct = 57%. 8 records, 4 learners, 2 exercises.
    """
    return [
        ice("ana", score=7, wrong=("naming",), minute=1),
        ice("ana", score=8, attempt=2, minute=2),
        ice("ben", score=8, minute=3),
        ice(XSS, score=6, wrong=("naming", "writing"), grade=2, minute=4, mode="assessment"),
        ice("cat", score=8, minute=5),
        decision("ana", ["continue_blinatumomab", "eeg"], minute=1),
        decision("ben", ["continue_blinatumomab", "discontinue_blinatumomab"], minute=2),
        decision(XSS, ["continue_blinatumomab", "eeg", "dexamethasone_10mg"], minute=3),
    ]


CASE1 = load_case("case1")
GRADE2 = CASE1.decision("c1-grade2")
LABEL = {option.id: option.label for option in GRADE2.options}


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
    assert rows["ICE exam"][:7] == ["case1", "5", "ICE exam", "4", "50% (2 of 4)", "7.25", "8"]
    assert rows["ICE exam"][7] == "75% (3 of 4)"
    # A decision is named by its title in the case data, its id beside it.
    assert rows[f"{GRADE2.title} c1-grade2"][3:6] == ["3", "67% (2 of 3)", "0.67"]


def test_most_mis_scored_ice_items_are_named_as_learners_read_them():
    table = table_with(build_report(class_records(), []), "ICE item")
    assert table[1] == ["Naming", "2", "50% (2 of 4)"]
    assert table[2] == ["Writing", "1", "25% (1 of 4)"]
    assert [row[1] for row in table[3:]] == ["0", "0", "0"]


def test_harmful_and_not_indicated_chosen_and_essential_missed_by_catalogue_label():
    document = build_report(class_records(), [])
    harmful, not_indicated, missed = [t for t in tables_of(document) if t and "option" in t[0]]
    where = f"case1, day 5: {GRADE2.title} c1-grade2"
    assert harmful[1:] == [
        [
            where,
            f"{LABEL['discontinue_blinatumomab']} discontinue_blinatumomab",
            "1",
            "33% (1 of 3)",
        ]
    ]
    assert not_indicated[1:] == [
        [where, f"{LABEL['dexamethasone_10mg']} dexamethasone_10mg", "1", "33% (1 of 3)"]
    ]
    assert missed[1:] == [[where, f"{LABEL['eeg']} eeg", "1", "33% (1 of 3)"]]
    assert "Interventions chosen that were not indicated" in document
    calm = [r for r in class_records() if r["learner"] in ("ana", "cat")]
    assert "No harmful option was chosen." in build_report(calm, [])
    assert "No option that was not indicated was chosen." in build_report(calm, [])


def answers_of(document: str, learner: str) -> dict[str, list[str]]:
    """A learner's folded answers table: exercise -> the answer cell's lines."""
    block = document.split(f"<summary>{learner} (")[1].split("</details>")[0]
    rows = {}
    for row in tables_of(block)[0][1:]:
        rows[row[2]] = row
    parser = Lines()
    parser.feed(block)
    return rows, parser.lines


class Lines(HTMLParser):
    """The text of every <li> of the answer lists, in order."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.lines.append("")
            self.inside = True

    def handle_endtag(self, tag):
        if tag == "li":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.lines[-1] += data


def test_each_learners_answers_are_readable_rows():
    document = build_report(class_records(), [])
    rows, lines = answers_of(document, "ben")
    assert "<summary>ben (1 of 2 correct)</summary>" in document
    assert rows["ICE exam"][3:5] == ["yes", "8"]
    decision = rows[f"{GRADE2.title} c1-grade2"]
    assert decision[3:5] == ["no", "0"]
    # The decision (listed before the ICE exam of the same day): chosen options by label with
    # their class, harmful first, then the essential options missed.
    assert lines[:3] == [
        f"✗ {LABEL['discontinue_blinatumomab']}: harmful",
        f"✓ {LABEL['continue_blinatumomab']}: essential",
        f"✗ essential, not chosen: {LABEL['eeg']}",
    ]
    assert "discontinue_blinatumomab" not in decision[5] and "{" not in decision[5]
    # The ICE: items as words, the reference where the learner differs, the totals and grade.
    _, ana = answers_of(document, "ana")
    assert ana[-6:] == [
        "✓ Orientation: 4/4 (ticked year, month, city, hospital)",
        "✗ Naming: 2/3; reference 3/3",
        "✓ Following commands: 1/1",
        "✓ Writing: 1/1",
        "✓ Attention: 1/1",
        "ICE total 7/10 (reference 8/10); ICANS grade implied 1 (right)",
    ]
    _, xss = answers_of(document, html.escape(XSS))
    assert f"! {LABEL['dexamethasone_10mg']}: not indicated" in xss
    assert "ICE total 6/10 (reference 8/10); ICANS grade implied 2 (reference grade 1)" in xss


def test_an_empty_or_unknown_decision_answer_still_reads():
    empty = decision("dan", [])
    forged = decision(
        "eve",
        ["continue_blinatumomab"],
        extra_items={"not_in_catalogue": {"chosen": True, "class": "harmful"}},
    )
    document = build_report([empty, forged], [])
    assert answers_of(document, "dan")[1][0] == "– nothing chosen"
    assert "✗ not_in_catalogue: harmful" in answers_of(document, "eve")[1]


def test_cases_without_data_keep_their_ids_and_say_so():
    records = class_records()
    for record in records:
        record["case"] = "../../etc/passwd"  # a record never names a path that is read
    document = build_report(records, [])
    assert "No case data found for ../../etc/passwd" in document
    assert "c1-grade2" in document  # the decision by id, as there is no title for it
    assert labels_for(["../../etc/passwd"]).unknown_cases == ("../../etc/passwd",)


def test_labels_come_from_the_bundled_catalogue_and_named_case_folders(tmp_path):
    labels = labels_for(["case1"])
    assert labels.option("eeg") == LABEL["eeg"] and labels.option("made_up") == "made_up"
    assert labels.decision("case1", "c1-grade2") == GRADE2.title
    assert labels.case("case1") == CASE1.title and labels.unknown_cases == ()


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
    records[-1]["result"]["items"][IMG] = {"chosen": True, "class": "harmful"}
    document = build_report(records, [f"{XSS}.jsonl, line 1: not a complete JSON object"])
    assert "<script>" not in document and "<img" not in document and "<b>case" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document  # learner id, shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in document  # an option id in the answer
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


def test_cli_report_names_an_instructors_own_case_by_its_titles(tmp_path):
    new_case(tmp_path / "my-cases" / "ward-b")
    record = decision("fay", ["continue_blinatumomab"])
    record["case"], record["result"]["decision"] = "ward-b", "starter-grade1"
    (tmp_path / "ward.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    without = run_cli("report", "ward.jsonl", "-o", "a.html", cwd=tmp_path)
    assert without.returncode == 0, without.stderr
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "No case data found for ward-b" in page
    title = load_case(tmp_path / "my-cases" / "ward-b").decision("starter-grade1").title
    assert title not in page
    proc = run_cli(
        "report", "ward.jsonl", "-o", "b.html", "--cases", "my-cases/ward-b", "nope", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert title in page and "No case data found" not in page
    assert "These case folders could not be read" in page and "nope" in page
