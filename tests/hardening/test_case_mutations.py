"""Bad case files: every mutation of a valid case folder gives one CaseDataError that names the
file and, for a file with content, the line or row; never another exception, a hang, a half-built
Case or a side effect of a YAML tag. ``validate_paths`` and ``python -m casebook validate`` report
it without a traceback."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hardkit import CASE_FILES, ROOT, YAML_FILES, copy_valid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.loading import CaseDataError, load_case, validate_paths
from casebook.model import Case

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Mutation:
    """What a mutation did: the file it changed, whether it must be refused, and whether a
    problem must carry a line or row (not for a file that is missing or empty)."""

    file: str
    must_fail: bool = True
    needs_place: bool = True
    marker: Path | None = None


# -- reading and writing the files -------------------------------------------------------------
def _rows(folder: Path) -> list[list[str]]:
    text = (folder / "course.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def _write_rows(folder: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / "course.csv").write_text(out.getvalue(), encoding="utf-8")


def _load_yaml(folder: Path, name: str):
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def _dump_yaml(folder: Path, name: str, data) -> None:
    (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _paths(data, prefix=()):
    """Every (path, value) below the root of parsed YAML."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield (*prefix, key), value
        yield from _paths(value, (*prefix, key))


def _set(data, path, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


NUMERIC_ITEMS = {"temperature", "il6", "blinatumomab", "dexamethasone", "sodium", "ice"}
TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -/%", min_size=1, max_size=12).filter(
    lambda s: s.strip() and s.strip() != "not_testable"
)


# -- the mutations -----------------------------------------------------------------------------
def empty_file(folder: Path, draw) -> Mutation:
    name = draw(st.sampled_from(CASE_FILES))
    (folder / name).write_bytes(draw(st.sampled_from([b"", b"\n", b"   \n\n", b"\xef\xbb\xbf"])))
    return Mutation(name, needs_place=False)


def missing_file(folder: Path, draw) -> Mutation:
    name = draw(st.sampled_from(CASE_FILES))
    (folder / name).unlink()
    return Mutation(name, needs_place=False)


def scalar_root(folder: Path, draw) -> Mutation:
    """A YAML file whose top level is a scalar or a list where a mapping is expected."""
    name = draw(st.sampled_from(YAML_FILES))
    value = draw(st.sampled_from([5, "text", True, None, [1, 2], ["a", {"b": 1}], 1.5]))
    (folder / name).write_text(yaml.safe_dump(value), encoding="utf-8")
    return Mutation(name)


def wrong_type(folder: Path, draw) -> Mutation:
    """One value replaced by a value of another kind: mapping <-> list <-> text <-> number."""
    name = draw(st.sampled_from(YAML_FILES))
    data = _load_yaml(folder, name)
    paths = [(p, v) for p, v in _paths(data) if not (len(p) >= 3 and p[-1] == "value")]
    path, old = draw(st.sampled_from(paths))
    choices = [{"x": 1}, [1, "two"], 3.5, None]
    if not isinstance(old, str):
        choices.append("some text")
    if isinstance(old, (str, dict, list)):
        choices.append(7)
    new = draw(st.sampled_from([c for c in choices if type(c) is not type(old)]))
    _set(data, path, new)
    _dump_yaml(folder, name, data)
    return Mutation(name)


def text_in_number(folder: Path, draw) -> Mutation:
    rows = _rows(folder)
    numbered = [i for i, r in enumerate(rows) if i and r[1] in NUMERIC_ITEMS]
    i = draw(st.sampled_from(numbered))
    rows[i][2] = draw(TEXT)
    _write_rows(folder, rows)
    return Mutation("course.csv")


def bad_header(folder: Path, draw) -> Mutation:
    rows = _rows(folder)
    how = draw(st.sampled_from(["duplicate", "drop", "rename", "none"]))
    if how == "duplicate":
        i, j = draw(st.sampled_from([(a, b) for a in range(6) for b in range(6) if a != b]))
        rows[0][i] = rows[0][j]
    elif how == "drop":
        del rows[0][draw(st.integers(0, 5))]
    elif how == "rename":
        rows[0][draw(st.integers(0, 5))] = draw(TEXT).strip().replace(" ", "_")
    else:
        del rows[0]
    _write_rows(folder, rows)
    return Mutation("course.csv")


