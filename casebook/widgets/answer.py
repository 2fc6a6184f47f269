"""The answer area of the ICE and decision exercises, drawn and judged in the page.

:class:`AnswerArea` is an ``anywidget``: a few hundred lines of JavaScript (``_ESM`` below) draw
the inputs, the running total, the Check or Submit button, the one-line verdict beside it, a
"Saved" status and the feedback below. On a click the page joins the verdict and feedback from
the exercise's feedback table (``casebook.html.table``: the engine's own HTML fragments for
every possible answer, computed when the exercise is built) and shows them at once, within a
frame, with no kernel round trip. It also sends the answer to the kernel (a custom message,
``{"type": "answer", "seq": n, "view": id, "answer": ..., "shown": bool}``; the reply carries
the same ``seq`` and ``view``). The kernel checks the message (a malformed one
gets a clear error), grades it again with the engine, records it
(``casebook.responses.record_response``: attempts counted, the same record as before), replies,
and only then tells the course views (``mark_answered``); the page shows "Saved" when the reply
comes, or the warning when the answer could not be saved.

The page refuses, without a round trip, an ICE answer with items not scored yet and a choice
that is empty or holds two options that exclude each other, with the engine's words. While no
learner id is set (``learner_missing``, kept in step by the exercise's learner form) nothing is
shown before the kernel has answered: it checks the id again, and either refuses (the form asks
for the id) or records and sends the feedback itself.

In assessment mode before release the table has no ``key`` part: nothing about the reference
reaches the page. The kernel scores and replies with the withheld notice, which is all the page
shows (docs/design.md, "Feedback in the page").

Accessibility: each orientation part is a labelled checkbox and each other ICE item a fieldset
of native radio buttons sharing one name, with the item as legend (Tab reaches the group, the
arrow keys choose inside it); each decision option is a labelled checkbox with its description
beside it. Every element that takes focus carries ``data-lm-suppress-shortcuts`` so that
JupyterLab's command-mode keys stay out (``casebook.widgets.keys``), and the focus ring is 3 px.
Verdicts carry words and a symbol, never colour alone. Text from case files arrives as escaped
HTML fragments made by ``casebook.html`` or is set with ``textContent``.

Class names (for browser tests; the exercise modules list theirs):

- ``casebook-answer``: the area; ``casebook-ice-answer`` or ``casebook-decision-answer``
- ``casebook-ice-inputs``; ``casebook-ice-year`` ... ``casebook-ice-hospital`` (each wraps its
  checkbox); ``casebook-ice-naming``, ``-commands``, ``-writing``, ``-attention`` (fieldsets of
  radio buttons whose values are the points as text: "0", "1", ...)
- ``casebook-ice-total``: the running total; ``casebook-keyboard-hint``: the keyboard line
- ``casebook-ice-check`` / ``casebook-decision-submit``: the button
- ``casebook-decision-option`` and ``casebook-option-<id>``: each option (wraps its checkbox)
- ``casebook-quick-verdict``: the one-line verdict beside the button
- ``casebook-save-status``: beside it; ``casebook-saving`` while the kernel has not answered,
  ``casebook-saved`` once the answer is recorded, ``casebook-not-saved`` when it could not be
- ``casebook-ice-feedback-area`` / ``casebook-decision-feedback-area``: the feedback;
  ``casebook-error`` added while it shows an error
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import anywidget
import traitlets

from casebook import html as h

__all__ = ["AnswerArea", "bad_message", "refusal"]

Handler = Callable[[Mapping[str, Any]], dict[str, Any]]

_ESM = r"""
const SUPPRESS = "data-lm-suppress-shortcuts";
// Radio groups are grouped by name across the whole page, and each widget may get its own copy
// of this module: names and ids must be unique per page, not per module.
const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- joining the feedback table (casebook.html.table: assemble_ice, assemble_decision) -------
export function answerKey(name, value) {
  if (name === "orientation") {
    return ["year", "month", "city", "hospital"].map((p) => (value[p] ? "1" : "0")).join("");
  }
  return String(value);
}

