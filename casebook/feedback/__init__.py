"""Learner answers against the reference: ICE item by item, decisions option by option, and
practice vignettes grade by grade.

Pure functions returning frozen records; no widgets, no I/O. ``casebook.html`` renders the
records, ``casebook.widgets`` wires them to controls, and ``.result`` gives the "result" part of
the response record described in docs/design.md.

- ``ice``: ``compare_ice(case, day, answer)``, ``ice_not_testable(case, day)``
- ``decision``: ``assess_decision(decision, chosen, cite=...)``
- ``vignette``: ``assess_vignette(vignette, icans_choice, crs_choice)``
- ``words``: rules and findings in words; ``plain_problems`` (engine refusals in words)

Every message that states a rule names its source: the ICE and ICANS rules are ASTCT 2019
(``casebook.grading.ASTCT_2019_CITATION``); option rationales and guideline text cite the case's
references. For education only, never for clinical decisions.
"""

from __future__ import annotations

from casebook.feedback.decision import (
    VERDICTS,
    DecisionFeedback,
    OptionFeedback,
    TeamNote,
    Verdict,
    assess_decision,
)
from casebook.feedback.ice import (
    IceFeedback,
    IceItemFeedback,
    IceNotTestable,
    compare_ice,
    ice_not_testable,
)
from casebook.feedback.vignette import (
    VIGNETTE_NAMES,
    GradeCheck,
    VignetteFeedback,
    assess_vignette,
)
from casebook.feedback.words import ICE_NOT_TESTABLE_PROBLEM, ice_bands_rule, plain_problems
from casebook.vocab import ICE_LABELS, ICE_TASKS, PROVENANCE_LABELS

__all__ = [
    "ICE_LABELS",
    "ICE_NOT_TESTABLE_PROBLEM",
    "ICE_TASKS",
    "PROVENANCE_LABELS",
    "VERDICTS",
    "VIGNETTE_NAMES",
    "DecisionFeedback",
    "GradeCheck",
    "IceFeedback",
    "IceItemFeedback",
    "IceNotTestable",
    "OptionFeedback",
    "TeamNote",
    "Verdict",
    "VignetteFeedback",
    "assess_decision",
    "assess_vignette",
    "compare_ice",
    "ice_bands_rule",
    "ice_not_testable",
    "plain_problems",
]
