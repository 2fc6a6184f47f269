"""``icans_calculator()``: enter any findings and see the ICE total and the ICANS grade live.

Free entry of every ICANS domain (level of consciousness, seizure, motor findings, cerebral
edema; global aphasia; tremor, which never changes the grade) and of the ICE items (the same
inputs as the ICE exercise, starting at full marks), plus "Unarousable: cannot do the ICE",
which disables the ICE items and, when ticked, sets the level of consciousness to "unarousable".
Every domain is a group of radio buttons (Tab and Space work in JupyterLab; a dropdown's arrow
keys are taken by JupyterLab's command mode, ipywidgets issue 3912). The ICE total, the grade
(``casebook.grading.grade_icans``, ASTCT 2019) and its explanation update on every change.
Findings that cannot be graded together (e.g. ICE not testable while the patient is arousable)
show the engine's message in words, with the calculator's labels
(``casebook.feedback.plain_problems``), not a traceback. Nothing is recorded.

Class names (``_dom_classes``), for browser tests:

- ``casebook-calculator``: the whole calculator
- ``casebook-calc-consciousness``, ``casebook-calc-seizure``, ``casebook-calc-motor``,
  ``casebook-calc-edema``, ``casebook-calc-tremor``: the radio button groups (one button per
  finding, labelled with the finding's words)
- ``casebook-calc-aphasia``, ``casebook-calc-unarousable``: the checkboxes
- ``casebook-calc-result``: total, grade and explanation (or the message in words)
- the ICE inputs: see ``casebook.widgets.common``
"""

from __future__ import annotations

import ipywidgets as w

from casebook import html as h
from casebook.feedback import plain_problems
from casebook.grading import ASTCT_2019, GradingError, grade_icans
from casebook.vocab import FINDING_LABELS, VALUE_LABELS, ice_out_of
from casebook.widgets.common import STYLE, IceInputs, auto, guarded, keyboard_hint, radios

__all__ = ["icans_calculator"]

_DOMAINS = (
    ("consciousness", FINDING_LABELS["consciousness"]),
    ("seizure", FINDING_LABELS["seizure"]),
    ("motor", FINDING_LABELS["motor"]),
    ("edema", f"{FINDING_LABELS['edema']} / raised ICP"),
    ("tremor", f"{FINDING_LABELS['tremor']} (never changes the grade)"),
)


def icans_calculator() -> w.VBox:
    """A live ICANS calculator (adults, ASTCT 2019)."""
    drop = {
        name: radios(
            text,
            [(label, key) for key, label in VALUE_LABELS[name].items()],
            value=next(iter(VALUE_LABELS[name])),
            vertical=True,
        )
        for name, text in _DOMAINS
    }
    aphasia = w.Checkbox(
        value=False,
        description="Global aphasia (awake, but cannot speak or understand)",
        indent=False,
        style=STYLE,
        layout=auto(),
    )
    unarousable = w.Checkbox(
        value=False,
        description="Unarousable: cannot do the ICE",
        indent=False,
        style=STYLE,
        layout=auto(),
    )
    ice = IceInputs(full=True)
    result = w.HTML()
    for name, widget in drop.items():
        widget.add_class(f"casebook-calc-{name}")
    aphasia.add_class("casebook-calc-aphasia")
    unarousable.add_class("casebook-calc-unarousable")
    result.add_class("casebook-calc-result")

    def update(_change: dict | None = None) -> None:
        ice.set_disabled(unarousable.value)
        total = None if unarousable.value else ice.total()
        values = {name: widget.value for name, widget in drop.items()}
        try:
            grade = grade_icans(ice=total, global_aphasia=aphasia.value, **values)
        except GradingError as exc:
            text = "\n".join(["These findings cannot be graded together:", *_problems(exc)])
            result.value = h.running_total(total) + h.message(text, "warning", title="Check")
            return
        result.value = _result_html(total, grade)

    def on_unarousable(change: dict) -> None:
        if change["new"]:  # the ICE cannot be done because the patient is unarousable
            drop["consciousness"].value = "unarousable"
        update()

    for widget in (*drop.values(), aphasia):
        widget.observe(guarded(result, update), names="value")
    unarousable.observe(guarded(result, on_unarousable), names="value")
    ice.observe(guarded(result, update))
    guarded(result, update)()
    findings = w.VBox(
        [
            w.HTML("<strong>ICANS domains</strong>"),
            drop["consciousness"],
            drop["seizure"],
            drop["motor"],
            drop["edema"],
            aphasia,
            drop["tremor"],
            keyboard_hint(),
        ],
        layout=auto(),
    )
    ice_box = w.VBox([w.HTML("<strong>ICE score</strong>"), unarousable, ice.box], layout=auto())
    box = w.VBox([findings, ice_box, result], layout=auto())
    box.add_class("casebook-calculator")
    return box


_NAMES = {"ice": "ICE total", "global_aphasia": "Global aphasia", **dict(_DOMAINS)}


def _problems(exc: GradingError) -> tuple[str, ...]:
    """The engine's message in words, with the calculator's labels."""
    return plain_problems(exc, _NAMES)


def _result_html(total: int | None, grade) -> str:
    if total is None:
        ice_text = "ICE: not testable (the patient is unarousable)"
    else:
        ice_text = f"ICE total: {ice_out_of(total)}"
    lines = "".join(f"<li>{h.esc(line)}</li>" for line in grade.explanation)
    return (
        '<div class="casebook-box" style="font-size: 15px; color: #111827; background: #ffffff; '
        f'padding: 6px 10px;"><p style="margin: 4px 0;">{h.esc(ice_text)}</p>'
        f'<p style="margin: 4px 0;">{h.grade_badge(grade.grade)} {h.esc(grade.summary)}</p>'
        f'<ul style="margin: 4px 0; padding-left: 1.4em;">{lines}</ul>'
        f'<p style="margin: 4px 0; font-size: 13px;">Rules: {h.esc(ASTCT_2019)}. For education '
        "only, not for clinical decisions.</p></div>"
    )
