"""progress_view(): the learner's table and download link, refreshed on demand."""

from __future__ import annotations

import widgetkit as wk

import casebook
from casebook import responses


def test_progress_view_shows_answers_and_refreshes(response_file):
    view = casebook.progress_view()
    area = wk.find(view, "casebook-progress-area")
    assert "No answers recorded yet for learner 'tester'" in wk.text_of(area.value)
    responses.record_response(
        case="case1",
        day=2,
        exercise="ice",
        answer={},
        result={"correct": True, "score": 9},
        attempt=1,
    )
    wk.find(view, "casebook-progress-refresh").click()
    assert "Download my answers (1 answer)" in wk.text_of(area.value)
    assert "casebook-answers-tester.jsonl" in area.value


def test_progress_view_shows_a_problem_in_words(response_file, monkeypatch):
    monkeypatch.setenv("CASEBOOK_LEARNER", "bad id")
    view = casebook.progress_view()
    area = wk.find(view, "casebook-progress-area")
    assert "Something went wrong" in wk.text_of(area.value)
    assert "'bad id' is not a valid learner id" in wk.text_of(area.value)