def ragged_row(folder: Path, draw) -> Mutation:
    rows = _rows(folder)
    i = draw(st.integers(1, len(rows) - 1))
    if draw(st.booleans()):
        rows[i] = rows[i] + [draw(TEXT)] * draw(st.integers(1, 3))
    else:
        rows[i] = rows[i][: draw(st.integers(1, 5))]
    _write_rows(folder, rows)
    return Mutation("course.csv")


def random_bytes(folder: Path, draw) -> Mutation:
    """Bytes that are never UTF-8 (each holds 0xff or a lone continuation byte) inserted."""
    name = draw(st.sampled_from(CASE_FILES))
    raw = (folder / name).read_bytes()
    at = draw(st.integers(0, len(raw)))
    junk = draw(st.binary(min_size=0, max_size=6)) + draw(st.sampled_from([b"\xff", b"\x80"]))
    (folder / name).write_bytes(raw[:at] + junk + raw[at:])
    return Mutation(name)


def truncated(folder: Path, draw) -> Mutation:
    """A YAML file cut at a random point (it may still be valid when only whitespace goes)."""
    name = draw(st.sampled_from(YAML_FILES))
    text = (folder / name).read_text(encoding="utf-8")
    cut = draw(st.integers(1, len(text) - 1))
    (folder / name).write_text(text[:cut], encoding="utf-8")
    return Mutation(name, must_fail=bool(text[cut:].strip()))


def unbalanced(folder: Path, draw) -> Mutation:
    """An opening or closing bracket inserted anywhere (harmless inside a quoted string)."""
    name = draw(st.sampled_from(YAML_FILES))
    text = (folder / name).read_text(encoding="utf-8")
    at = draw(st.integers(0, len(text)))
    bracket = draw(st.sampled_from(["[", "{", "]", "}", "[[[", "{[", "]}"]))
    (folder / name).write_text(text[:at] + bracket + text[at:], encoding="utf-8")
    return Mutation(name, must_fail=False)


TAGS = (
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    '!!python/object/new:builtins.open ["{marker}", "w"]',
    "!!python/name:os.system",
    "!!python/module:os",
    '!!python/object:argparse.Namespace {{"a": 1}}',
)


def python_tag(folder: Path, draw) -> Mutation:
    """A value replaced by a tag that would construct a Python object (touching a marker)."""
    name = draw(st.sampled_from(YAML_FILES))
    marker = folder.parent / "tag-ran"
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
    i = draw(st.sampled_from(candidates))
    key, _ = lines[i].split(": ", 1)
    tag = draw(st.sampled_from(TAGS)).format(marker=marker)
    lines[i] = f"{key}: {tag}"
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Mutation(name, marker=marker)


def ice_out_of_range(folder: Path, draw) -> Mutation:
    if draw(st.booleans()):
        data = _load_yaml(folder, "exams.yaml")
        testable = [e for e in data["exams"] if e["testable"]]
        exam = draw(st.sampled_from(testable))
        item = draw(st.sampled_from(["naming", "commands", "writing", "attention"]))
        exam["items"][item]["points"] = draw(
            st.one_of(
                st.integers(-50, -1),
                st.integers(4, 10**6),
                st.just(2) if item != "naming" else st.just(4),
            )
        )
        _dump_yaml(folder, "exams.yaml", data)
        return Mutation("exams.yaml")
    rows = _rows(folder)
    i = next(i for i, r in enumerate(rows) if r[1] == "ice" and r[2].isdigit())
    rows[i][2] = str(draw(st.one_of(st.integers(11, 10**9), st.integers(-(10**9), -1))))
    _write_rows(folder, rows)
    return Mutation("course.csv")


def days_out_of_order(folder: Path, draw) -> Mutation:
    rows = _rows(folder)
    pairs = [
        (a, b)
        for a in range(1, len(rows))
        for b in range(a + 1, len(rows))
        if rows[a][0] != rows[b][0]
    ]
    a, b = draw(st.sampled_from(pairs))
    rows[a], rows[b] = rows[b], rows[a]
    _write_rows(folder, rows)
    return Mutation("course.csv")


