"""Rules inside one YAML file of a case folder, one small function per rule code.

exams.yaml: CB301, CB305, CB306. decisions.yaml with the catalogue and references: CB401-CB403,
CB408 (unique ids CB404-CB406 through ``Checker.check_unique``). case.yaml: CB502 and the
teaching points' references (CB403).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.loading.course import closest
from casebook.loading.problems import rule
from casebook.loading.readers import YamlDoc

if TYPE_CHECKING:
    from casebook.loading.checker import Checker

__all__ = ["check_case_file", "check_decisions", "check_exams"]


# -- exams.yaml ---------------------------------------------------------------------------------
def check_exams(ck: Checker, doc: YamlDoc) -> None:
    seen: dict[int, int] = {}
    for i, exam in enumerate(doc.data["exams"]):
        cb301_one_exam_per_day(ck, doc, i, exam, seen)
        cb306_fields_match_testable(ck, doc, i, exam)
        cb305_orientation_points_match_parts(ck, doc, i, exam)


@rule("CB301")
def cb301_one_exam_per_day(
    ck: Checker, doc: YamlDoc, i: int, exam: dict[str, Any], seen: dict[int, int]
) -> None:
    """``seen``: day -> index of its first exam (updated)."""
    day = exam["day"]
    if day in seen:
        ck.add(
            "CB301",
            doc.name,
            f"a second exam on day {day} (the first is exams[{seen[day]}])",
            line=doc.line(["exams", i, "day"]),
            field=f"exams[{i}].day",
            value=day,
            expected="at most one bedside ICE exam per day",
        )
    seen.setdefault(day, i)


@rule("CB306")
def cb306_fields_match_testable(ck: Checker, doc: YamlDoc, i: int, exam: dict[str, Any]) -> None:
    if exam["testable"]:
        wrong = [k for k in ("transcript", "reason") if k in exam]
        hint = "a testable exam keeps transcript and reason inside each ICE item"
    else:
        wrong = [k for k in ("items",) if k in exam]
        hint = "a non-testable exam has transcript and reason, and no ICE items"
    for key in wrong:
        ck.add(
            "CB306",
            doc.name,
            f"'{key}' on an exam with testable: {str(exam['testable']).lower()}",
            line=doc.key_line(["exams", i], key),
            field=f"exams[{i}].{key}",
            expected=hint,
        )


@rule("CB305")
def cb305_orientation_points_match_parts(
    ck: Checker, doc: YamlDoc, i: int, exam: dict[str, Any]
) -> None:
    orientation = exam.get("items", {}).get("orientation")
    if orientation and "points" in orientation:
        true_parts = sum(bool(v) for v in orientation["parts"].values())
        if orientation["points"] != true_parts:
            ck.add(
                "CB305",
                doc.name,
                f"orientation points {orientation['points']} but {true_parts} of the "
                "four parts are true",
                line=doc.line(["exams", i, "items", "orientation", "points"]),
                field=f"exams[{i}].items.orientation.points",
                value=orientation["points"],
                expected=f"{true_parts} (one point per true part, ASTCT 2019), or no points at all",
            )


# -- decisions.yaml -----------------------------------------------------------------------------
def check_decisions(ck: Checker, doc: YamlDoc, catalogue: dict | None, refs: dict | None) -> None:
    for i, dec in enumerate(doc.data["decisions"]):
        seen: set[str] = set()
        for j, opt in enumerate(dec["options"]):
            path = ["decisions", i, "options", j, "id"]
            cb401_option_in_catalogue(ck, doc, path, opt, catalogue)
            cb402_option_once(ck, doc, path, opt, dec, seen)
            ck.check_ref(doc, ["decisions", i, "options", j, "ref"], opt["ref"], refs)
        for k, key in enumerate(dec["guideline"]["refs"]):
            ck.check_ref(doc, ["decisions", i, "guideline", "refs", k], key, refs)
        cb408_an_essential_option(ck, doc, i, dec)


@rule("CB401")
def cb401_option_in_catalogue(
    ck: Checker, doc: YamlDoc, path: list[Any], opt: dict[str, Any], catalogue: dict | None
) -> None:
    if catalogue is not None and opt["id"] not in catalogue:
        ck.add_at(
            "CB401",
            doc,
            path,
            f"option {opt['id']!r} is not in the intervention catalogue",
            value=opt["id"],
            expected=f"an id of {ck.catalogue_files('interventions.yaml')}"
            + closest(opt["id"], catalogue)
            + "; to offer a new intervention, add it to the case folder's interventions.yaml",
        )


@rule("CB402")
def cb402_option_once(
    ck: Checker,
    doc: YamlDoc,
    path: list[Any],
    opt: dict[str, Any],
    dec: dict[str, Any],
    seen: set[str],
) -> None:
    """``seen``: the option ids of this decision so far (updated)."""
    if opt["id"] in seen:
        ck.add_at(
            "CB402",
            doc,
            path,
            f"option {opt['id']!r} is offered twice in decision {dec['id']!r}",
            value=opt["id"],
            expected="each option once per decision",
        )
    seen.add(opt["id"])


@rule("CB408")
def cb408_an_essential_option(ck: Checker, doc: YamlDoc, i: int, dec: dict[str, Any]) -> None:
    if not any(opt["class"] == "essential" for opt in dec["options"]):
        ck.add(
            "CB408",
            doc.name,
            f"decision {dec['id']!r} has no essential option",
            line=doc.line(["decisions", i, "options"]),
            field=f"decisions[{i}].options",
            expected="at least one option with class: essential (a learner's score is "
            "the share of essential options chosen)",
        )


# -- case.yaml ----------------------------------------------------------------------------------
def check_case_file(ck: Checker, case: YamlDoc, folder: Path, refs: dict | None) -> None:
    cb502_id_is_folder_name(ck, case, folder)
    for i, point in enumerate(case.data.get("teaching_points", [])):
        ck.check_ref(case, ["teaching_points", i, "ref"], point["ref"], refs)


@rule("CB502")
def cb502_id_is_folder_name(ck: Checker, case: YamlDoc, folder: Path) -> None:
    if case.data["id"] != folder.name:
        ck.add(
            "CB502",
            case.name,
            f"id {case.data['id']!r} differs from the folder name {folder.name!r}",
            line=case.line(["id"]),
            field="id",
            value=case.data["id"],
            expected=f"id: {folder.name}",
        )
