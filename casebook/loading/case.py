"""Case folders: read and check every file, then build the frozen ``Case``.

A case folder holds ``case.yaml``, ``course.csv``, ``exams.yaml`` and ``decisions.yaml``
(``docs/data-format.md``); the intervention catalogue and the references come from the folder
when it has its own ``interventions.yaml`` / ``references.yaml``, else from the bundled data.
Every problem in every file is collected, each with its rule code (``RULES``), and one
``CaseDataError`` lists them all: a half-built ``Case`` is never returned.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casebook.loading import paths
from casebook.loading.checker import Checker, memo
from casebook.loading.course import CourseRow, read_course
from casebook.loading.drugs import DrugRow, read_drugs
from casebook.loading.paths import CASE_FILES, SHARED_FILES, display, resolve
from casebook.loading.problems import CaseDataError, rule
from casebook.loading.readers import YamlDoc
from casebook.loading.rules_course import check_course
from casebook.loading.rules_cross import (
    check_case_days,
    check_decision_days,
    check_grades,
    check_ice_totals,
    check_reported_grades,
    check_team_actions,
)
from casebook.loading.rules_exclusive import check_exclusive_essentials, check_exclusive_groups
from casebook.loading.rules_files import check_case_file, check_decisions, check_exams
from casebook.model import (
    BLINATUMOMAB_CYCLE,
    Case,
    DayNote,
    Decision,
    DrugDose,
    Exam,
    ExclusiveGroup,
    Fact,
    IceItem,
    Intervention,
    Observation,
    Option,
    Patient,
    Reference,
    ReportedGrade,
    TeamAction,
    Therapy,
)
from casebook.vocab import ICE_ITEMS, ORIENTATION_PARTS

__all__ = ["check_folder", "load_case", "validate_paths"]


def check_folder(folder: Path) -> tuple[Case | None, Checker]:
    """Read and check every file of ``folder``: the Case and the checker, the Case None when
    there is any problem (``checker.problems``)."""
    ck = Checker(folder)
    case = ck.load_yaml("case.yaml", ck.folder / "case.yaml", "case")
    rows = read_course(ck)
    drugs = read_drugs(ck)
    exams = ck.load_yaml("exams.yaml", ck.folder / "exams.yaml", "exams")
    decisions = ck.load_yaml("decisions.yaml", ck.folder / "decisions.yaml", "decisions")
    catalogue, catalogue_docs = _catalogue(
        ck, "interventions", "id", "CB405", "CB411", "intervention id"
    )
    refs, _ = _catalogue(ck, "references", "key", "CB406", "CB412", "reference key")
    case, exams, decisions = (
        doc if doc is not None and ck.schema_ok.get(doc.name) else None
        for doc in (case, exams, decisions)
    )
    # Exclusive groups may sit in the shared catalogue and in a case's own (CB409, CB410).
    groups: list[dict] = []
    if catalogue is not None:
        for doc in catalogue_docs:
            check_exclusive_groups(ck, doc, catalogue)
            groups += doc.data.get("exclusive_groups") or []
    if exams is not None:
        check_exams(ck, exams)
    if decisions is not None:
        ck.check_unique(decisions, "decisions", "id", "CB404", "decision id")
        check_decisions(ck, decisions, catalogue, refs)
        if catalogue is not None:
            check_exclusive_essentials(ck, decisions, groups)
    if case is not None:
        check_case_file(ck, case, ck.folder, refs)
    if rows is not None:
        check_course(ck, rows)
        row_days = {r.day for r in [*rows, *(drugs or [])] if r.day is not None}
        if all(r.day is not None for r in rows):
            listed = [d["day"] for d in case.data["days"]] if case is not None else []
            days = sorted(set(listed) | row_days)
            if exams is not None:  # without usable exams, ICE totals would be guesses
                check_ice_totals(ck, rows, exams, days)
            if case is not None:
                check_case_days(ck, case, sorted(row_days))
            if decisions is not None:
                check_decision_days(ck, decisions, days)
                if drugs is not None:
                    check_team_actions(ck, decisions, rows, drugs)
    if ck.problems or None in (case, rows, drugs, exams, decisions, catalogue, refs):
        return None, ck
    built = _build(ck.folder, case, rows, drugs, exams, decisions, catalogue, refs, groups)
    check_grades(ck, built, case)
    if not ck.problems:
        check_reported_grades(ck, built, case)
    return (None if ck.problems else built), ck


@rule("CB411", "CB412")
def _catalogue(
    ck: Checker, kind: str, key: str, repeat: str, clash: str, what: str
) -> tuple[dict[str, dict] | None, list[YamlDoc]]:
    """The shared ``<kind>.yaml`` of the bundled data, extended by the case folder's own file
    when it has one: (entry key -> entry, None when a file has problems; the usable files read).
    An own entry that reuses a shared key is a problem naming both files."""
    name = f"{kind}.yaml"
    shared_path = paths.data_dir() / name
    own_path = ck.folder / name
    docs = []
    if shared_path.resolve() != own_path.resolve():
        # named the same on every machine (a clone's data/ or an installed casebook/_data)
        docs.append(ck.load_yaml(f"shared {name}", shared_path, kind, shown=f"data/{name}"))
    if ck.is_file(own_path):
        docs.append(ck.load_yaml(name, own_path, kind))
    entries: dict[str, dict] = {}
    where: dict[str, str] = {}
    usable = True
    for doc in docs:
        if doc is None or not ck.schema_ok.get(doc.name):
            usable = False
            continue
        ck.check_unique(doc, kind, key, repeat, what)
        for i, entry in enumerate(doc.data[kind]):
            value = entry[key]
            if value in where and where[value] != doc.name:
                ck.add_at(
                    clash,
                    doc,
                    [kind, i, key],
                    f"{what} {value!r} is already in {ck.names[where[value]]} (shared)",
                    value=value,
                    expected=f"{'an' if what[0] in 'aeiou' else 'a'} {what} that "
                    f"{ck.names[where[value]]} does not have: a case's "
                    f"own {name} only adds entries to the shared one, so leave this entry out "
                    "(the case can use the shared one) or give it a new "
                    + ("id" if key == "id" else "key"),
                )
                continue
            entries.setdefault(value, entry)
            where.setdefault(value, doc.name)
    read = [doc for doc in docs if doc is not None and ck.schema_ok.get(doc.name)]
    return (entries if usable else None), read


# ---------------------------------------------------------------------------------------------
# Building the model from checked data
def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _build(
    folder: Path,
    case: YamlDoc,
    rows: list[CourseRow],
    drugs: list[DrugRow],
    exams: YamlDoc,
    decisions: YamlDoc,
    catalogue: dict[str, dict],
    refs: dict[str, dict],
    groups: Iterable[dict[str, Any]] = (),
) -> Case:
    data = case.data
    interventions = {
        key: Intervention(e["id"], e["label"], e["category"], e["description"])
        for key, e in catalogue.items()
    }
    references = {k: Reference(r["key"], r["citation"], r["short"]) for k, r in refs.items()}
    exclusive = tuple(ExclusiveGroup(g["id"], g["label"], tuple(g["members"])) for g in groups)
    facts = {
        name: Fact(_freeze(f.get("value")), f["source"], f.get("note", ""))
        for name, f in data["patient"].items()
    }
    observations = tuple(
        Observation(r.day, r.item, r.value, r.unit, r.source, r.note, r.line)
        for r in rows  # every row is valid here: the Case is built only when there is no problem
    )
    return Case(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        path=str(folder),
        patient=Patient(MappingProxyType(facts)),
        days=tuple(
            DayNote(d["day"], d["title"], d["narrative"], d["source"]) for d in data["days"]
        ),
        observations=observations,
        exams=MappingProxyType({e["day"]: _exam(e) for e in exams.data["exams"]}),
        decisions=tuple(
            _decision(d, interventions, exclusive) for d in decisions.data["decisions"]
        ),
        catalogue=MappingProxyType(interventions),
        references=MappingProxyType(references),
        reported=MappingProxyType(dict(data["reported"])),
        teaching_points=tuple((t["text"], t["ref"]) for t in data.get("teaching_points", [])),
        report_citation=data.get("report_citation", ""),
        therapy=_therapy(data.get("therapy")),
        drugs=tuple(
            DrugDose(d.day, d.drug, d.dose, d.unit, d.route, d.frequency, d.source, d.note, d.line)
            for d in sorted(drugs, key=lambda d: d.day)  # type: ignore[arg-type, return-value]
        ),
        reported_grades=tuple(
            ReportedGrade(g["day"], g.get("icans"), g.get("crs"), g["source"], g.get("note", ""))
            for g in data["reported"].get("grades", [])
        ),
        reflection=tuple(data.get("reflection", [])),
        objectives=tuple(data.get("objectives", [])),
        source_doi=data["source_doi"],
    )


def _therapy(t: dict[str, Any] | None) -> Therapy:
    if t is None:
        return BLINATUMOMAB_CYCLE
    return Therapy(
        product=t["product"],
        kind=t["kind"],
        day_zero=t["day_zero"],
        short=t.get("short", ""),
        dosing=t.get("dosing", ""),
        cycle_days=t.get("cycle_days"),
        source=t["source"],
        note=t.get("note", ""),
    )


def _exam(e: dict[str, Any]) -> Exam:
    if not e["testable"]:
        return Exam(
            e["day"],
            e["source"],
            e["setting"],
            False,
            transcript=tuple(e["transcript"]),
            reason=e["reason"],
        )
    items = {}
    for name in ICE_ITEMS:
        item = e["items"][name]
        parts = None
        points = item.get("points")
        if name == "orientation":
            parts = MappingProxyType({p: item["parts"][p] for p in ORIENTATION_PARTS})
            points = sum(parts.values())  # ASTCT 2019: one point per part
        items[name] = IceItem(name, points, tuple(item["transcript"]), item["reason"], parts)
    return Exam(e["day"], e["source"], e["setting"], True, items=MappingProxyType(items))


def _decision(
    d: dict[str, Any],
    catalogue: dict[str, Intervention],
    exclusive: tuple[ExclusiveGroup, ...] = (),
) -> Decision:
    offered = {o["id"] for o in d["options"]}
    groups = tuple(
        ExclusiveGroup(g.id, g.label, members)
        for g in exclusive
        if len(members := tuple(m for m in g.members if m in offered)) > 1
    )
    return Decision(
        id=d["id"],
        day=d["day"],
        title=d["title"],
        situation=d["situation"],
        source=d["source"],
        question=d["question"],
        options=tuple(
            Option(catalogue[o["id"]], o["class"], o["rationale"], o["ref"]) for o in d["options"]
        ),
        team_did=tuple(
            TeamAction(t["text"], t["source"], tuple(t.get("course", ()))) for t in d["team_did"]
        ),
        guideline=d["guideline"]["text"],
        guideline_refs=tuple(d["guideline"]["refs"]),
        exclusive_groups=groups,
    )


# ---------------------------------------------------------------------------------------------
# Public entry points
def load_case(case_id_or_path: str | os.PathLike[str]) -> Case:
    """A validated, immutable Case from a bundled case id ("case1") or a case folder path.

    Raises CaseDataError listing every problem of the folder (with file, line or row, field,
    value, what was expected and the rule code).
    """
    folder = resolve(case_id_or_path)
    # The folder as given is part of the key: the Case keeps it (``Case.path``).
    case, checker = memo(("case", folder, folder.resolve()), lambda: check_folder(folder))
    if case is None:
        files = (
            *CASE_FILES,
            "drugs.csv",
            *SHARED_FILES,
            *tuple(f"shared {n}" for n in SHARED_FILES),
        )
        raise CaseDataError(display(folder), checker.sorted_problems(files))
    return case


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def validate_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], str]:
    """Check case folders (or bundled ids) for the CLI.

    Returns one "OK ..." line per valid case and one text listing every problem of every
    invalid path (empty when all are valid). Never raises for bad data or bad paths.
    """
    ok: list[str] = []
    problems: list[str] = []
    for given in paths:
        try:
            case = load_case(given)
        except CaseDataError as err:
            problems.append(str(err))
            continue
        ok.append(
            f"OK {case.id} ({display(Path(case.path))}): {_plural(len(case.days), 'day')}, "
            f"{_plural(len(case.exams), 'exam')}, {_plural(len(case.decisions), 'decision point')}"
        )
    return ok, "\n".join(problems)
