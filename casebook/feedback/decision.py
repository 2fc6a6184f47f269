"""A learner's choice at a decision point, judged option by option.

``assess_decision(decision, chosen, cite=...) -> DecisionFeedback``: every option classified
for the learner's choice, with its rationale and source, kept apart from what the team did (with
provenance) and what the guidelines advise (with citations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from casebook.model import Decision
from casebook.vocab import PROVENANCE_LABELS

__all__ = [
    "VERDICTS",
    "DecisionFeedback",
    "OptionFeedback",
    "TeamNote",
    "Verdict",
    "assess_decision",
]


# ---------------------------------------------------------------------------------------------
# Decisions
@dataclass(frozen=True)
class Verdict:
    """How one option is judged for the learner's choice: words, tone and a symbol.

    ``tone`` is "good", "bad", "warning" or "neutral"; the symbol (✓ ✗ ! or –) and the words carry
    the meaning, so colour is never the only signal.
    """

    text: str
    tone: str
    symbol: str


# (classification, chosen) -> verdict
VERDICTS: Mapping[tuple[str, bool], Verdict] = MappingProxyType(
    {
        ("essential", True): Verdict("essential - chosen", "good", "✓"),
        ("essential", False): Verdict("essential - missed", "bad", "✗"),
        ("harmful", True): Verdict("harmful - chosen", "bad", "✗"),
        ("harmful", False): Verdict("harmful - avoided", "good", "✓"),
        ("acceptable", True): Verdict("acceptable - chosen", "neutral", "✓"),
        ("acceptable", False): Verdict("acceptable - not chosen", "neutral", "–"),
        ("not_indicated", True): Verdict("not indicated - chosen", "warning", "!"),
        ("not_indicated", False): Verdict("not indicated - not chosen", "neutral", "✓"),
    }
)


@dataclass(frozen=True)
class OptionFeedback:
    id: str
    label: str
    description: str
    chosen: bool
    classification: str
    rationale: str
    ref: str
    source: str  # short citation of ``ref``
    verdict: Verdict

    @property
    def message(self) -> str:
        return f"{self.label}: {self.verdict.text}. {self.rationale} (Source: {self.source})"


@dataclass(frozen=True)
class TeamNote:
    """One sentence of what the team did, with its provenance (report, reconstructed,
    not_reported) and the label shown for it."""

    sentence: str
    source: str
    label: str


@dataclass(frozen=True)
class DecisionFeedback:
    decision_id: str
    title: str
    day: int
    chosen: tuple[str, ...]
    options: tuple[OptionFeedback, ...]
    team_did: tuple[TeamNote, ...]
    guideline: str
    guideline_sources: tuple[str, ...]
    report_citation: str = ""  # the case report, named in the provenance tooltips

    def _count(self, classification: str, chosen: bool = True) -> int:
        return sum(
            1 for o in self.options if o.classification == classification and o.chosen == chosen
        )

    @property
    def essential_total(self) -> int:
        return sum(1 for o in self.options if o.classification == "essential")

    @property
    def essential_chosen(self) -> int:
        return self._count("essential")

    @property
    def essential_missed(self) -> int:
        return self._count("essential", chosen=False)

    @property
    def harmful_chosen(self) -> int:
        return self._count("harmful")

    @property
    def not_indicated_chosen(self) -> int:
        return self._count("not_indicated")

    @property
    def acceptable_chosen(self) -> int:
        return self._count("acceptable")

    @property
    def correct(self) -> bool:
        """Every essential option chosen and no harmful one (docs/design.md)."""
        return self.essential_missed == 0 and self.harmful_chosen == 0

    @property
    def score(self) -> float:
        """Fraction of essential options chosen, 0 when any harmful option is chosen; rounded
        to 3 places (docs/design.md). With no essential option it is 1 unless harm was chosen."""
        if self.harmful_chosen:
            return 0.0
        if not self.essential_total:
            return 1.0
        return round(self.essential_chosen / self.essential_total, 3)

    @property
    def summary(self) -> str:
        """E.g. "3/4 essential, 1 harmful" (plus not-indicated choices when there are any)."""
        text = f"{self.essential_chosen}/{self.essential_total} essential, "
        text += f"{self.harmful_chosen} harmful"
        if self.not_indicated_chosen:
            text += f", {self.not_indicated_chosen} not indicated"
        return text

    @property
    def result(self) -> dict[str, Any]:
        """The "result" of the response record (docs/design.md)."""
        return {
            "score": self.score,
            "reference": [o.id for o in self.options if o.classification == "essential"],
            "correct": self.correct,
            "items": {o.id: {"chosen": o.chosen, "class": o.classification} for o in self.options},
            "decision": self.decision_id,
        }


def assess_decision(
    decision: Decision,
    chosen: Iterable[str],
    *,
    cite: Callable[[str], str] | None = None,
    report_citation: str = "",
) -> DecisionFeedback:
    """Judge the learner's choice at a decision point, option by option.

    ``chosen``: the ids of the options the learner chose (a collection, not one string).
    ``cite``: reference key -> short citation, normally ``case.cite``; without it the key is
    shown. ``report_citation``: the case report (``Case.report_citation``), for the provenance
    tooltips. Raises ValueError for unknown or repeated ids, naming them and the valid ids.
    """
    cite = cite or (lambda key: key)
    if isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
        raise ValueError(f"chosen must be a collection of option ids (e.g. a list), not {chosen!r}")
    picked = list(chosen)
    valid = [o.id for o in decision.options]
    unknown = [c for c in picked if c not in valid]
    repeated = sorted({c for c in picked if picked.count(c) > 1 and c in valid})
    problems = []
    if unknown:
        problems.append(f"unknown option ids {unknown!r}")
    if repeated:
        problems.append(f"ids chosen more than once {repeated!r}")
    if problems:
        raise ValueError(
            f"Decision {decision.id!r}: {'; '.join(problems)}; the options are {valid!r}"
        )

    options = []
    for opt in decision.options:
        is_chosen = opt.id in picked
        options.append(
            OptionFeedback(
                id=opt.id,
                label=opt.label,
                description=opt.intervention.description,
                chosen=is_chosen,
                classification=opt.classification,
                rationale=opt.rationale,
                ref=opt.ref,
                source=cite(opt.ref),
                verdict=VERDICTS[(opt.classification, is_chosen)],
            )
        )
    team = tuple(
        TeamNote(a.sentence, a.source, PROVENANCE_LABELS.get(a.source, a.source))
        for a in decision.team_did
    )
    return DecisionFeedback(
        decision_id=decision.id,
        title=decision.title,
        day=decision.day,
        chosen=tuple(o for o in valid if o in picked),
        options=tuple(options),
        team_did=team,
        guideline=decision.guideline,
        guideline_sources=tuple(cite(key) for key in decision.guideline_refs),
        report_citation=report_citation,
    )
