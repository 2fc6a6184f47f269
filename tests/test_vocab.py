"""casebook.vocab is the one place each clinical word, maximum, threshold and label is defined:
the grading engine, the model, the JSON Schemas, the widgets and the plots use it, and no other
module writes the same fact again."""

from __future__ import annotations

import ast
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from casebook import grading, vocab
from casebook.model import CLASSIFICATIONS, ITEMS, RISK_EVIDENCE, RISK_GROUPS

PACKAGE = Path(vocab.__file__).resolve().parent


def _schema(name: str) -> dict:
    text = (resources.files("casebook") / "schema" / f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


# -- the vocabulary itself ----------------------------------------------------------------------
def test_vocab_is_the_ground_floor():
    tree = ast.parse(Path(vocab.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [m for m in imported if m.split(".")[0] == "casebook"]


def test_ice_items_maxima_and_total():
    assert tuple(vocab.ICE_ITEM_MAXIMA) == vocab.ICE_ITEMS
    assert dict(vocab.ICE_ITEM_MAXIMA) == {
        "orientation": 4,
        "naming": 3,
        "commands": 1,
        "writing": 1,
        "attention": 1,
    }
    assert vocab.ICE_MAX == 10 and vocab.ice_out_of(7) == "7/10"
    assert set(vocab.ICE_LABELS) == set(vocab.ICE_TASKS) == set(vocab.ICE_ITEMS)
    for name, maximum in vocab.ICE_ITEM_MAXIMA.items():
        assert vocab.ICE_RANGES[name] == f"0-{maximum}"
        assert f"(0-{maximum})" in vocab.ICE_TASKS[name]
    assert len(vocab.ORIENTATION_PARTS) == vocab.ICE_ITEM_MAXIMA["orientation"]
    assert (
        set(vocab.ICE_PROMPTS)
        == set(vocab.ICE_POINT_WORDS)
        == set(vocab.ICE_ITEMS) - {"orientation"}
    )
    for name, words in vocab.ICE_POINT_WORDS.items():
        assert len(words) == vocab.ICE_ITEM_MAXIMA[name] + 1
        assert [w.split()[0].rstrip(":") for w in words] == [str(p) for p in range(len(words))]


def test_every_value_has_a_label_and_one_spelling_of_edema():
    for name, labels in vocab.VALUE_LABELS.items():
        assert tuple(labels) == vocab.FINDING_NAMES[name], name
    for mapping in (vocab.ICANS_DOMAIN_LABELS, vocab.FINDING_LABELS, *vocab.VALUE_LABELS.values()):
        assert not any("oedema" in label.lower() for label in mapping.values())
    assert set(vocab.ICANS_DOMAIN_LABELS) == set(vocab.ICANS_DOMAINS)
    assert set(vocab.CRS_DOMAIN_LABELS) == set(vocab.CRS_DOMAINS)


def test_provenance_words_and_titles():
    assert set(vocab.PROVENANCE) < set(vocab.TEAM_SOURCES)
    assert set(vocab.PROVENANCE) < set(vocab.COURSE_PROVENANCE)
    every = {*vocab.TEAM_SOURCES, *vocab.COURSE_PROVENANCE}
    assert set(vocab.PROVENANCE_LABELS) == set(vocab.PROVENANCE_TITLES) == every
    assert set(vocab.PROVENANCE_LEGEND) == set(vocab.COURSE_PROVENANCE)
    assert set(vocab.REPORTED_PARTS) == set(vocab.COURSE_PROVENANCE)
    assert vocab.REPORTED_PARTS["report"] == {"fact", "day", "value"}
    assert vocab.REPORTED_PARTS["reconstructed"] == set()
    assert vocab.report_title() == vocab.PROVENANCE_TITLES["report"]
    assert vocab.report_title("Ma et al., Front Oncol 2026").endswith(
        "(Ma et al., Front Oncol 2026)"
    )


def test_temperature_ranges_nest_so_every_case_day_can_be_graded():
    low, high = vocab.TEMPERATURE_RANGE_C
    course_low, course_high = vocab.COURSE_TEMPERATURE_RANGE_C
    assert low <= course_low < vocab.FEVER_THRESHOLD_C < course_high <= high


# -- the engine and the model use it ------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "values"),
    [
        (grading.CONSCIOUSNESS_TABLE, vocab.CONSCIOUSNESS_LEVELS),
        (grading.SEIZURE_TABLE, vocab.SEIZURE_TYPES),
        (grading.MOTOR_TABLE, vocab.MOTOR_FINDINGS),
        (grading.EDEMA_TABLE, vocab.EDEMA_FINDINGS),
        (grading.HYPOTENSION_TABLE, vocab.HYPOTENSION_LEVELS),
        (grading.OXYGEN_TABLE, vocab.OXYGEN_LEVELS),
    ],
)
def test_each_grading_table_has_exactly_the_vocabulary_categories(table, values):
    assert tuple(table) == values


def test_the_engine_refuses_outside_the_vocabulary_ranges():
    low, high = vocab.TEMPERATURE_RANGE_C
    assert grading.grade_crs(temperature_c=low).grade == 0
    assert grading.grade_crs(temperature_c=vocab.FEVER_THRESHOLD_C).grade == 1
    with pytest.raises(grading.GradingError) as info:
        grading.grade_crs(temperature_c=high + 0.1)
    (problem,) = info.value.problems
    assert (problem.argument, problem.kind, problem.allowed) == (
        "temperature_c",
        "temperature",
        (low, high),
    )
    with pytest.raises(grading.GradingError):
        grading.grade_icans(ice=vocab.ICE_MAX + 1)


def test_course_items_use_the_vocabulary():
    for name in ("consciousness", "seizure", "motor", "edema", "aphasia", "tremor"):
        assert ITEMS[name][1] == vocab.FINDING_NAMES[name], name
    assert ITEMS["hypotension"][1] == vocab.HYPOTENSION_LEVELS
    assert ITEMS["oxygen"][1] == vocab.OXYGEN_LEVELS
    assert ITEMS["excluded_domain"][1] == vocab.ICANS_DOMAINS
    assert ITEMS["temperature"][1] == vocab.COURSE_TEMPERATURE_RANGE_C
    assert ITEMS["ice"][1] == (0, vocab.ICE_MAX)


# -- the JSON Schemas repeat the enums; they must agree -------------------------------------------
def test_schema_enums_are_the_vocabulary():
    for name in ("case", "exams", "decisions"):
        assert tuple(_schema(name)["$defs"]["source"]["enum"]) == vocab.PROVENANCE, name
    decision = _schema("decisions")["$defs"]["decision"]["properties"]
    assert tuple(decision["team_did"]["items"]["properties"]["source"]["enum"]) == (
        vocab.TEAM_SOURCES
    )
    assert tuple(decision["options"]["items"]["properties"]["class"]["enum"]) == CLASSIFICATIONS

    exam_items = _schema("exams")["$defs"]["exam"]["properties"]["items"]["properties"]
    assert set(exam_items) == set(vocab.ICE_ITEMS)
    for name, maximum in vocab.ICE_ITEM_MAXIMA.items():
        assert exam_items[name]["properties"]["points"]["maximum"] == maximum, name

    vignette = _schema("vignettes")["$defs"]
    findings = vignette["findings"]["properties"]
    for name in ("consciousness", "seizure", "motor", "edema", "tremor"):
        assert tuple(findings[name]["enum"]) == vocab.FINDING_NAMES[name], name
    assert tuple(findings["other_cause"]["items"]["enum"]) == vocab.ICANS_DOMAINS
    assert findings["ice"]["maximum"] == vocab.ICE_MAX
    crs = vignette["crs"]["properties"]
    assert tuple(crs["hypotension"]["enum"]) == vocab.HYPOTENSION_LEVELS
    assert tuple(crs["oxygen"]["enum"]) == vocab.OXYGEN_LEVELS
    low, high = vocab.TEMPERATURE_RANGE_C
    assert (crs["temperature_c"]["minimum"], crs["temperature_c"]["maximum"]) == (low, high)
    assert set(vignette["vignette"]["properties"]["source"]["enum"]) <= set(vocab.PROVENANCE)

    figure = _schema("risk_factors")["properties"]["figures"]["items"]["properties"]
    assert tuple(figure["group"]["enum"]) == RISK_GROUPS
    assert tuple(figure["evidence"]["enum"]) == RISK_EVIDENCE


# -- widgets and plots use it ---------------------------------------------------------------------
def test_widgets_take_their_words_from_the_vocabulary():
    from casebook.widgets.calculator import icans_calculator
    from casebook.widgets.common import IceInputs

    inputs = IceInputs()
    for name, control in inputs.points.items():
        assert control.description == (
            f"{vocab.ICE_LABELS[name]} ({vocab.ICE_RANGES[name]}): {vocab.ICE_PROMPTS[name]}"
        )
        assert tuple(control.options) == tuple(
            (word, points) for points, word in enumerate(vocab.ICE_POINT_WORDS[name])
        )
    assert list(inputs.parts) == list(vocab.ORIENTATION_PARTS)

    calculator = icans_calculator()
    groups = {}
    stack = [calculator]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        for name in vocab.VALUE_LABELS:
            if f"casebook-calc-{name}" in getattr(widget, "_dom_classes", ()):
                groups[name] = widget
    assert set(groups) == {"consciousness", "seizure", "motor", "edema", "tremor"}
    for name, group in groups.items():
        assert tuple(group.options) == tuple(
            (label, key) for key, label in vocab.VALUE_LABELS[name].items()
        )
        assert group.description.startswith(vocab.FINDING_LABELS[name])


def test_plots_take_their_words_from_the_vocabulary():
    from casebook.loading import load_case
    from casebook.plots import plot_course

    figure = plot_course(load_case("case1"))
    names = {trace.name for trace in figure.data if trace.name}
    legend = {vocab.PROVENANCE_LEGEND[s] for s in vocab.PROVENANCE}  # report_fact: hover only
    assert legend <= names | {n.removesuffix(" values") for n in names}
    hovers = {row[2] for t in figure.data if t.customdata is not None for row in t.customdata}
    assert vocab.PROVENANCE_LEGEND["report_fact"] in hovers
    fever = [s for s in figure.layout.shapes if s.y0 == s.y1 == vocab.FEVER_THRESHOLD_C]
    assert fever, "the fever line sits at the vocabulary's threshold"


# -- no fact written twice ----------------------------------------------------------------------
# Literal spellings of vocabulary facts that no module but vocab.py may contain (code, not
# comments or docstrings).
_FACTS = {
    "ICE maxima": re.compile(r"['\"]orientation['\"]\s*:\s*4"),
    "the ICE total out of ten": re.compile(r"/10\b"),
    "oedema": re.compile(r"oedema", re.IGNORECASE),
    "the case report's citation": re.compile(r"Ma et al"),
    "provenance labels": re.compile(r"['\"]reconstructed \(teaching\)['\"]|['\"]not reported['\"]"),
    "the fever threshold": re.compile(r"(?<![\d.])38\.0(?!\d)"),
    "ICANS domain labels": re.compile(r"raised ICP / cerebral edema"),
}


def _code_strings(path: Path) -> str:
    """The module's code with comments and docstrings removed (string literals kept)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        if docstring and isinstance(first.value.value, str):
            first.value.value = ""
    return ast.unparse(tree)


def test_no_module_but_vocab_writes_a_vocabulary_fact():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocab.py":
            continue
        code = _code_strings(path)
        found += [
            f"{path.relative_to(PACKAGE)}: {what}"
            for what, pattern in _FACTS.items()
            if pattern.search(code)
        ]
    assert found == []
