"""Words for the ids in response records: the class report shows what a learner read, not ids.

A record names its case, decision and options by id (``c1-grade2``, ``stay_admitted``). The
report reads the words from the case data: each option's label from the intervention catalogue
(``data/interventions.yaml``, as the case loads it), each decision's title, each case's title;
ICE item and orientation-part names and the option classes come from ``casebook.vocab``. A case
the report cannot load (a folder it was not given, renamed ids) keeps its ids, and the report
says which cases those are. Records themselves are never changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from casebook.loading import CaseDataError, data_dir, list_cases, load_case

__all__ = ["CLASS_WORDS", "Labels", "labels_for"]

# The option classes of a decision (docs/data-format.md), as the feedback words them.
CLASS_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "essential": "essential",
        "acceptable": "acceptable",
        "not_indicated": "not indicated",
        "harmful": "harmful",
    }
)


# Exercises without an instance id, as learners know them.
EXERCISE_WORDS: Mapping[str, str] = MappingProxyType({"ice": "ICE exam"})


@dataclass(frozen=True)
class Labels:
    """Words for case, decision and option ids; an id without words is shown as itself."""

    cases: Mapping[str, str] = field(default_factory=dict)  # case id -> title
    decisions: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (case, id) -> title
    options: Mapping[str, str] = field(default_factory=dict)  # intervention id -> label
    unknown_cases: tuple[str, ...] = ()  # case ids named in records that could not be loaded
    unreadable: tuple[str, ...] = ()  # case folders named by the instructor that did not load

    def case(self, case_id: str) -> str:
        return self.cases.get(case_id, case_id)

    def decision(self, case_id: str, decision_id: str) -> str:
        return self.decisions.get((case_id, decision_id), decision_id)

    def option(self, option_id: str) -> str:
        return self.options.get(option_id, option_id)

    def exercise(self, case_id: str, exercise: str, instance: str = "") -> str:
        """An exercise as learners know it: a decision by its title, the ICE as "ICE exam",
        another type by its name."""
        if instance:
            return self.decision(case_id, instance)
        return EXERCISE_WORDS.get(exercise, exercise)


def labels_for(
    case_ids: Iterable[str], *, case_paths: Iterable[str | os.PathLike[str]] = ()
) -> Labels:
    """Labels for the cases named in the records (``case_ids``).

    Only the bundled cases and the case folders the instructor names (``case_paths``) are read,
    never a path taken from a record (records are the learners' to edit). The bundled catalogue
    gives every option its label: a case's options are interventions of the shared catalogue.
    """
    bundled = [data_dir() / "cases" / name for name in list_cases()]
    named = [Path(p) for p in case_paths]
    cases: dict[str, str] = {}
    decisions: dict[tuple[str, str], str] = {}
    options: dict[str, str] = {}
    unreadable = []
    for folder in [*named, *bundled]:  # the instructor's own folders first
        try:
            case = load_case(folder)
        except CaseDataError:
            if folder in named:
                unreadable.append(str(folder))
            continue
        if case.id in cases:
            continue
        cases[case.id] = case.title
        for decision in case.decisions:
            decisions[(case.id, decision.id)] = decision.title
        for intervention_id, intervention in case.catalogue.items():
            options.setdefault(intervention_id, intervention.label)
    unknown = tuple(sorted(set(case_ids) - set(cases)))
    return Labels(
        MappingProxyType(cases),
        MappingProxyType(decisions),
        MappingProxyType(options),
        unknown,
        tuple(unreadable),
    )
