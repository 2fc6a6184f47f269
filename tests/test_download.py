"""The "Download my answers" link: the learner's own lines as a data: URL, safe in HTML, and a
file the class report reads as it is."""

from __future__ import annotations

import base64
import html
import re

from casebook import download, responses
from casebook.report import my_progress

PAYLOAD = "<script>alert(1)</script>\"'& \u2028 é"


def _href(link: str) -> bytes:
    match = re.search(
        r'href="data:application/x-ndjson;charset=utf-8;base64,([A-Za-z0-9+/=]*)"', link
    )
    assert match, link
    return base64.b64decode(match.group(1))


def _record(response_file, **answer):
    return responses.record_response(
        case="case1", day=2, exercise="ice", answer=answer, result={"correct": False}, attempt=1
    )


def test_link_holds_exactly_the_learners_lines_and_the_report_reads_them(response_file, tmp_path):
    _record(response_file, note=PAYLOAD)
    responses._settings["learner"] = "other"
    _record(response_file, note="not mine")
    responses._settings["learner"] = None  # back to CASEBOOK_LEARNER=tester
    progress = my_progress()
    page = progress._repr_html_()
    data = _href(page)
    saved = tmp_path / "mine.jsonl"
    saved.write_bytes(data)
    records, problems = responses.read_responses(saved)
    assert problems == []
    assert [r["learner"] for r in records] == ["tester"]
    assert records[0]["answer"]["note"] == PAYLOAD
    assert 'download="casebook-answers-tester.jsonl"' in page
    assert "Download my answers (1 answer)" in page


def test_link_is_inert_html_whatever_the_answers_hold():
    link = download.answers_link([{"answer": PAYLOAD}], "x")
    assert "<script" not in link and PAYLOAD not in link
    # Only base64 characters inside the address: nothing can end the attribute.
    assert re.fullmatch(
        r'[^"]*"data:[a-z/;=0-9-]+,[A-Za-z0-9+/=]*"', link.split("href=")[1].split(" download")[0]
    )


def test_file_name_is_safe_for_any_id():
    assert download.file_name("ab12") == "casebook-answers-ab12.jsonl"
    assert download.file_name("a/../b") == "casebook-answers-a_.._b.jsonl"
    assert download.file_name("") == "casebook-answers-learner.jsonl"
    assert html.escape(download.file_name('"x"')) == download.file_name('"x"')


def test_no_link_before_the_first_answer(response_file):
    page = my_progress()._repr_html_()
    assert "casebook-download" not in page
    assert "No answers recorded yet" in page