def unknown_option(folder: Path, draw) -> Mutation:
    data = _load_yaml(folder, "decisions.yaml")
    decision = draw(st.sampled_from(data["decisions"]))
    option = draw(st.sampled_from(decision["options"]))
    catalogue = {e["id"] for e in _load_yaml(folder, "interventions.yaml")["interventions"]}
    new = draw(
        st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(lambda s: s not in catalogue)
    )
    option["id"] = new
    _dump_yaml(folder, "decisions.yaml", data)
    return Mutation("decisions.yaml")


MUTATIONS: dict[str, Callable[[Path, Callable], Mutation]] = {
    f.__name__: f
    for f in (
        empty_file,
        missing_file,
        scalar_root,
        wrong_type,
        text_in_number,
        bad_header,
        ragged_row,
        random_bytes,
        truncated,
        unbalanced,
        python_tag,
        ice_out_of_range,
        days_out_of_order,
        unknown_option,
    )
}


# -- the property --------------------------------------------------------------------------------
def assert_refused_cleanly(folder: Path, mutation: Mutation) -> None:
    """load_case returns a whole Case or raises one CaseDataError naming file and place;
    validate_paths reports the same without raising."""
    started = time.monotonic()
    try:
        case = load_case(folder)
    except CaseDataError as err:
        case, error = None, err
    # any other exception type propagates and fails the test with its traceback
    assert time.monotonic() - started < 10, "load_case took too long"
    if mutation.marker is not None:
        assert not mutation.marker.exists(), "a YAML tag ran code"
    ok, problems = validate_paths([folder])
    if case is not None:
        assert not mutation.must_fail, f"{mutation.file}: the mutation was accepted"
        assert isinstance(case, Case)
        daily = case.daily()  # a whole case: every day graded
        assert list(daily["day"]) == list(case.day_numbers)
        assert daily["icans_grade"].notna().all() and daily["crs_grade"].notna().all()
        assert ok and problems == ""
        return
    assert type(error) is CaseDataError
    assert error.problems, "a CaseDataError without problems"
    text = str(error)
    assert "Traceback" not in text
    mine = [p for p in error.problems if Path(p.file).name == mutation.file]
    assert mine, f"no problem names {mutation.file}:\n{text}"
    for p in error.problems:
        assert p.code.startswith("CB") and p.file, p
        assert str(p) in text
    if mutation.needs_place:
        placed = [p for p in mine if p.line is not None or p.row is not None]
        assert placed, f"no problem in {mutation.file} names a line or row:\n{text}"
        assert any(re.search(r", (line|row) \d+", str(p)) for p in placed)
    assert ok == [] and problems == text


# One property per family of files, each drawing its mutation from the family's kinds.
FAMILIES = {
    "whole files": [empty_file, missing_file, random_bytes, truncated, unbalanced, scalar_root],
    "yaml content": [wrong_type, python_tag, ice_out_of_range, unknown_option],
    "course.csv": [text_in_number, bad_header, ragged_row, days_out_of_order, ice_out_of_range],
}


@pytest.mark.parametrize("family", list(FAMILIES))
@SETTINGS
@given(data=st.data())
def test_every_mutation_gives_one_clean_case_data_error(family, data):
    mutate = data.draw(st.sampled_from(FAMILIES[family]), label="mutation")
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_valid(Path(tmp))
        mutation = mutate(folder, data.draw)
        assert_refused_cleanly(folder, mutation)


def test_every_mutation_kind_is_in_a_family():
    assert {f for kinds in FAMILIES.values() for f in kinds} == set(MUTATIONS.values())


# -- inputs a random mutation rarely reaches --------------------------------------------------
def _edit(folder: Path, name: str, old: str, new: str) -> None:
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(folder: Path, name: str, text: str) -> None:
    with open(folder / name, "a", encoding="utf-8") as fh:
        fh.write(text)


def deep_brackets(folder: Path) -> Mutation:
    (folder / "exams.yaml").write_text("exams: " + "[" * 1200 + "\n", encoding="utf-8")
    return Mutation("exams.yaml")


def deep_block(folder: Path) -> Mutation:
    lines = "".join("  " * i + "- \n" for i in range(1, 1000))
    (folder / "decisions.yaml").write_text("decisions:\n" + lines, encoding="utf-8")
    return Mutation("decisions.yaml")


