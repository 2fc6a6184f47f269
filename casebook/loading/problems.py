"""Problems in data files, the errors that list them, and the rule catalogue.

Every problem carries a stable rule code. ``RULES`` (case folders), ``VIGNETTE_RULES`` and
``RISK_RULES`` say what each code checks; ``docs/validation-rules.md`` gives an example and a
broken fixture for each. The function that checks a rule is registered with ``@rule(code)``
(``RULE_CHECKS``: code -> checking function), so every code can be traced to its check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

__all__ = [
    "RISK_RULES",
    "RULES",
    "RULE_CHECKS",
    "VIGNETTE_RULES",
    "CaseDataError",
    "Problem",
    "RiskDataError",
    "VignetteDataError",
    "rule",
]

# Rule code -> what it checks. docs/validation-rules.md has an example and a fixture for each.
RULES = MappingProxyType(
    {
        # CB1xx: paths, files, parsing, schema, provenance
        "CB101": "the path exists (or names a bundled case)",
        "CB102": "the path is a case folder",
        "CB103": "every required file is present and readable",
        "CB104": "every file is UTF-8 text",
        "CB105": "no file is empty",
        "CB106": "every YAML file parses",
        "CB107": "YAML uses no language-specific tags (e.g. !!python/object)",
        "CB108": "no key appears twice in one YAML mapping",
        "CB109": "every YAML file matches its JSON Schema (fields, types, patterns)",
        "CB110": "every row, fact, day, exam, decision and team action has a source",
        "CB111": "every source is an allowed provenance value",
        # CB2xx: course.csv
        "CB201": "course.csv has the header day,item,value,unit,source,note",
        "CB202": "every course.csv row has six fields",
        "CB203": "every day is a whole number from -60 to 365 (negative: before day 0)",
        "CB204": "numeric items hold a number",
        "CB205": "every item is a known item",
        "CB206": "every unit is the item's unit exactly",
        "CB207": "numbers are inside the item's range",
        "CB208": "word items hold one of the item's allowed words",
        "CB209": "rows are sorted by day",
        "CB211": "an item appears at most once per day (except repeatable items)",
        "CB212": "a day with a neurological finding or an ICE total has consciousness, seizure "
        "and motor",
        "CB213": "an ICE total is a whole number",
        "CB214": "an `ice` row is not_testable only when consciousness is unarousable",
        # drugs.csv (optional): any drug as a row
        "CB220": "drugs.csv has the header day,drug,dose,unit,route,frequency,source,note",
        "CB221": "every drugs.csv row has eight fields",
        "CB222": "every drugs.csv day is a whole number from -60 to 365",
        "CB223": "every drug name is lower-case letters, digits, '_' or '-'",
        "CB224": "a dose is a number above 0, or empty with an empty unit (not reported)",
        "CB225": "a dose unit is mg, mg/kg, mg/m2, mcg, mcg/kg or g",
        "CB226": "a route is IV, PO, IT, SC or IM",
        "CB227": "a frequency is once, daily, bid, tid, qid, q6h, q8h, q12h, continuous or prn",
        # CB3xx: exams.yaml
        "CB301": "at most one exam per day",
        "CB302": "a testable exam has all five ICE items",
        "CB303": "ICE item points are within the item's maximum",
        "CB304": "orientation has all four parts",
        "CB305": "orientation points, when given, equal the number of true parts",
        "CB306": "an exam's fields match its `testable` flag",
        # CB4xx: decisions, intervention catalogue, references
        "CB401": "every option id is in the intervention catalogue",
        "CB402": "an option appears at most once per decision",
        "CB403": "every reference key is in references.yaml",
        "CB404": "decision ids are unique within the case",
        "CB405": "intervention ids are unique in the catalogue",
        "CB406": "reference keys are unique",
        "CB407": "every option class is an allowed classification",
        "CB408": "every decision has at least one essential option",
        "CB409": "every member of an exclusive group is in the intervention catalogue",
        "CB410": "no decision marks two options of one exclusive group essential",
        "CB411": "a case's own interventions.yaml adds ids, never reuses a shared one",
        "CB412": "a case's own references.yaml adds keys, never reuses a shared one",
        # CB5xx: consistency across files
        "CB501": "case.yaml days list every day of course.csv and drugs.csv, in order, once each",
        "CB502": "the case id equals the folder name",
        "CB503": "every exam day is a day of the case (case.yaml days)",
        "CB504": "a day with neurological findings has an ICE total (exam or `ice` row)",
        "CB505": "a day with an exam has no `ice` row",
        "CB506": "a non-testable exam only on a day with consciousness unarousable",
        "CB507": "every decision day is a day of the case (case.yaml days)",
        "CB508": "the grading engine can grade every day",
        "CB509": "the computed ICANS peak matches what the report states",
        "CB510": "every grade the report states on a day equals the grade computed that day",
        "CB511": "what the team did agrees with the course rows of the decision day and the next",
    }
)


# File-level problems of vignettes.yaml (missing, not UTF-8, empty, YAML syntax, tags, duplicate
# keys, schema, provenance) carry the same CB1xx codes as case files; these are the vignettes' own.
VIGNETTE_RULES = MappingProxyType(
    {
        "CB601": "vignette ids are unique",
        "CB602": "every teaching point cites a key of references.yaml",
        "CB603": "the grading engine accepts every vignette's findings (ICANS and CRS)",
        "CB604": "no vignette states a grade: the engine computes it from the findings",
    }
)
# risk_factors.yaml: file-level problems carry the CB1xx codes; these are the file's own rules.
RISK_RULES = MappingProxyType(
    {
        "CB701": "every figure cites a key of references.yaml",
        "CB702": "a hypothesis has evidence: hypothesis",
    }
)

_F = TypeVar("_F", bound=Callable[..., Any])
RULE_CHECKS: dict[str, list[Callable[..., Any]]] = {}


def rule(*codes: str) -> Callable[[_F], _F]:
    """Register the decorated function as a check of the rules ``codes``."""

    def register(func: _F) -> _F:
        for code in codes:
            RULE_CHECKS.setdefault(code, []).append(func)
        return func

    return register


# ---------------------------------------------------------------------------------------------
# Problems and the errors that list them
@dataclass(frozen=True)
class Problem:
    """One problem in a case folder.

    ``file`` is the file's name inside the case folder (or its path when it lies elsewhere);
    ``line`` is the 1-based line in that file; ``row`` the 1-based data row of course.csv (the
    header is line 1, so row 1 is usually line 2); ``field`` names the CSV column or the YAML
    path (e.g. ``decisions[0].options[2].id``, indices from 0); ``value`` is the bad value;
    ``message`` says what is wrong and ``expected`` what would be right.
    """

    code: str
    file: str
    message: str
    line: int | None = None
    row: int | None = None
    field: str | None = None
    value: Any = None
    expected: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}" + (f" (line {self.line})" if self.line else "")
        elif self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f"; expected {self.expected}"
        return f"{text} [{self.code}]"


class CaseDataError(ValueError):
    """A case folder has problems. ``problems`` lists every one; ``str()`` shows them all."""

    def __init__(self, folder: str, problems: Sequence[Problem]) -> None:
        self.folder = folder
        self.problems = list(problems)
        super().__init__(folder, self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"Case folder {self.folder} has {count} problem{'' if count == 1 else 's'}:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])


class VignetteDataError(CaseDataError):
    """A vignette file has problems. ``problems`` lists every one; ``str()`` shows them all."""

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"Vignette file {self.folder} has {count} problem{'' if count == 1 else 's'}:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])


class RiskDataError(CaseDataError):
    """A risk-figure file has problems. ``problems`` lists every one; ``str()`` shows them all."""

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"Risk-figure file {self.folder} has {count} problem{'' if count == 1 else 's'}:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])