export function assembleIce(table, answer) {
  const POINTS = ["naming", "commands", "writing", "attention"];
  const ITEMS = ["orientation", ...POINTS];
  const missing = POINTS.filter((n) => answer[n] === null || answer[n] === undefined);
  if (missing.length) {
    const form = table.form.unscored;
    const names = missing.map((n) => form.names[n]).join(form.sep) + form.end;
    return [form.verdict_open + names + form.verdict_close,
            form.feedback_open + names + form.feedback_close];
  }
  const key = table.key;
  const keys = {};
  for (const n of ITEMS) keys[n] = answerKey(n, answer[n]);
  const wrong = ITEMS.filter((n) => keys[n] !== key.reference[n]);
  let total = 0;
  for (const p of ["year", "month", "city", "hospital"]) total += answer.orientation[p] ? 1 : 0;
  for (const n of POINTS) total += Number(answer[n]);
  const v = key.verdict;
  const verdict = wrong.length
    ? v.bad_open + v.count[wrong.length] + wrong.map((n) => v.names[n]).join(v.sep)
      + v.totals[total] + v.close
    : v.good;
  const f = key.feedback;
  const feedback = f.open + f.head[wrong.length] + f.table_open
    + ITEMS.map((n) => f.rows[n][keys[n]]).join("") + f.table_close
    + ITEMS.map((n) => f.details[n][keys[n]]).join("") + f.tails[total];
  return [verdict, feedback];
}

function refusals(form, chosen) {
  if (!chosen.length) return [form.empty];
  const problems = [];
  for (const group of form.groups) {
    const both = group.members.filter((m) => chosen.includes(m));
    if (both.length > 1) {
      problems.push(both.map((m) => form.quote_open + form.labels[m] + form.quote_close)
        .join(form.and) + group.end);
    }
  }
  return problems;
}

function counts(key, chosen) {
  const c = { harmful: [], missed: [], essential: 0, notIndicated: 0 };
  for (const id of key.order) {
    const cls = key.classes[id];
    const picked = chosen.includes(id);
    if (cls === "harmful" && picked) c.harmful.push(id);
    if (cls === "essential" && !picked) c.missed.push(id);
    if (cls === "essential" && picked) c.essential += 1;
    if (cls === "not_indicated" && picked) c.notIndicated += 1;
  }
  c.correct = !c.harmful.length && !c.missed.length;
  c.tone = c.correct ? "good" : (c.harmful.length || c.missed.length ? "bad" : "warning");
  return c;
}

function summary(key, c) {
  const s = key.summary;
  let text = s.essential[String(c.essential)] + s.harmful[String(c.harmful.length)];
  if (c.notIndicated) text += s.not_indicated[String(c.notIndicated)];
  return text;
}

function headline(key, labels, c) {
  const h = key.headline;
  const parts = [];
  if (c.harmful.length) {
    parts.push(h.harmful + c.harmful.map((i) => labels[i]).join(h.sep) + h.end);
  }
  if (c.missed.length) {
    const named = c.missed.slice(0, h.names).map((i) => labels[i]).join(h.sep);
    const more = c.missed.length - h.names;
    parts.push(h.missed + named + (more > 0 ? h.more[String(more)] : h.end));
  }
  if (!parts.length) parts.push(h.all_good);
  if (c.notIndicated) parts.push(h.not_indicated[String(c.notIndicated)]);
  return parts.join(h.join);
}

function priority(cls, picked) {
  if (cls === "harmful" && picked) return 0;
  if (cls === "essential" && !picked) return 1;
  if (cls === "not_indicated" && picked) return 2;
  return 3;
}

export function assembleDecision(table, chosen, first) {
  const form = table.form;
  const refused = refusals(form, chosen);
  if (refused.length) {
    const text = refused.join(form.join);
    return [form.verdict_open + text + form.verdict_close,
            form.feedback_open + text + form.feedback_close, false];
  }
  const key = table.key;
  const now = counts(key, chosen);
  const head = headline(key, form.labels, now);
  const v = key.verdict;
  const f = key.feedback;
  const verdict = v.open[now.tone] + head + v.end;
  let firstLine = "";
  if (first !== null && first !== undefined) {
    const before = counts(key, first);
    firstLine = f.first_open[before.correct ? "good" : "bad"] + summary(key, before)
      + f.sentence_close;
  }
  const ordered = key.order
    .map((id, index) => [priority(key.classes[id], chosen.includes(id)), index, id])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map((entry) => entry[2]);
  const rows = ordered.map((id) => key.rows[id][chosen.includes(id) ? 1 : 0]).join("");
  const feedback = f.open + f.headline_open[now.tone] + head + f.headline_close + firstLine
    + f.attempt_open[now.tone] + summary(key, now) + f.sentence_close + f.options_open + rows
    + f.options_close + f.tail;
  return [verdict, feedback, true];
}