def alias_bomb(folder: Path) -> Mutation:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("exams: *i")
    (folder / "exams.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Mutation("exams.yaml")


def number_key(folder: Path) -> Mutation:
    _edit(folder, "case.yaml", "patient:\n", "patient:\n  1: {value: x, source: report}\n")
    return Mutation("case.yaml")


def yes_key(folder: Path) -> Mutation:
    _edit(folder, "decisions.yaml", "    day: 0\n", "    day: 0\n    yes: 1\n")
    return Mutation("decisions.yaml")


def null_key(folder: Path) -> Mutation:
    _edit(folder, "exams.yaml", "exams:\n", "~: 1\nexams:\n")
    return Mutation("exams.yaml")


def date_value(folder: Path) -> Mutation:
    _edit(folder, "decisions.yaml", "day: 0", "day: 2026-11-25")
    return Mutation("decisions.yaml")


def huge_day(folder: Path) -> Mutation:
    _append(folder, "course.csv", "100000000,temperature,36.9,C,reconstructed,\n")
    return Mutation("course.csv")


def infinite_number(folder: Path) -> Mutation:
    _edit(folder, "course.csv", "1,il6,45,", "1,il6,1e999,")
    return Mutation("course.csv")


def nul_in_csv(folder: Path) -> Mutation:
    _edit(folder, "course.csv", "0,temperature,36.8", "0,tempe\x00rature,36.8")
    return Mutation("course.csv")


def huge_csv_field(folder: Path) -> Mutation:
    _append(folder, "course.csv", '5,headache,"' + "x" * 200_000 + '",-,reconstructed,\n')
    return Mutation("course.csv")


def unterminated_quote(folder: Path) -> Mutation:
    _append(folder, "course.csv", '5,headache,"present,-,reconstructed,\n')
    return Mutation("course.csv")


def control_character(folder: Path) -> Mutation:
    _edit(folder, "case.yaml", "title:", "title: \x07")
    return Mutation("case.yaml")


def two_documents(folder: Path) -> Mutation:
    _append(folder, "exams.yaml", "---\nexams: []\n")
    return Mutation("exams.yaml")


def case_file_is_a_folder(folder: Path) -> Mutation:
    (folder / "exams.yaml").unlink()
    (folder / "exams.yaml").mkdir()
    return Mutation("exams.yaml", needs_place=False)


EDGE_CASES = [
    deep_brackets,
    deep_block,
    alias_bomb,
    number_key,
    yes_key,
    null_key,
    date_value,
    huge_day,
    infinite_number,
    nul_in_csv,
    huge_csv_field,
    unterminated_quote,
    control_character,
    two_documents,
    case_file_is_a_folder,
]


@pytest.mark.parametrize("edit", EDGE_CASES, ids=lambda f: f.__name__)
def test_edge_case_gives_one_clean_case_data_error(tmp_path, edit):
    folder = copy_valid(tmp_path)
    mutation = edit(folder)
    assert_refused_cleanly(folder, mutation)


def test_huge_day_is_one_problem_not_one_per_missing_day(tmp_path):
    """Days may have gaps (issue 15), so a typo such as day 100000000 is caught by the day range
    (CB203), once."""
    folder = copy_valid(tmp_path)
    huge_day(folder)
    with pytest.raises(CaseDataError) as info:
        load_case(folder)
    assert [p.code for p in info.value.problems] == ["CB203"]
    assert "from -60 to 365" in info.value.problems[0].expected


# -- the command line, for a sample of mutations (each run is a new interpreter) ----------------
def _validate_cli(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casebook", "validate", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@settings(SETTINGS, max_examples=4)
@given(
    kind=st.sampled_from([k for k in MUTATIONS if MUTATIONS[k] is not unbalanced]), data=st.data()
)
def test_cli_validate_exits_1_without_traceback(kind, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_valid(Path(tmp))
        mutation = MUTATIONS[kind](folder, data.draw)
        if not mutation.must_fail:
            return
        result = _validate_cli(folder)
        if mutation.marker is not None:
            assert not mutation.marker.exists()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert mutation.file in result.stderr
    assert re.search(r"\[CB\d{3}\]", result.stderr)


@pytest.mark.parametrize("edit", [deep_brackets, alias_bomb, huge_day])
def test_cli_validate_edge_cases_exit_1_without_traceback(tmp_path, edit):
    folder = copy_valid(tmp_path)
    mutation = edit(folder)
    result = _validate_cli(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{mutation.file}, " in result.stderr
