"""Exclusive groups of the intervention catalogue (CB409) and the decisions that use them (CB410).

An exclusive group (``interventions.yaml``, ``exclusive_groups``) lists interventions of which a
learner may choose at most one (``docs/data-format.md``). Its members must be interventions of
the catalogue (CB409), and no decision may mark two members of one group essential (CB410): no
learner could then choose every essential option, so no answer could be correct.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casebook.loading.problems import rule
from casebook.loading.readers import YamlDoc

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["check_exclusive_essentials", "check_exclusive_groups"]


@rule("CB409")
def check_exclusive_groups(ck: Checker, doc: YamlDoc, catalogue: dict[str, Any]) -> None:
    for g, group in enumerate(doc.data.get("exclusive_groups") or []):
        for m, member in enumerate(group["members"]):
            if member not in catalogue:
                ck.add_at(
                    "CB409",
                    doc,
                    ["exclusive_groups", g, "members", m],
                    f"exclusive group {group['id']!r} names {member!r}, which is not in the "
                    "intervention catalogue",
                    value=member,
                    expected="an id of the interventions listed above it",
                )


@rule("CB410")
def check_exclusive_essentials(ck: Checker, doc: YamlDoc, groups: list[dict[str, Any]]) -> None:
    for i, dec in enumerate(doc.data["decisions"]):
        essential = {
            o["id"]: k for k, o in enumerate(dec["options"]) if o.get("class") == "essential"
        }
        for group in groups:
            both = [m for m in group["members"] if m in essential]
            if len(both) < 2:
                continue
            ck.add_at(
                "CB410",
                doc,
                ["decisions", i, "options", essential[both[1]], "class"],
                f"decision {dec['id']!r} marks {', '.join(repr(b) for b in both)} essential, "
                f"but they exclude each other (exclusive group {group['id']!r}: "
                f"{group['label']})",
                value="essential",
                expected="at most one essential option per exclusive group (a learner may "
                "choose only one of them); make the others acceptable or not_indicated",
            )
