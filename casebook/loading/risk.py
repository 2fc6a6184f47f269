"""Risk factors and incidence figures (data/risk_factors.yaml), for the comparison notebook, on
the same checker as case folders: file-level problems carry the CB1xx codes (the file matches
``schema/risk_factors.schema.json``), the file's own rules CB701-CB702 (``RISK_RULES``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from casebook.loading import paths
from casebook.loading.checker import Checker, memo
from casebook.loading.paths import display
from casebook.loading.problems import RiskDataError, rule
from casebook.loading.readers import YamlDoc
from casebook.model import RiskFigure

__all__ = ["RISK_FILE", "load_risk_factors"]

RISK_FILE = "risk_factors.yaml"
_FIELDS = ("group", "finding", "figure", "population", "evidence", "ref")


def _check_figures(ck: Checker, doc: YamlDoc, refs: dict[str, dict] | None) -> None:
    for i, entry in enumerate(doc.data["figures"]):
        ck.check_ref(doc, ["figures", i, "ref"], entry["ref"], refs, code="CB701")
        cb702_hypothesis_evidence(ck, doc, i, entry)


@rule("CB702")
def cb702_hypothesis_evidence(ck: Checker, doc: YamlDoc, i: int, entry: dict[str, Any]) -> None:
    if entry["group"] == "hypothesis" and entry["evidence"] != "hypothesis":
        ck.add_at(
            "CB702",
            doc,
            ["figures", i, "evidence"],
            "a hypothesis must have evidence 'hypothesis'",
            value=entry["evidence"],
            expected="evidence: hypothesis (proposed by the case report's authors, not shown "
            "by it)",
        )


def load_risk_factors(path: str | os.PathLike[str] | None = None) -> tuple[RiskFigure, ...]:
    """The figures of ``data/risk_factors.yaml`` (or of the file at ``path``), in file order.

    References come from a references.yaml beside the file, else from the bundled one. Raises
    RiskDataError (a CaseDataError, so a ValueError) listing every problem with file, line,
    field, value, what was expected and the rule code (CB1xx for the file, CB7xx for the
    figures: ``RISK_RULES``).
    """
    file = Path(path) if path is not None else paths.data_dir() / RISK_FILE
    figures, ck = memo(("risk_factors", file, file.resolve()), lambda: _read_figures(file))
    if figures is None:
        raise RiskDataError(display(file), ck.sorted_problems((file.name, "references.yaml")))
    return figures


def _read_figures(file: Path) -> tuple[tuple[RiskFigure, ...] | None, Checker]:
    """The figures of ``file`` (None when there is any problem) and the checker."""
    ck = Checker(file.parent)
    doc = ck.load_yaml(file.name, file, "risk_factors")
    refs = ck.references()
    if doc is not None and ck.schema_ok.get(file.name):
        _check_figures(ck, doc, refs)
    if ck.problems or doc is None or refs is None:
        return None, ck
    return tuple(
        RiskFigure(
            **{field: entry[field] for field in _FIELDS},
            citation=refs[entry["ref"]]["short"],
            note=entry.get("note", ""),
        )
        for entry in doc.data["figures"]
    ), ck