// ---- drawing ------------------------------------------------------------------------------
function checkbox(wrapClass, labelText, name) {
  const wrap = make("label", wrapClass);
  const input = make("input");
  input.type = "checkbox";
  if (name) input.name = name;
  wrap.append(input, make("span", "", labelText));
  return [wrap, input];
}

function drawIce(spec, root) {
  const uid = `casebook-ice-${unique()}`;
  root.append(make("div", "casebook-answer-heading", spec.heading));
  const inputs = make("div", "casebook-ice-inputs");
  const orientation = make("fieldset", "casebook-ice-orientation");
  orientation.append(make("legend", "", spec.orientation.legend));
  const parts = {};
  for (const part of spec.orientation.parts) {
    const [wrap, input] = checkbox(`casebook-ice-choice casebook-ice-${part.name}`, part.label);
    parts[part.name] = input;
    orientation.append(wrap);
  }
  inputs.append(orientation);
  const groups = {};
  for (const item of spec.items) {
    const set = make("fieldset", `casebook-ice-group casebook-ice-${item.name}`);
    set.append(make("legend", "", item.legend));
    const row = make("div", "casebook-ice-options");
    groups[item.name] = [];
    for (const option of item.options) {
      const wrap = make("label", "casebook-ice-choice");
      const input = make("input");
      input.type = "radio";
      input.name = `${uid}-${item.name}`;
      input.value = String(option.points);
      wrap.append(input, make("span", "", option.label));
      row.append(wrap);
      groups[item.name].push(input);
    }
    set.append(row);
    inputs.append(set);
  }
  inputs.append(make("div", "casebook-keyboard-hint", spec.hint));
  root.append(inputs);
  const total = make("div", "casebook-ice-total");
  const totalText = make("div", "casebook-running-total");
  total.append(totalText);
  root.append(total);
  const answer = () => {
    const out = { orientation: {} };
    for (const [name, input] of Object.entries(parts)) out.orientation[name] = input.checked;
    for (const [name, radios] of Object.entries(groups)) {
      const on = radios.find((r) => r.checked);
      out[name] = on ? Number(on.value) : null;
    }
    return out;
  };
  const update = () => {
    const a = answer();
    let points = 0;
    for (const v of Object.values(a.orientation)) points += v ? 1 : 0;
    const missing = [];
    for (const item of spec.items) {
      if (a[item.name] === null) missing.push(item.label);
      else points += a[item.name];
    }
    let text = `Your ICE total so far: ${points}/${spec.maximum}`;
    if (missing.length) text += ` (not scored yet: ${missing.join(", ")})`;
    totalText.textContent = text;
  };
  inputs.addEventListener("change", update);
  update();
  return { read: answer };
}

function drawDecision(spec, root) {
  const list = make("div", "casebook-decision-options");
  const boxes = [];
  for (const option of spec.options) {
    const row = make("div", "casebook-decision-row");
    const [wrap, input] = checkbox(
      `casebook-decision-option casebook-option-${option.id}`, option.label);
    input.title = option.description;
    input.dataset.option = option.id;
    const help = make("div", "casebook-option-description", option.description);
    help.id = `casebook-option-help-${unique()}`;
    input.setAttribute("aria-describedby", help.id);
    row.append(wrap, help);
    list.append(row);
    boxes.push(input);
  }
  root.append(list);
  // The order of the record: the file's order (spec.ids), not the shown one.
  const read = () => {
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.option));
    return spec.ids.filter((id) => on.has(id));
  };
  return { read };
}

