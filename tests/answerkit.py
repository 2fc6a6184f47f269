"""The ICE and decision answer areas (``casebook.widgets.answer.AnswerArea``) driven headless,
as their page drives them; shared by tests/widgets and tests/hardening."""

from __future__ import annotations

import json

import ipywidgets as w


def descendants(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += descendants(child)
    return found


class Page:
    """An exercise's answer area (``casebook.widgets.answer.AnswerArea``) driven as its
    JavaScript drives it: the inputs, a click that shows the verdict and feedback joined from the
    feedback table (``casebook.html.table``, whose joining tests/test_feedback_table.py checks
    against the JavaScript), the answer sent to the kernel as the custom message, and the
    kernel's reply applied (Saved, a save warning, an error, a refusal, the withheld notice)."""

    POINTS = ("naming", "commands", "writing", "attention")

    def __init__(self, exercise: w.Widget) -> None:
        from casebook.widgets.answer import AnswerArea

        [self.area] = [d for d in descendants(exercise) if isinstance(d, AnswerArea)]
        self.kind = self.area.kind
        self.replies: list[dict] = []
        self.area.send = lambda content, buffers=None: self.replies.append(content)
        self.answer: dict = {
            "orientation": dict.fromkeys(("year", "month", "city", "hospital"), False),
            **dict.fromkeys(self.POINTS),
        }
        self.chosen: list[str] = []
        self.verdict = self.feedback = self.status = ""
        self.error = False
        self.seq = 0
        self.attempts = self.area.attempts
        self.first = self.area.first

    # inputs
    def set(self, name: str, value) -> None:
        if name in self.answer["orientation"]:
            self.answer["orientation"][name] = value
        else:
            assert name in self.POINTS and value in range(4), (name, value)
            self.answer[name] = value

    def score(self, answer: dict) -> None:
        for part, value in answer["orientation"].items():
            self.set(part, value)
        for name in self.POINTS:
            self.set(name, answer[name])

    def choose(self, ids) -> None:
        ids = set(ids)
        self.chosen = [i for i in self.area.spec["ids"] if i in ids]

    # the click, as the JavaScript does it
    def click(self) -> None:
        from casebook.html.table import _refusals, assemble_decision, assemble_ice

        table = self.area.table
        local = "key" in table and not self.area.learner_missing
        shown = False
        if self.kind == "ice":
            answer = json.loads(json.dumps(self.answer))
            missing = any(answer[n] is None for n in self.POINTS)
            if missing or local:
                self._show(*assemble_ice(table, answer))
                if missing:
                    self.status = ""
                    return
                shown = True
        else:
            answer = list(self.chosen)
            refused = bool(_refusals(table["form"], answer))
            if refused or local:
                first = self.first if self.attempts >= 1 else None
                verdict, feedback, _ = assemble_decision(
                    table, answer, first=first if local else None
                )
                self._show(verdict, feedback)
                if refused:
                    self.status = ""
                    return
                shown = True
        if shown:
            self.attempts += 1
            if self.first is None:
                self.first = answer
        self.seq += 1
        self.status = "Saving…" if shown else "Checking…"
        self.send(
            {"type": "answer", "seq": self.seq, "view": "v1", "answer": answer, "shown": shown}
        )

    def send(self, content) -> dict:
        """Send ``content`` to the kernel as the page does; apply and return the reply."""
        before = len(self.replies)
        self.area._handle_custom_msg(json.loads(json.dumps(content)), [])
        [reply] = self.replies[before:]
        json.dumps(reply)  # the reply must travel as JSON
        view = content.get("view") if isinstance(content, dict) else None
        if reply.get("seq") != self.seq or reply.get("view") != view:
            return reply
        self.attempts = reply.get("attempt", self.attempts)
        self.first = reply.get("first", self.first)
        if "feedback" in reply:
            self._show(reply["verdict"], reply["feedback"])
        if reply.get("warning"):
            self.feedback = reply["warning"] + self.feedback
            self.verdict = reply["verdict"]
        self.error = reply["type"] == "error"
        self.status = {"saved": "✓ Saved", "refused": ""}.get(reply["type"], "! Not saved")
        return reply

    def _show(self, verdict: str, feedback: str) -> None:
        self.error = False
        self.verdict, self.feedback = verdict, feedback


def page(exercise: w.Widget) -> Page:
    """The one ``Page`` of ``exercise`` (kept on it, so that state lasts between clicks)."""
    if not hasattr(exercise, "_test_page"):
        exercise._test_page = Page(exercise)
    return exercise._test_page
