"""Practice vignettes (data/vignettes.yaml; format in docs/vignettes.md), on the same checker as
case folders: file-level problems carry the CB1xx codes, the vignettes' own rules CB601-CB604
(``VIGNETTE_RULES``; a field named like a grade, CB604, is found with the schema errors)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casebook.grading import grade_crs, grade_icans
from casebook.loading import paths
from casebook.loading.checker import Checker, memo
from casebook.loading.paths import display
from casebook.loading.problems import VignetteDataError, rule
from casebook.loading.readers import YamlDoc
from casebook.model import Reference, Vignette

__all__ = ["VIGNETTE_FILE", "load_vignettes"]

VIGNETTE_FILE = "vignettes.yaml"


def _check_vignettes(ck: Checker, doc: YamlDoc, refs: dict[str, dict] | None) -> None:
    seen: dict[str, int] = {}
    for i, v in enumerate(doc.data["vignettes"]):
        ck.check_repeat(doc, "vignettes", i, "id", seen, "CB601", "vignette id")
        ref_path = ["vignettes", i, "teaching_point", "ref"]
        ck.check_ref(doc, ref_path, v["teaching_point"]["ref"], refs, code="CB602")
        cb603_engine_grades_the_findings(ck, doc, i, v)


@rule("CB603")
def cb603_engine_grades_the_findings(
    ck: Checker, doc: YamlDoc, i: int, v: Mapping[str, Any]
) -> None:
    for key, grader in (("findings", grade_icans), ("crs", grade_crs)):
        if key not in v:
            continue
        try:
            grader(**_findings(v[key]))
        except ValueError as exc:
            ck.add_at(
                "CB603",
                doc,
                ["vignettes", i, key],
                f"the grading engine cannot grade these findings: {exc}",
                value=dict(v[key]),
                expected="findings the engine accepts (docs/vignettes.md)",
            )


def _findings(raw: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(raw)
    if "other_cause" in out:
        out["other_cause"] = tuple(out["other_cause"])
    return out


def load_vignettes(path: str | os.PathLike[str] | None = None) -> tuple[Vignette, ...]:
    """The practice vignettes, validated and immutable, in file order.

    ``path``: a vignette file; by default the bundled ``vignettes.yaml``. References come from
    ``references.yaml`` beside the file, else from the bundled data. Raises VignetteDataError
    (a CaseDataError) listing every problem with file, line, field, value, what was expected
    and the rule code (CB1xx for the file, CB6xx for the vignettes: ``VIGNETTE_RULES``).
    """
    file = Path(path) if path is not None else paths.data_dir() / VIGNETTE_FILE
    vignettes, ck = memo(("vignettes", file, file.resolve()), lambda: _read_vignettes(file))
    if vignettes is None:
        raise VignetteDataError(display(file), ck.sorted_problems((file.name, "references.yaml")))
    return vignettes


def _read_vignettes(file: Path) -> tuple[tuple[Vignette, ...] | None, Checker]:
    """The vignettes of ``file`` (None when there is any problem) and the checker."""
    ck = Checker(file.parent)
    doc = ck.load_yaml(file.name, file, "vignettes")
    refs = ck.references()
    if doc is not None and ck.schema_ok.get(file.name):
        _check_vignettes(ck, doc, refs)
    if ck.problems or doc is None or refs is None:
        return None, ck
    return tuple(
        Vignette(
            id=v["id"],
            title=v["title"],
            text=v["text"],
            findings=MappingProxyType(_findings(v["findings"])),
            crs_findings=MappingProxyType(_findings(v["crs"])) if "crs" in v else None,
            teaching_point=v["teaching_point"]["text"],
            reference=Reference(**refs[v["teaching_point"]["ref"]]),
            source=v["source"],
            line=doc.line(["vignettes", i]),
        )
        for i, v in enumerate(doc.data["vignettes"])
    ), ck