function render({ model, el }) {
  const spec = model.get("spec");
  const kind = model.get("kind");
  const root = make("div", `casebook-answer casebook-${kind}-answer`);
  root.setAttribute(SUPPRESS, "true");
  root.addEventListener("focusin", (event) => event.target.setAttribute(SUPPRESS, "true"), true);
  const inputs = kind === "ice" ? drawIce(spec, root) : drawDecision(spec, root);
  const row = make("div", "casebook-answer-row");
  const which = kind === "ice" ? "ice-check" : "decision-submit";
  const button = make("button", `casebook-answer-button casebook-${which}`);
  button.type = "button";
  button.title = spec.tooltip;
  const tick = make("span", "casebook-answer-tick", "\u2713");
  button.append(tick, make("span", "", ` ${spec.button}`));
  button.firstChild.setAttribute("aria-hidden", "true");
  const verdict = make("span", "casebook-quick-verdict");
  verdict.setAttribute("role", "status");
  const status = make("span", "casebook-save-status");
  status.setAttribute("role", "status");
  const beside = make("div", "casebook-answer-beside");
  beside.append(verdict, status);
  row.append(button, beside);
  root.append(row);
  const feedback = make("div", `casebook-feedback-area casebook-${kind}-feedback-area`);
  root.append(feedback);
  el.append(root);

  // Replies reach every view of the model: each view keeps to its own (the same exercise may be
  // shown twice).
  const view = unique();
  let seq = 0;
  let attempts = model.get("attempts");
  let first = model.get("first");
  const setStatus = (cls, text) => {
    status.className = `casebook-save-status ${cls}`;
    status.textContent = text;
  };
  const show = (v, f) => {
    feedback.classList.remove("casebook-error");
    verdict.innerHTML = v;   // escaped fragments made by casebook.html
    feedback.innerHTML = f;
  };

  button.addEventListener("click", () => {
    const answer = inputs.read();
    const table = model.get("table");
    const local = Boolean(table.key) && !model.get("learner_missing");
    let refused;
    let joined = null;
    if (kind === "ice") {
      refused = ["naming", "commands", "writing", "attention"].some((n) => answer[n] === null);
      if (refused || local) joined = assembleIce(table, answer);
    } else {
      refused = refusals(table.form, answer).length > 0;
      const firstShown = attempts >= 1 ? first : null;
      if (refused || local) joined = assembleDecision(table, answer, refused ? null : firstShown);
    }
    if (refused) {  // nothing to record: the refusal, from the table's form part
      show(joined[0], joined[1]);
      setStatus("", "");
      return;
    }
    const shown = joined !== null;
    if (shown) {
      attempts += 1;
      if (first === null) first = answer;
    }
    seq += 1;
    // The answer goes to the kernel first (its round trip then overlaps the drawing below).
    model.send({ type: "answer", seq, view, answer, shown });
    setStatus("casebook-saving", shown ? "Saving\u2026" : "Checking\u2026");
    if (shown) show(joined[0], joined[1]);
  });

  model.on("msg:custom", (msg) => {
    if (!msg || msg.seq !== seq || msg.view !== view) return;
    if (msg.attempt !== undefined) attempts = msg.attempt;
    if (msg.first !== undefined) first = msg.first;
    if (msg.feedback !== undefined) show(msg.verdict, msg.feedback);
    if (msg.warning) {
      feedback.innerHTML = msg.warning + feedback.innerHTML;
      verdict.innerHTML = msg.verdict;
    }
    if (msg.type === "error") feedback.classList.add("casebook-error");
    if (msg.type === "saved") setStatus("casebook-saved", "\u2713 Saved");
    else if (msg.type === "refused") setStatus("", "");
    else setStatus("casebook-not-saved", "! Not saved");
  });
}
export default { render };
"""

_CSS = """
.casebook-answer { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 15px; color: #111827; line-height: 1.45; }
.casebook-answer-heading { font-weight: 700; margin: 6px 0 2px 0; }
.casebook-answer fieldset { border: none; margin: 2px 0; padding: 0; min-width: 0; }
.casebook-answer legend { padding: 0; margin: 4px 0 0 0; color: #111827; }
.casebook-ice-options { display: flex; flex-wrap: wrap; gap: 2px 14px; }
.casebook-ice-choice, .casebook-decision-option { display: inline-flex; align-items: center;
  gap: 6px; cursor: pointer; margin: 1px 12px 1px 0; }
.casebook-answer input[type=checkbox], .casebook-answer input[type=radio] { width: 16px;
  height: 16px; margin: 0; accent-color: #1d4ed8; }
.casebook-keyboard-hint { font-size: 13px; color: #374151; margin: 2px 0; }
.casebook-ice-total { margin: 4px 0; }
.casebook-decision-options { margin: 4px 0; }
.casebook-decision-row { margin: 0 0 4px 0; }
.casebook-option-description { font-size: 13px; color: #374151; margin-left: 1.8em; }
.casebook-answer-row { display: flex; align-items: center; gap: 4px 10px; margin: 6px 0; }
.casebook-answer-button { margin: 8px; padding: 4px 14px; font-size: 14px; color: #ffffff;
  background: #1d4ed8; border: 1px solid #1e3a8a; border-radius: 2px; cursor: pointer;
  min-height: 30px; }
.casebook-answer-button:hover { background: #1e40af; }
.casebook-answer button:focus-visible, .casebook-answer input:focus-visible {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #ffffff !important; }
.casebook-answer-beside { display: flex; flex-direction: column; align-items: flex-start;
  gap: 2px; min-width: 0; flex: 1 1 20em; }
.casebook-save-status { font-size: 13px; color: #374151; }
.casebook-save-status:empty { display: none; }
.casebook-save-status.casebook-saved { color: #14532d; font-weight: 600; }
.casebook-save-status.casebook-not-saved { color: #713f12; font-weight: 600; }
"""


class AnswerArea(anywidget.AnyWidget):
    """The inputs, button, verdict, save status and feedback of one exercise (see the module
    docstring). ``handler(content) -> reply`` runs in the kernel for each answer sent."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    _css = traitlets.Unicode(_CSS).tag(sync=True)
    kind = traitlets.Unicode("ice").tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    table = traitlets.Dict().tag(sync=True)
    learner_missing = traitlets.Bool(False).tag(sync=True)
    attempts = traitlets.Int(0).tag(sync=True)
    first = traitlets.Any(None).tag(sync=True)

    def __init__(self, *, handler: Handler, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handler = handler
        self.on_msg(self._receive)

    def _receive(self, _widget: Any, content: Any, _buffers: Any) -> None:
        seq = content.get("seq") if isinstance(content, Mapping) else None
        try:
            if not isinstance(content, Mapping) or content.get("type") != "answer":
                raise ValueError(
                    f"expected a message {{'type': 'answer', 'seq': n, 'answer': ...}}; "
                    f"got {content!r:.200}"
                )
            if isinstance(seq, bool) or not isinstance(seq, int):
                raise ValueError(f"seq: got {seq!r}; expected a whole number")
            reply = self._handler(content)
        except ValueError as exc:
            reply = bad_message(str(exc))
        except Exception as exc:  # shown to the learner, never lost in the kernel log
            reply = {
                "type": "error",
                "verdict": h.quick_verdict("Something went wrong: see below.", "bad"),
                "feedback": h.message(f"Something went wrong: {exc}", "bad", title="Error"),
            }
        after = reply.pop("_after", None)
        view = content.get("view") if isinstance(content, Mapping) else None
        self.send({**reply, "seq": seq, "view": view if isinstance(view, str) else None})
        # For a view drawn later (the same exercise shown again): attempts and first choice.
        if "attempt" in reply:
            self.attempts = reply["attempt"]
        if "first" in reply:
            self.first = reply["first"]
        if after is not None:
            after()


def bad_message(problem: str) -> dict[str, Any]:
    """The reply to a message the kernel cannot read: nothing recorded, the problem named."""
    return {
        "type": "error",
        "verdict": h.quick_verdict("Not recorded: your answer could not be read.", "bad"),
        "feedback": h.message(
            f"Your answer could not be read, so nothing was recorded: {problem}",
            "bad",
            title="Not recorded",
        ),
    }


def refusal(verdict: str, feedback: str, **state: Any) -> dict[str, Any]:
    """The reply refusing an answer (nothing recorded); ``state``: the exercise's ``attempt``
    (and ``first`` choice) so far, which the page had counted ahead."""
    return {"type": "refused", "verdict": verdict, "feedback": feedback, **state}
