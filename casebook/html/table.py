"""Feedback tables: everything the browser needs to show the engine's verdict and feedback for
any answer to an exercise, computed once when the exercise is built.

The ICE and decision exercises (``casebook.widgets.answer``) show their verdict and feedback in
the page, within a frame of the click, without waiting for the kernel. They can because the
answer space is small and the engine's HTML (``casebook.html.ice`` and ``casebook.html.decision``)
is a concatenation of fragments, each depending on a small part of the answer:

- ICE: 2^4 x 4 x 2 x 2 x 2 = 512 answers. The feedback is an opening, a headline per number of
  items that differ (0-5), one table row and one detail per item per value (16 orientation
  answers, 4 naming, 2 for each other item), and a tail per learner total (0-10: the totals, the
  grade it implies, the rules). The verdict: a sentence per number of items that differ, the
  labels of those items, and a sentence per total. About 90 fragments instead of 512 pages.
- Decision: one row per option per state (chosen or not), its classification, and the pieces of
  the headline, the summary and the verdict (per count where a count appears in the text); the
  rules that combine them are a few lines of code (``assemble_decision``).

Every fragment is escaped HTML made by the engine's own renderers; the browser only joins them
(numbers it counts pick a fragment; it never turns text into HTML). ``assemble_ice`` and
``assemble_decision`` join them exactly as the JavaScript in ``casebook.widgets.answer`` does;
tests/test_feedback_table.py checks that this equals the engine's HTML for every ICE answer of
every bundled case and for the decisions' answers (every subset where that is feasible), and
that the JavaScript gives the same strings.

A table has two parts. ``form`` holds what any learner may see before answering: the labels,
and the refusals (an item not scored yet; nothing chosen; options that exclude each other,
which the exercise already names above the options). ``key`` holds everything that depends on
the reference: the answer key, in effect. ``key=False`` (assessment mode, before release) leaves
``key`` out: nothing about the reference goes to the browser (docs/design.md, "Feedback in the
page").

Pure: no widgets, no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from casebook.feedback import (
    DecisionFeedback,
    assess_decision,
    compare_ice,
    option_order,
)
from casebook.feedback.decision import HEADLINE_NAMES
from casebook.html.decision import (
    DECISION_HEADLINE_CLOSE,
    DECISION_OPTIONS_CLOSE,
    DECISION_OPTIONS_OPEN,
    SENTENCE_CLOSE,
    decision_attempt_open,
    decision_feedback_open,
    decision_feedback_tail,
    decision_first_open,
    decision_headline_open,
    decision_option_row,
)
from casebook.html.ice import (
    ICE_TABLE_CLOSE,
    ICE_TABLE_OPEN,
    ice_feedback_detail,
    ice_feedback_head,
    ice_feedback_open,
    ice_feedback_row,
    ice_feedback_tail,
    ice_verdict,
    ice_verdict_count,
    ice_verdict_totals,
)
from casebook.html.parts import (
    QUICK_VERDICT_CLOSE,
    SYMBOLS,
    esc,
    message_open,
    quick_verdict_open,
)
from casebook.model import Case, Decision
from casebook.vocab import ICE_ITEM_MAXIMA, ICE_ITEMS, ICE_LABELS, ORIENTATION_PARTS

__all__ = [
    "POINT_ITEMS",
    "answer_key",
    "assemble_decision",
    "assemble_ice",
    "decision_table",
    "every_ice_answer",
    "ice_table",
]

# The items scored with points (radio buttons), in the order of the response record.
POINT_ITEMS = tuple(name for name in ICE_ITEMS if name != "orientation")
_TONES = ("good", "bad", "warning", "neutral")


# ---------------------------------------------------------------------------------------------
# ICE
def answer_key(name: str, value: Any) -> str:
    """The table key of one ICE item's answer: "1010" for orientation (year, month, city,
    hospital; 1 = answered correctly), the points as text for the others."""
    if name == "orientation":
        return "".join("1" if value[p] else "0" for p in ORIENTATION_PARTS)
    return str(int(value))


def _item_values(name: str) -> list[Any]:
    if name == "orientation":
        return [
            dict(zip(ORIENTATION_PARTS, flags, strict=True))
            for flags in itertools.product((False, True), repeat=len(ORIENTATION_PARTS))
        ]
    return list(range(ICE_ITEM_MAXIMA[name] + 1))


def every_ice_answer() -> Iterable[dict[str, Any]]:
    """All 512 ICE answers, in the response-record shape."""
    for values in itertools.product(*(_item_values(name) for name in ICE_ITEMS)):
        yield dict(zip(ICE_ITEMS, values, strict=True))


def _answer_with_total(total: int) -> dict[str, Any]:
    """An ICE answer whose points add up to ``total`` (0-10)."""
    left = total
    answer: dict[str, Any] = {}
    for name in POINT_ITEMS:
        answer[name] = min(left, ICE_ITEM_MAXIMA[name])
        left -= answer[name]
    answer["orientation"] = {p: i < left for i, p in enumerate(ORIENTATION_PARTS)}
    return answer


def _ice_form() -> dict[str, Any]:
    """What the ICE exercise shows before any answer: the refusal of an incomplete answer."""
    text = "Score every item before checking. Not scored yet: "
    return {
        "unscored": {
            "verdict_open": quick_verdict_open("warning")
            + esc(f"{SYMBOLS['warning']} Not checked: {text}"),
            "feedback_open": message_open("warning", title="Not checked") + esc(text),
            "names": {name: esc(ICE_LABELS[name]) for name in POINT_ITEMS},
            "sep": esc(", "),
            "end": esc("."),
            "verdict_close": QUICK_VERDICT_CLOSE,
            "feedback_close": "</div>",
        }
    }


def ice_table(case: Case, day: int, *, key: bool = True) -> dict[str, Any]:
    """The feedback table of the ICE exercise on ``day`` of ``case`` (a testable exam).

    ``key=False``: only the ``form`` part (assessment mode, before release)."""
    table: dict[str, Any] = {"kind": "ice", "form": _ice_form()}
    if not key:
        return table
    exam = case.exam(day)
    reference = exam.answer_key()
    items = len(ICE_ITEMS)
    rows: dict[str, dict[str, str]] = {}
    details: dict[str, dict[str, str]] = {}
    for index, name in enumerate(ICE_ITEMS):
        rows[name], details[name] = {}, {}
        for value in _item_values(name):
            fb = compare_ice(case, day, {**reference, name: value})
            k = answer_key(name, value)
            rows[name][k] = ice_feedback_row(fb.items[index])
            details[name][k] = ice_feedback_detail(fb.items[index])
    tails, totals = [], []
    for total in range(sum(ICE_ITEM_MAXIMA.values()) + 1):
        tails.append(ice_feedback_tail(compare_ice(case, day, _answer_with_total(total))))
        totals.append(ice_verdict_totals(total, exam.total))
    table["key"] = {
        "reference": {name: answer_key(name, reference[name]) for name in ICE_ITEMS},
        "verdict": {
            "good": ice_verdict(compare_ice(case, day, reference)),
            "bad_open": quick_verdict_open("bad") + esc(f"{SYMBOLS['bad']} "),
            "count": [ice_verdict_count(n, items) for n in range(items + 1)],
            "names": {name: esc(ICE_LABELS[name]) for name in ICE_ITEMS},
            "sep": esc(", "),
            "totals": totals,
            "close": QUICK_VERDICT_CLOSE,
        },
        "feedback": {
            "open": ice_feedback_open(),
            "head": [ice_feedback_head(n, items) for n in range(items + 1)],
            "table_open": ICE_TABLE_OPEN,
            "rows": rows,
            "table_close": ICE_TABLE_CLOSE,
            "details": details,
            "tails": tails,
        },
    }
    return table


def assemble_ice(table: Mapping[str, Any], answer: Mapping[str, Any]) -> tuple[str, str]:
    """(verdict, feedback) HTML for ``answer`` (the response-record shape; ``None`` for an item
    not scored yet), joined from ``table`` exactly as the browser does. An incomplete answer
    gives the refusal (from ``form``); a complete one needs the ``key`` part."""
    missing = [name for name in POINT_ITEMS if answer.get(name) is None]
    if missing:
        form = table["form"]["unscored"]
        names = form["sep"].join(form["names"][name] for name in missing) + form["end"]
        return (
            form["verdict_open"] + names + form["verdict_close"],
            form["feedback_open"] + names + form["feedback_close"],
        )
    key = table["key"]
    keys = {name: answer_key(name, answer[name]) for name in ICE_ITEMS}
    wrong = [name for name in ICE_ITEMS if keys[name] != key["reference"][name]]
    total = sum(answer["orientation"][p] for p in ORIENTATION_PARTS) + sum(
        int(answer[name]) for name in POINT_ITEMS
    )
    v = key["verdict"]
    if wrong:
        verdict = (
            v["bad_open"]
            + v["count"][len(wrong)]
            + v["sep"].join(v["names"][name] for name in wrong)
            + v["totals"][total]
            + v["close"]
        )
    else:
        verdict = v["good"]
    f = key["feedback"]
    feedback = (
        f["open"]
        + f["head"][len(wrong)]
        + f["table_open"]
        + "".join(f["rows"][name][keys[name]] for name in ICE_ITEMS)
        + f["table_close"]
        + "".join(f["details"][name][keys[name]] for name in ICE_ITEMS)
        + f["tails"][total]
    )
    return verdict, feedback


# ---------------------------------------------------------------------------------------------
# Decisions
def _headline_pieces(essential_total: int, options: int) -> dict[str, Any]:
    """The pieces of ``DecisionFeedback.headline``, escaped (see its docstring)."""
    return {
        "harmful": esc("Harmful: "),
        "sep": esc("; "),
        "end": esc("."),
        "missed": esc("Essential, missed: "),
        "names": HEADLINE_NAMES,
        "more": {str(n): esc(f"; and {n} more.") for n in range(1, options + 1)},
        "all_good": esc(f"All {essential_total} essential options chosen, nothing harmful."),
        "not_indicated": {
            str(n): esc(f"{n} not-indicated {'option' if n == 1 else 'options'} chosen.")
            for n in range(1, options + 1)
        },
        "join": esc(" "),
    }


def _summary_pieces(essential_total: int, options: int) -> dict[str, Any]:
    """The pieces of ``DecisionFeedback.summary``, escaped."""
    counts = range(options + 1)
    return {
        "essential": {str(n): esc(f"{n}/{essential_total} essential, ") for n in counts},
        "harmful": {str(n): esc(f"{n} harmful") for n in counts},
        "not_indicated": {str(n): esc(f", {n} not indicated") for n in counts},
    }


def _decision_form(decision: Decision) -> dict[str, Any]:
    """What the decision exercise may show before any answer: the refusals."""
    labels = {o.id: esc(o.label) for o in decision.options}
    return {
        "labels": labels,
        "empty": esc("Choose at least one option before submitting."),
        "groups": [
            {
                "members": list(g.members),
                "end": esc(f" exclude each other ({g.label}): keep one of them."),
            }
            for g in decision.exclusive_groups
        ],
        "quote_open": esc("\u201c"),
        "quote_close": esc("\u201d"),
        "and": esc(" and "),
        "join": esc(" "),
        "verdict_open": quick_verdict_open("warning")
        + esc(f"{SYMBOLS['warning']} Not submitted, nothing recorded: "),
        "verdict_close": QUICK_VERDICT_CLOSE,
        "feedback_open": message_open("warning", title="Not submitted"),
        "feedback_close": "</div>",
    }


def decision_table(case: Case, decision: Decision, *, key: bool = True) -> dict[str, Any]:
    """The feedback table of a decision point of ``case``.

    ``key=False``: only the ``form`` part (assessment mode, before release)."""
    table: dict[str, Any] = {"kind": "decision", "form": _decision_form(decision)}
    if not key:
        return table

    def assess(chosen: Sequence[str]) -> DecisionFeedback:
        return assess_decision(
            decision, chosen, cite=case.cite, report_citation=case.report_citation
        )

    nothing = assess([])
    rows = {o.id: [decision_option_row(o)] for o in nothing.options}
    for option in decision.options:
        [chosen] = [o for o in assess([option.id]).options if o.id == option.id]
        rows[option.id].append(decision_option_row(chosen))
    essential_total = nothing.essential_total
    count = len(decision.options)
    table["key"] = {
        "order": [o.id for o in option_order(decision)],
        "classes": {o.id: o.classification for o in decision.options},
        "rows": rows,
        "headline": _headline_pieces(essential_total, count),
        "summary": _summary_pieces(essential_total, count),
        "verdict": {
            "open": {t: quick_verdict_open(t) + esc(f"{SYMBOLS[t]} ") for t in _TONES},
            "end": esc(" Full feedback below.") + QUICK_VERDICT_CLOSE,
        },
        "feedback": {
            "open": decision_feedback_open(decision.title),
            "headline_open": {t: decision_headline_open(t) for t in _TONES},
            "headline_close": DECISION_HEADLINE_CLOSE,
            "first_open": {
                "good": decision_first_open(True),
                "bad": decision_first_open(False),
            },
            "attempt_open": {t: decision_attempt_open(t) for t in _TONES},
            "sentence_close": SENTENCE_CLOSE,
            "options_open": DECISION_OPTIONS_OPEN,
            "options_close": DECISION_OPTIONS_CLOSE,
            "tail": decision_feedback_tail(nothing),
        },
    }
    return table


def _refusals(form: Mapping[str, Any], chosen: Sequence[str]) -> list[str]:
    """``casebook.feedback.choice_problems``, joined from the table."""
    if not chosen:
        return [form["empty"]]
    problems = []
    for group in form["groups"]:
        both = [m for m in group["members"] if m in chosen]
        if len(both) > 1:
            names = form["and"].join(
                form["quote_open"] + form["labels"][m] + form["quote_close"] for m in both
            )
            problems.append(names + group["end"])
    return problems


class _Counts:
    """What the headline, summary and tone of one answer depend on."""

    def __init__(self, key: Mapping[str, Any], chosen: Sequence[str]) -> None:
        classes = key["classes"]
        order = key["order"]
        self.harmful = [i for i in order if classes[i] == "harmful" and i in chosen]
        self.missed = [i for i in order if classes[i] == "essential" and i not in chosen]
        self.essential = sum(1 for i in order if classes[i] == "essential" and i in chosen)
        self.not_indicated = sum(1 for i in order if classes[i] == "not_indicated" and i in chosen)
        self.correct = not self.harmful and not self.missed
        if self.correct:
            self.tone = "good"
        else:
            self.tone = "bad" if self.harmful or self.missed else "warning"

    def summary(self, key: Mapping[str, Any]) -> str:
        s = key["summary"]
        text = s["essential"][str(self.essential)] + s["harmful"][str(len(self.harmful))]
        if self.not_indicated:
            text += s["not_indicated"][str(self.not_indicated)]
        return text

    def headline(self, key: Mapping[str, Any], labels: Mapping[str, str]) -> str:
        h = key["headline"]
        parts = []
        if self.harmful:
            parts.append(h["harmful"] + h["sep"].join(labels[i] for i in self.harmful) + h["end"])
        if self.missed:
            named = h["sep"].join(labels[i] for i in self.missed[: h["names"]])
            more = len(self.missed) - h["names"]
            parts.append(h["missed"] + named + (h["more"][str(more)] if more > 0 else h["end"]))
        if not parts:
            parts.append(h["all_good"])
        if self.not_indicated:
            parts.append(h["not_indicated"][str(self.not_indicated)])
        return h["join"].join(parts)


def _priority(cls: str, chosen: bool) -> int:
    if cls == "harmful" and chosen:
        return 0
    if cls == "essential" and not chosen:
        return 1
    if cls == "not_indicated" and chosen:
        return 2
    return 3


def assemble_decision(
    table: Mapping[str, Any],
    chosen: Sequence[str],
    *,
    first: Sequence[str] | None = None,
) -> tuple[str, str, bool]:
    """(verdict, feedback, accepted) for the options ``chosen`` (ids), joined from ``table``
    exactly as the browser does; ``first``: the first attempt's choice, when this one is a
    revision. ``accepted`` is False for a refused choice (nothing chosen, options that exclude
    each other): verdict and feedback are then the refusal, from ``form``."""
    form = table["form"]
    refused = _refusals(form, chosen)
    if refused:
        text = form["join"].join(refused)
        return (
            form["verdict_open"] + text + form["verdict_close"],
            form["feedback_open"] + text + form["feedback_close"],
            False,
        )
    key = table["key"]
    labels = form["labels"]
    now = _Counts(key, chosen)
    headline = now.headline(key, labels)
    v, f = key["verdict"], key["feedback"]
    verdict = v["open"][now.tone] + headline + v["end"]
    first_line = ""
    if first is not None:
        before = _Counts(key, first)
        tone = "good" if before.correct else "bad"
        first_line = f["first_open"][tone] + before.summary(key) + f["sentence_close"]
    ordered = sorted(
        key["order"], key=lambda i: _priority(key["classes"][i], i in chosen)
    )  # stable: within a priority, the shown order
    rows = "".join(key["rows"][i][1 if i in chosen else 0] for i in ordered)
    feedback = (
        f["open"]
        + f["headline_open"][now.tone]
        + headline
        + f["headline_close"]
        + first_line
        + f["attempt_open"][now.tone]
        + now.summary(key)
        + f["sentence_close"]
        + f["options_open"]
        + rows
        + f["options_close"]
        + f["tail"]
    )
    return verdict, feedback, True
