"""Find, read and validate case folders, and build the frozen ``Case`` from them.

A case folder holds ``case.yaml``, ``course.csv``, ``exams.yaml`` and ``decisions.yaml``
(``docs/data-format.md``); the intervention catalogue and the references come from the folder
when it has its own ``interventions.yaml`` / ``references.yaml``, else from the bundled data.

Reading is safe and strict: YAML only through ``yaml.safe_load`` (a tag such as ``!!python/...``
is a problem, never executed), files must be UTF-8, and every YAML file is checked against its
JSON Schema in ``casebook/schema/``. The rules the schemas cannot express are checked here. Every
problem in every file is collected, each with a stable rule code (``RULES``, documented with an
example and a broken fixture in ``docs/validation-rules.md``), and one ``CaseDataError`` lists
them all: a half-built ``Case`` is never returned.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from casebook.grading import CrsGrade, IcansGrade, grade_crs, grade_icans
from casebook.model import (
    COURSE_PROVENANCE,
    ICE_ITEMS,
    ICE_MAXIMA,
    ITEMS,
    ORIENTATION_PARTS,
    REPEATABLE_ITEMS,
    REQUIRED_DAILY_ITEMS,
    Case,
    DayNote,
    Decision,
    Exam,
    Fact,
    IceItem,
    Intervention,
    Observation,
    Option,
    Patient,
    Reference,
    TeamAction,
)

if TYPE_CHECKING:  # imported lazily at run time, see _import_jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = [
    "RISK_EVIDENCE",
    "RISK_GROUPS",
    "RULES",
    "VIGNETTE_RULES",
    "CaseDataError",
    "Problem",
    "RiskFigure",
    "Vignette",
    "VignetteDataError",
    "data_dir",
    "list_cases",
    "load_case",
    "load_risk_factors",
    "load_vignettes",
    "validate_paths",
]

CASE_FILES = ("case.yaml", "course.csv", "exams.yaml", "decisions.yaml")
SHARED_FILES = ("interventions.yaml", "references.yaml")
COURSE_COLUMNS = ("day", "item", "value", "unit", "source", "note")
NOT_TESTABLE = "not_testable"  # the one word an `ice` row may hold instead of a number
# A case file holds a few thousand values; YAML aliases must not expand a file beyond this.
MAX_YAML_VALUES = 100_000
_YAML_STR = "tag:yaml.org,2002:str"
_YAML_MERGE = "tag:yaml.org,2002:merge"

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
        "CB203": "every day is a whole number >= 0",
        "CB204": "numeric items hold a number",
        "CB205": "every item is a known item",
        "CB206": "every unit is the item's unit exactly",
        "CB207": "numbers are inside the item's range",
        "CB208": "word items hold one of the item's allowed words",
        "CB209": "rows are sorted by day",
        "CB210": "days start at 0 and have no gaps",
        "CB211": "an item appears at most once per day (except repeatable items)",
        "CB212": "every day has temperature, consciousness, seizure and motor",
        "CB213": "an ICE total is a whole number",
        "CB214": "an `ice` row is not_testable only when consciousness is unarousable",
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
        # CB5xx: consistency across files
        "CB501": "case.yaml days list the days of course.csv, in order, once each",
        "CB502": "the case id equals the folder name",
        "CB503": "every exam day is a day of course.csv",
        "CB504": "every day has an ICE total (exam or `ice` row)",
        "CB505": "a day with an exam has no `ice` row",
        "CB506": "a non-testable exam only on a day with consciousness unarousable",
        "CB507": "every decision day is a day of course.csv",
        "CB508": "the grading engine can grade every day",
        "CB509": "the computed ICANS peak matches what the report states",
    }
)


# ---------------------------------------------------------------------------------------------
# Problems and the error that lists them
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


# ---------------------------------------------------------------------------------------------
# Where the data is
def data_dir() -> Path:
    """The bundled data: ``casebook/_data`` in an installed wheel, else ``data/`` of the clone."""
    packaged = Path(str(resources.files("casebook"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def list_cases() -> list[str]:
    """Sorted ids of the bundled cases (folders of ``data/cases`` that hold a case.yaml)."""
    cases = data_dir() / "cases"
    if not cases.is_dir():
        return []
    return sorted(p.name for p in cases.iterdir() if (p / "case.yaml").is_file())


def _display(path: Path) -> str:
    """A path as the user best recognises it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _resolve(case_id_or_path: str | os.PathLike[str]) -> Path:
    """The case folder for a path, else for a bundled id; CaseDataError (CB101/CB102) if none.

    An existing folder wins over a bundled case of the same name, so `validate case1` inside a
    folder that holds an author's own `case1/` checks that one.
    """
    given = str(case_id_or_path)
    path = Path(case_id_or_path)
    if not path.is_dir() and isinstance(case_id_or_path, str) and re.fullmatch(r"[\w-]+", given):
        bundled = data_dir() / "cases" / given
        if bundled.is_dir():
            return bundled
    if not path.exists():
        cases = ", ".join(list_cases()) or "none"
        raise CaseDataError(
            given,
            [
                Problem(
                    "CB101",
                    given,
                    "no such folder, and not a bundled case id",
                    expected=f"a case folder, or a bundled case id (bundled: {cases})",
                )
            ],
        )
    if not path.is_dir() or not any((path / name).exists() for name in CASE_FILES):
        kind = "a file" if not path.is_dir() else "a folder without any case file"
        raise CaseDataError(
            _display(path),
            [
                Problem(
                    "CB102",
                    _display(path),
                    f"is {kind}, not a case folder",
                    expected="a folder holding " + ", ".join(CASE_FILES),
                )
            ],
        )
    return path


# ---------------------------------------------------------------------------------------------
# Schemas
def _import_jsonschema():
    """Import jsonschema without its optional ``rfc3987_syntax`` format checker.

    That module builds a parser grammar when imported, which costs about a second in every
    kernel that loads a case; the casebook's schemas use no ``format`` keyword, so the checker
    is never needed. The block lasts only for this import and only when nothing imported
    ``rfc3987_syntax`` before (then jsonschema is loaded as usual).
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


@cache
def _validator(name: str) -> Draft202012Validator:
    validator_class = _import_jsonschema().Draft202012Validator
    text = (resources.files("casebook") / "schema" / f"{name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------------------------------------
# Reading files
@dataclass
class _Yaml:
    """A parsed YAML file: the data, and the node tree that knows every value's line."""

    name: str
    data: Any
    root: yaml.Node | None

    def _walk(self, path: Sequence[Any]) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The deepest node on ``path`` and, when the last step was a mapping key, its key."""
        node, key_node = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = [(k, v) for k, v in node.value if k.value == str(part)]
                if not found:
                    break
                key_node, node = found[-1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                key_node, node = None, node.value[part]
            else:
                break
        return node, key_node

    def line(self, path: Sequence[Any]) -> int:
        """1-based line of the value at ``path`` (its key's line for a block mapping or list)."""
        node, key_node = self._walk(path)
        if node is None:
            return 1
        if key_node is not None and not isinstance(node, yaml.ScalarNode):
            return key_node.start_mark.line + 1
        return node.start_mark.line + 1

    def key_line(self, path: Sequence[Any], key: str) -> int:
        """1-based line of ``key`` inside the mapping at ``path``."""
        node, _ = self._walk(path)
        if isinstance(node, yaml.MappingNode):
            for k, _v in node.value:
                if k.value == key:
                    return k.start_mark.line + 1
        return self.line(path)


@dataclass
class _Row:
    """One data row of course.csv, with what could be parsed from it."""

    row: int
    line: int
    day: int | None
    item: str
    raw: str
    unit: str
    source: str
    note: str
    known: bool  # the item is a known item
    value: float | str | None = None  # parsed value, None when the value is invalid


class _Checker:
    """Reads one case folder, collects every problem and builds the Case when there is none."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # file name -> how problems name it
        self.schema_ok: dict[str, bool] = {}

    # -- problems ------------------------------------------------------------------------------
    def add(self, code: str, file: str, message: str, **kw: Any) -> None:
        self.problems.append(Problem(code, self.names.get(file, file), message, **kw))

    def add_at(self, code: str, doc: _Yaml, path: list[Any], message: str, **kw: Any) -> None:
        """A problem at ``path`` in ``doc``, with that place's line and dotted field name."""
        self.add(code, doc.name, message, line=doc.line(path), field=_dotted(path), **kw)

    # -- files ---------------------------------------------------------------------------------
    def shared_path(self, name: str) -> Path:
        own = self.folder / name
        if own.exists():
            return own
        return data_dir() / name

    def read_text(self, name: str, path: Path) -> str | None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.add(
                "CB103", name, "the file is missing", expected=f"{name} in {_display(self.folder)}"
            )
            return None
        except OSError as exc:
            self.add("CB103", name, f"the file cannot be read ({exc.strerror or exc})")
            return None
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is harmless
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            self.add(
                "CB104",
                name,
                f"byte {exc.start} (0x{raw[exc.start]:02x}) is not UTF-8",
                line=line,
                expected="the file saved as UTF-8 text",
            )
            return None
        if not text.strip():
            self.add("CB105", name, "the file is empty", expected=f"the content of {name}")
            return None
        return text

    def load_yaml(self, name: str, path: Path, schema: str) -> _Yaml | None:
        self.names[name] = name if path.parent == self.folder else _display(path)
        text = self.read_text(name, path)
        if text is None:
            return None
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)  # safe: tags such as !!python/object are refused
        except RecursionError:  # PyYAML composes nested values recursively
            self.add(
                "CB106",
                name,
                "values are nested too deeply to read",
                line=_deepest_line(text),
                expected="valid YAML (check for unbalanced brackets)",
            )
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else None
            if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
                line = text.count("\n", 0, exc.position) + 1
            parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
            what = " ".join(str(p) for p in parts if p) or str(exc)
            if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
                self.add(
                    "CB107",
                    name,
                    f"YAML tag not allowed: {exc.problem}",
                    line=line,
                    expected="plain YAML values (text, numbers, lists, mappings) without !! tags",
                )
            else:
                self.add(
                    "CB106",
                    name,
                    f"YAML syntax error: {what}",
                    line=line,
                    expected="valid YAML (check indentation, colons and quotes)",
                )
            return None
        doc = _Yaml(name, data, root)
        before = len(self.problems)
        if self.check_nodes(doc, root):
            for error in sorted(_validator(schema).iter_errors(data), key=lambda e: e.json_path):
                self.schema_problems(doc, error, schema)
        self.schema_ok[name] = len(self.problems) == before
        return doc

    def check_nodes(self, doc: _Yaml, root: yaml.Node | None) -> bool:
        """Duplicate keys (CB108), keys that are not text (CB109) and aliases that expand to
        more than MAX_YAML_VALUES values (CB106). Iterative, so any nesting depth is fine.
        False when the data cannot go through the schema (non-text keys, alias expansion)."""
        usable = True
        checked: set[int] = set()  # an aliased node is checked once, but counted every time
        stack = [root] if root is not None else []
        for count in range(1, MAX_YAML_VALUES + 2):
            if not stack:
                return usable
            node = stack.pop()
            if count > MAX_YAML_VALUES:
                self.add(
                    "CB106",
                    doc.name,
                    f"aliases (*name) expand to more than {MAX_YAML_VALUES} values",
                    line=node.start_mark.line + 1,
                    expected="plain YAML without aliases that repeat large values",
                )
                return False
            if isinstance(node, yaml.MappingNode):
                if id(node) not in checked:
                    usable = self.check_keys(doc, node) and usable
                stack.extend(value for _key, value in reversed(node.value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            checked.add(id(node))
        return usable

    def check_keys(self, doc: _Yaml, node: yaml.MappingNode) -> bool:
        seen: set[str] = set()
        usable = True
        for key, _value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.tag not in (_YAML_STR, _YAML_MERGE):
                kind = key.tag.rsplit(":", 1)[-1]
                self.add(
                    "CB109",
                    doc.name,
                    f"key {key.value!r} is read as {kind}, not as text",
                    line=key.start_mark.line + 1,
                    field=str(key.value),
                    value=key.value,
                    expected="field names that are text (put quotes around the key)",
                )
                usable = False
            if key.value in seen:
                self.add(
                    "CB108",
                    doc.name,
                    f"key '{key.value}' appears twice in this mapping",
                    line=key.start_mark.line + 1,
                    field=str(key.value),
                    expected="each key once (the later one would silently win)",
                )
            seen.add(key.value)
        return usable

    def schema_problems(self, doc: _Yaml, error: ValidationError, kind: str) -> None:
        """Translate one jsonschema error into Problems that name the line and the field."""
        path = list(error.absolute_path)
        last = path[-1] if path else None
        schema = error.schema if isinstance(error.schema, dict) else {}
        help_text = schema.get("description", "")
        if error.validator == "required":
            for missing in error.validator_value:
                if missing in error.instance or repr(missing) not in error.message:
                    continue
                described = schema.get("properties", {}).get(missing, {}).get("description", "")
                if missing == "source":
                    code = "CB110"
                elif kind == "exams" and last == "parts":
                    code = "CB304"
                elif kind == "exams" and (missing == "items" or last == "items"):
                    code = "CB302"
                else:
                    code = "CB109"
                self.add(
                    code,
                    doc.name,
                    f"'{missing}' is missing",
                    line=doc.line(path),
                    field=_dotted([*path, missing]),
                    expected=f"'{missing}': {described}" if described else f"'{missing}'",
                )
            return
        if error.validator == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            patterns = list(schema.get("patternProperties", {}))
            for key in error.instance:
                if key in allowed or any(re.search(p, str(key)) for p in patterns):
                    continue
                self.add(
                    "CB109",
                    doc.name,
                    f"unknown field '{key}'",
                    line=doc.key_line(path, key),
                    field=_dotted([*path, key]),
                    value=key,
                    expected="one of: " + ", ".join(allowed),
                )
            return
        value = error.instance
        shown = _short(value)
        code = "CB109"
        if error.validator == "enum":
            allowed_words = ", ".join(str(v) for v in error.validator_value)
            if last == "source":
                code = "CB111"
            elif kind == "decisions" and last == "class":
                code = "CB407"
            message, expected = f"{shown} is not allowed", f"one of: {allowed_words}"
        elif error.validator in ("minimum", "maximum"):
            if kind == "exams" and last == "points" and path[-2] in ICE_MAXIMA:
                code = "CB303"
                help_text = f"0-{ICE_MAXIMA[path[-2]]} points for {path[-2]} (ASTCT 2019)"
            word = "below the minimum" if error.validator == "minimum" else "over the maximum"
            message = f"{shown} is {word} of {error.validator_value}"
            expected = help_text
        elif error.validator == "type":
            types = error.validator_value
            types = " or ".join(types) if isinstance(types, list) else types
            message, expected = f"{shown} is not of type {types}", help_text
        elif error.validator == "pattern":
            message = f"{shown} does not match the pattern {error.validator_value}"
            expected = help_text
        elif error.validator in ("minItems", "minLength"):
            message, expected = f"{shown} is too short", help_text
        else:
            message, expected = error.message, help_text
        self.add(
            code,
            doc.name,
            message,
            line=doc.line(path),
            field=_dotted(path) or None,
            value=value,
            expected=expected,
        )

    # -- course.csv ----------------------------------------------------------------------------
    def load_course(self) -> list[_Row] | None:
        name = "course.csv"
        self.names[name] = name
        text = self.read_text(name, self.folder / name)
        if text is None:
            return None
        reader = csv.reader(io.StringIO(text, newline=""))
        records: list[tuple[int, list[str]]] = []
        previous_end = 0
        try:
            for record in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if any(cell.strip() for cell in record):
                    records.append((start, [cell.strip() for cell in record]))
        except csv.Error as exc:
            self.add("CB202", name, f"CSV cannot be read: {exc}", line=reader.line_num)
            return None
        if not records:
            self.add("CB105", name, "the file has no rows", expected="a header and data rows")
            return None
        header_line, header = records[0]
        columns = self.check_header(header, header_line)
        if columns is None:
            return None
        if len(records) == 1:
            self.add("CB105", name, "the file has a header but no data rows", line=header_line)
            return None
        rows = []
        for number, (line, cells) in enumerate(records[1:], start=1):
            if len(cells) != len(COURSE_COLUMNS):
                self.add(
                    "CB202",
                    name,
                    f"the row has {len(cells)} fields",
                    line=line,
                    row=number,
                    expected=f"{len(COURSE_COLUMNS)} fields: " + ",".join(COURSE_COLUMNS),
                )
                continue
            rows.append(self.parse_row(dict(zip(columns, cells, strict=True)), number, line))
        return rows

    def check_header(self, header: list[str], line: int) -> list[str] | None:
        """Column names in file order, or None when the rows cannot be read by name."""
        expected = ",".join(COURSE_COLUMNS)
        counts = Counter(header)
        twice = [c for c, n in counts.items() if n > 1]
        missing = [c for c in COURSE_COLUMNS if c not in counts]
        unknown = [c for c in header if c not in COURSE_COLUMNS]
        if header and re.fullmatch(r"\d+", header[0]):
            self.add(
                "CB201",
                "course.csv",
                "the header row is missing: line 1 is a data row",
                line=line,
                value=",".join(header),
                expected=f"the header {expected} on line 1",
            )
            return None
        if twice or missing or unknown:
            what = []
            what += [f"column '{c}' appears twice" for c in twice]
            what += [f"column '{c}' is missing" for c in missing]
            what += [f"unknown column '{c}'" for c in unknown]
            self.add(
                "CB201",
                "course.csv",
                "header row: " + "; ".join(what),
                line=line,
                value=",".join(header),
                expected=f"the header {expected}",
            )
            return None
        if tuple(header) != COURSE_COLUMNS:
            self.add(
                "CB201",
                "course.csv",
                f"header columns are in the order {','.join(header)}",
                line=line,
                value=",".join(header),
                expected=f"the header {expected}",
            )
        return header

    def parse_row(self, cells: dict[str, str], number: int, line: int) -> _Row:
        name = "course.csv"
        where = {"row": number, "line": line}
        day: int | None = None
        if re.fullmatch(r"\d+", cells["day"]):
            day = int(cells["day"])
        else:
            self.add(
                "CB203",
                name,
                f"{cells['day']!r} is not a day number",
                field="day",
                value=cells["day"],
                expected="a whole number >= 0 (0 is before day 1)",
                **where,
            )
        item, raw, unit = cells["item"], cells["value"], cells["unit"]
        row = _Row(
            number, line, day, item, raw, unit, cells["source"], cells["note"], item in ITEMS
        )
        self.check_source(cells["source"], field="source", **where)
        if not row.known:
            self.add(
                "CB205",
                name,
                f"unknown item {item!r}",
                field="item",
                value=item,
                expected="one of the items in docs/data-format.md (e.g. temperature, ice, seizure)",
                **where,
            )
            return row
        want_unit, allowed = ITEMS[item]
        if unit != want_unit:
            self.add(
                "CB206",
                name,
                f"{unit!r} is not the unit of item {item!r}",
                field="unit",
                value=unit,
                expected=f"{want_unit!r} exactly",
                **where,
            )
        row.value = self.parse_value(item, raw, allowed, where)
        return row

    def parse_value(
        self, item: str, raw: str, allowed: tuple, where: dict[str, int]
    ) -> float | str | None:
        name = "course.csv"
        if isinstance(allowed[0], str):
            if raw in allowed:
                return raw
            self.add(
                "CB208",
                name,
                f"{raw!r} is not an allowed value of item {item!r}",
                field="value",
                value=raw,
                expected="one of: " + ", ".join(allowed),
                **where,
            )
            return None
        if item == "ice" and raw == NOT_TESTABLE:
            return raw
        low, high = allowed
        wanted = _range_text(low, high) + f" for item {item!r}"
        if item == "ice":
            wanted = f"a whole number 0-10 or {NOT_TESTABLE} for item 'ice'"
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", raw):
            self.add(
                "CB204",
                name,
                f"{raw!r} is not a number",
                field="value",
                value=raw,
                expected=wanted,
                **where,
            )
            return None
        number = float(raw)
        if (
            not math.isfinite(number)  # e.g. 1e999
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            self.add(
                "CB207",
                name,
                f"{raw} is out of range",
                field="value",
                value=raw,
                expected=wanted,
                **where,
            )
            return None
        if item == "ice" and not number.is_integer():
            self.add(
                "CB213",
                name,
                f"{raw} is not a whole number",
                field="value",
                value=raw,
                expected=wanted,
                **where,
            )
            return None
        return number

    def check_source(self, source: str, *, field: str, **where: Any) -> None:
        if not source:
            self.add(
                "CB110",
                "course.csv",
                "the source is empty",
                field=field,
                expected="one of: " + ", ".join(COURSE_PROVENANCE),
                **where,
            )
        elif source not in COURSE_PROVENANCE:
            self.add(
                "CB111",
                "course.csv",
                f"{source!r} is not an allowed source",
                field=field,
                value=source,
                expected="one of: " + ", ".join(COURSE_PROVENANCE),
                **where,
            )

    def check_course(self, rows: list[_Row]) -> None:
        """Rules on course.csv as a whole: order, days, duplicates, required items."""
        name = "course.csv"
        last_day = -1
        for r in rows:
            if r.day is None:
                continue
            if r.day < last_day:
                self.add(
                    "CB209",
                    name,
                    f"day {r.day} comes after day {last_day}",
                    row=r.row,
                    line=r.line,
                    field="day",
                    value=r.day,
                    expected="rows sorted by day",
                )
            last_day = max(last_day, r.day)
        if any(r.day is None for r in rows):
            return  # the days below would be guesses
        days = sorted({r.day for r in rows if r.day is not None})
        # Gaps as runs of missing days, so that a typo such as day 100000 gives one problem.
        for low, high in zip([-1, *days], days, strict=False):
            if high - low < 2:
                continue
            first, last = low + 1, high - 1
            self.add(
                "CB210",
                name,
                f"day {first} has no rows"
                if first == last
                else f"days {first}-{last} have no rows",
                field="day",
                value=first if first == last else f"{first}-{last}",
                expected=f"every day from 0 to {days[-1]}, without gaps",
            )
        by_day: dict[int, list[_Row]] = defaultdict(list)
        for r in rows:
            if r.day is not None:
                by_day[r.day].append(r)
        for day, day_rows in sorted(by_day.items()):
            first: dict[str, _Row] = {}
            for r in day_rows:
                if not r.known or r.item in REPEATABLE_ITEMS:
                    continue
                if r.item in first:
                    self.add(
                        "CB211",
                        name,
                        f"item {r.item!r} appears again on day {day} "
                        f"(first at row {first[r.item].row})",
                        row=r.row,
                        line=r.line,
                        field="item",
                        value=r.item,
                        expected="each item at most once per day (event and excluded_domain "
                        "may repeat)",
                    )
                else:
                    first[r.item] = r
            for item in REQUIRED_DAILY_ITEMS:
                if item not in first:
                    self.add(
                        "CB212",
                        name,
                        f"day {day} has no {item!r} row",
                        row=day_rows[0].row,
                        line=day_rows[0].line,
                        field="item",
                        value=item,
                        expected="temperature, consciousness, seizure and motor on every day",
                    )
            ice = first.get("ice")
            consciousness = first.get("consciousness")
            if (
                ice is not None
                and ice.value == NOT_TESTABLE
                and consciousness is not None
                and consciousness.value not in (None, "unarousable")
            ):
                self.add(
                    "CB214",
                    name,
                    f"ICE is {NOT_TESTABLE} on day {day} while consciousness is "
                    f"{consciousness.value!r} (row {consciousness.row})",
                    row=ice.row,
                    line=ice.line,
                    field="value",
                    value=ice.raw,
                    expected=f"a number 0-10 ({NOT_TESTABLE} only when consciousness is "
                    "unarousable, ASTCT 2019)",
                )

    # -- exams.yaml, decisions.yaml, catalogue, references -------------------------------------
    def check_exams(self, doc: _Yaml) -> None:
        seen: dict[int, int] = {}
        for i, exam in enumerate(doc.data["exams"]):
            day = exam["day"]
            if day in seen:
                self.add(
                    "CB301",
                    doc.name,
                    f"a second exam on day {day} (the first is exams[{seen[day]}])",
                    line=doc.line(["exams", i, "day"]),
                    field=f"exams[{i}].day",
                    value=day,
                    expected="at most one bedside ICE exam per day",
                )
            seen.setdefault(day, i)
            if exam["testable"]:
                wrong = [k for k in ("transcript", "reason") if k in exam]
                hint = "a testable exam keeps transcript and reason inside each ICE item"
            else:
                wrong = [k for k in ("items",) if k in exam]
                hint = "a non-testable exam has transcript and reason, and no ICE items"
            for key in wrong:
                self.add(
                    "CB306",
                    doc.name,
                    f"'{key}' on an exam with testable: {str(exam['testable']).lower()}",
                    line=doc.key_line(["exams", i], key),
                    field=f"exams[{i}].{key}",
                    expected=hint,
                )
            orientation = exam.get("items", {}).get("orientation")
            if orientation and "points" in orientation:
                true_parts = sum(bool(v) for v in orientation["parts"].values())
                if orientation["points"] != true_parts:
                    self.add(
                        "CB305",
                        doc.name,
                        f"orientation points {orientation['points']} but {true_parts} of the "
                        "four parts are true",
                        line=doc.line(["exams", i, "items", "orientation", "points"]),
                        field=f"exams[{i}].items.orientation.points",
                        value=orientation["points"],
                        expected=f"{true_parts} (one point per true part, ASTCT 2019), or no "
                        "points at all",
                    )

    def check_unique(self, doc: _Yaml, top: str, key: str, code: str, what: str) -> None:
        first: dict[str, int] = {}
        for i in range(len(doc.data[top])):
            self.check_repeat(doc, top, i, key, first, code, what)

    def check_repeat(
        self, doc: _Yaml, top: str, i: int, key: str, first: dict[str, int], code: str, what: str
    ) -> None:
        """Entry ``i`` of ``top`` must not repeat the ``key`` of an earlier entry; ``first`` (value
        -> index of its first entry) is updated."""
        value = doc.data[top][i][key]
        if value in first:
            self.add_at(
                code,
                doc,
                [top, i, key],
                f"{what} {value!r} appears again (first at {top}[{first[value]}])",
                value=value,
                expected=f"each {what} once",
            )
        first.setdefault(value, i)

    def check_ref(
        self, doc: _Yaml, path: list[Any], key: str, refs: dict | None, code: str = "CB403"
    ) -> None:
        if refs is not None and key not in refs:
            self.add_at(
                code,
                doc,
                path,
                f"unknown reference key {key!r}",
                value=key,
                expected="a key of references.yaml: " + ", ".join(sorted(refs)),
            )

    def check_decisions(self, doc: _Yaml, catalogue: dict | None, refs: dict | None) -> None:
        for i, dec in enumerate(doc.data["decisions"]):
            seen: set[str] = set()
            for j, opt in enumerate(dec["options"]):
                path = ["decisions", i, "options", j, "id"]
                if catalogue is not None and opt["id"] not in catalogue:
                    self.add_at(
                        "CB401",
                        doc,
                        path,
                        f"option {opt['id']!r} is not in the intervention catalogue",
                        value=opt["id"],
                        expected=f"an id of {self.names.get('interventions.yaml')}",
                    )
                if opt["id"] in seen:
                    self.add_at(
                        "CB402",
                        doc,
                        path,
                        f"option {opt['id']!r} is offered twice in decision {dec['id']!r}",
                        value=opt["id"],
                        expected="each option once per decision",
                    )
                seen.add(opt["id"])
                self.check_ref(doc, ["decisions", i, "options", j, "ref"], opt["ref"], refs)
            for k, key in enumerate(dec["guideline"]["refs"]):
                self.check_ref(doc, ["decisions", i, "guideline", "refs", k], key, refs)
            if not any(opt["class"] == "essential" for opt in dec["options"]):
                self.add(
                    "CB408",
                    doc.name,
                    f"decision {dec['id']!r} has no essential option",
                    line=doc.line(["decisions", i, "options"]),
                    field=f"decisions[{i}].options",
                    expected="at least one option with class: essential (a learner's score is "
                    "the share of essential options chosen)",
                )

    # -- across files --------------------------------------------------------------------------
    def check_case_days(self, case: _Yaml, days: list[int]) -> None:
        listed = [d["day"] for d in case.data["days"]]
        for i, day in enumerate(listed):
            path = ["days", i, "day"]
            if day not in days:
                message = f"day {day} is not a day of course.csv"
            elif listed.count(day) > 1 and listed.index(day) != i:
                message = f"day {day} is listed twice"
            elif i and day < listed[i - 1]:
                message = f"day {day} comes after day {listed[i - 1]}"
            else:
                continue
            self.add_at(
                "CB501",
                case,
                path,
                message,
                value=day,
                expected=f"the days of course.csv in order, once each: {days}",
            )
        for day in days:
            if day not in listed:
                self.add(
                    "CB501",
                    case.name,
                    f"course.csv has day {day} but case.yaml days has no entry for it",
                    line=case.line(["days"]),
                    field="days",
                    value=day,
                    expected="one entry (day, title, narrative, source) per day of course.csv",
                )

    def check_ice_totals(self, rows: list[_Row], exams: _Yaml, days: list[int]) -> None:
        exam_at = {e["day"]: (i, e) for i, e in enumerate(exams.data["exams"])}
        ice_rows = {r.day: r for r in rows if r.item == "ice"}
        consciousness = {r.day: r.value for r in rows if r.item == "consciousness"}
        for day in days:
            if day in exam_at and day in ice_rows:
                r = ice_rows[day]
                self.add(
                    "CB505",
                    "course.csv",
                    f"day {day} has an 'ice' row and a bedside exam in exams.yaml",
                    row=r.row,
                    line=r.line,
                    field="item",
                    value=r.raw,
                    expected="no 'ice' row on an exam day (the exam's items give the total)",
                )
            elif day not in exam_at and day not in ice_rows:
                self.add(
                    "CB504",
                    "course.csv",
                    f"day {day} has no ICE total",
                    field="item",
                    value=day,
                    expected="an 'ice' row, or a bedside exam for that day in exams.yaml",
                )
        for day, (i, exam) in sorted(exam_at.items()):
            path = ["exams", i, "day"]
            if day not in days:
                self.add_at(
                    "CB503",
                    exams,
                    path,
                    f"exam on day {day}, which is not a day of course.csv",
                    value=day,
                    expected=f"one of the days of course.csv: {days}",
                )
            elif not exam["testable"] and consciousness.get(day) not in (None, "unarousable"):
                self.add(
                    "CB506",
                    exams.name,
                    f"exam on day {day} is not testable, but consciousness that day is "
                    f"{consciousness[day]!r}",
                    line=exams.line(["exams", i, "testable"]),
                    field=f"exams[{i}].testable",
                    value=False,
                    expected="testable: true, or consciousness 'unarousable' that day in "
                    "course.csv (ASTCT 2019: ICE cannot be done only when unarousable)",
                )

    def check_decision_days(self, doc: _Yaml, days: list[int]) -> None:
        for i, dec in enumerate(doc.data["decisions"]):
            if dec["day"] not in days:
                path = ["decisions", i, "day"]
                self.add_at(
                    "CB507",
                    doc,
                    path,
                    f"decision {dec['id']!r} is on day {dec['day']}, not a day of course.csv",
                    value=dec["day"],
                    expected=f"one of the days of course.csv: {days}",
                )

    def check_grades(self, case: Case, doc: _Yaml) -> None:
        """The engine grades every day; its peak matches what the report states."""
        grades: dict[int, int] = {}
        for day in case.day_numbers:
            try:
                grades[day] = case.icans(day).grade
                case.crs(day)
            except ValueError as exc:
                self.add(
                    "CB508",
                    "course.csv",
                    f"the grading engine cannot grade day {day}: {exc}",
                    field="day",
                    value=day,
                    expected="findings the engine accepts (see docs/data-format.md)",
                )
        if len(grades) != len(case.days):
            return
        reported = doc.data["reported"]
        peak = max(grades.values())
        peak_day = min(d for d, g in grades.items() if g == peak)
        if peak != reported["icans_peak"]:
            self.add(
                "CB509",
                doc.name,
                f"the computed ICANS peak is grade {peak} (day {peak_day}), the report states "
                f"grade {reported['icans_peak']}",
                line=doc.line(["reported", "icans_peak"]),
                field="reported.icans_peak",
                value=reported["icans_peak"],
                expected="course findings whose computed peak is the reported grade",
            )
        elif reported.get("icans_peak_day") is not None and reported["icans_peak_day"] != peak_day:
            self.add(
                "CB509",
                doc.name,
                f"the computed ICANS peak (grade {peak}) is first reached on day {peak_day}, the "
                f"report states day {reported['icans_peak_day']}",
                line=doc.line(["reported", "icans_peak_day"]),
                field="reported.icans_peak_day",
                value=reported["icans_peak_day"],
                expected="course findings that first reach the peak on the reported day",
            )

    # -- the whole folder ----------------------------------------------------------------------
    def run(self) -> Case | None:
        case = self.load_yaml("case.yaml", self.folder / "case.yaml", "case")
        rows = self.load_course()
        exams = self.load_yaml("exams.yaml", self.folder / "exams.yaml", "exams")
        decisions = self.load_yaml("decisions.yaml", self.folder / "decisions.yaml", "decisions")
        interventions = self.load_yaml(
            "interventions.yaml", self.shared_path("interventions.yaml"), "interventions"
        )
        references = self.load_yaml(
            "references.yaml", self.shared_path("references.yaml"), "references"
        )
        case, exams, decisions, interventions, references = (
            doc if doc is not None and self.schema_ok.get(doc.name) else None
            for doc in (case, exams, decisions, interventions, references)
        )
        catalogue = refs = None
        if interventions is not None:
            self.check_unique(interventions, "interventions", "id", "CB405", "intervention id")
            catalogue = {e["id"]: e for e in interventions.data["interventions"]}
        if references is not None:
            self.check_unique(references, "references", "key", "CB406", "reference key")
            refs = {e["key"]: e for e in references.data["references"]}
        if exams is not None:
            self.check_exams(exams)
        if decisions is not None:
            self.check_unique(decisions, "decisions", "id", "CB404", "decision id")
            self.check_decisions(decisions, catalogue, refs)
        if case is not None:
            if case.data["id"] != self.folder.name:
                self.add(
                    "CB502",
                    case.name,
                    f"id {case.data['id']!r} differs from the folder name {self.folder.name!r}",
                    line=case.line(["id"]),
                    field="id",
                    value=case.data["id"],
                    expected=f"id: {self.folder.name}",
                )
            for i, point in enumerate(case.data.get("teaching_points", [])):
                self.check_ref(case, ["teaching_points", i, "ref"], point["ref"], refs)
        if rows is not None:
            self.check_course(rows)
            if all(r.day is not None for r in rows):
                days = sorted({r.day for r in rows if r.day is not None})
                if exams is not None:  # without usable exams, ICE totals would be guesses
                    self.check_ice_totals(rows, exams, days)
                if case is not None:
                    self.check_case_days(case, days)
                if decisions is not None:
                    self.check_decision_days(decisions, days)
        if self.problems or None in (case, rows, exams, decisions, interventions, references):
            return None
        built = _build(self.folder, case, rows, exams, decisions, catalogue, refs)
        self.check_grades(built, case)
        return None if self.problems else built

    def sorted_problems(self) -> list[Problem]:
        """Problems by file, then line; a problem two schema branches both found, once."""
        order = {self.names.get(n, n): i for i, n in enumerate(CASE_FILES + SHARED_FILES)}
        unique = list({str(p): p for p in self.problems}.values())
        return sorted(unique, key=lambda p: (order.get(p.file, -1), p.line or 0, p.row or 0))


def _deepest_line(text: str) -> int | None:
    """1-based line where the YAML nesting is deepest, or first 100 deep (the scanner is not
    recursive, but slows down with depth)."""
    starts = (
        yaml.BlockSequenceStartToken,
        yaml.BlockMappingStartToken,
        yaml.FlowSequenceStartToken,
        yaml.FlowMappingStartToken,
    )
    ends = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
    depth = deepest = 0
    line = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, starts):
                depth += 1
                if depth > deepest:
                    deepest, line = depth, token.start_mark.line + 1
                if depth >= 100:
                    break
            elif isinstance(token, ends):
                depth -= 1
    except yaml.YAMLError:
        pass  # the line of the deepest point before the syntax error
    return line


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _range_text(low: float | None, high: float | None) -> str:
    """ "a number 30-45", "a number >= 0": a range of ITEMS in words (None: no limit)."""
    if low is None or high is None:
        return (
            "a number"
            + (f" >= {low:g}" if low is not None else "")
            + (f" <= {high:g}" if high is not None else "")
        )
    return f"a number {low:g}-{high:g}"


# ---------------------------------------------------------------------------------------------
# Building the model from checked data
def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _build(
    folder: Path,
    case: _Yaml,
    rows: list[_Row],
    exams: _Yaml,
    decisions: _Yaml,
    catalogue: dict[str, dict],
    refs: dict[str, dict],
) -> Case:
    data = case.data
    interventions = {
        key: Intervention(e["id"], e["label"], e["category"], e["description"])
        for key, e in catalogue.items()
    }
    references = {k: Reference(r["key"], r["citation"], r["short"]) for k, r in refs.items()}
    facts = {
        name: Fact(_freeze(f["value"]), f["source"], f.get("note", ""))
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
        decisions=tuple(_decision(d, interventions) for d in decisions.data["decisions"]),
        catalogue=MappingProxyType(interventions),
        references=MappingProxyType(references),
        reported=MappingProxyType(dict(data["reported"])),
        teaching_points=tuple((t["text"], t["ref"]) for t in data.get("teaching_points", [])),
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


def _decision(d: dict[str, Any], catalogue: dict[str, Intervention]) -> Decision:
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
        team_did=tuple(TeamAction(t["text"], t["source"]) for t in d["team_did"]),
        guideline=d["guideline"]["text"],
        guideline_refs=tuple(d["guideline"]["refs"]),
    )


# ---------------------------------------------------------------------------------------------
# Public entry points
def load_case(case_id_or_path: str | os.PathLike[str]) -> Case:
    """A validated, immutable Case from a bundled case id ("case1") or a case folder path.

    Raises CaseDataError listing every problem of the folder (with file, line or row, field,
    value, what was expected and the rule code).
    """
    folder = _resolve(case_id_or_path)
    checker = _Checker(folder)
    case = checker.run()
    if case is None:
        raise CaseDataError(_display(folder), checker.sorted_problems())
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
            f"OK {case.id} ({_display(Path(case.path))}): {_plural(len(case.days), 'day')}, "
            f"{_plural(len(case.exams), 'exam')}, {_plural(len(case.decisions), 'decision point')}"
        )
    return ok, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Practice vignettes (data/vignettes.yaml; format in docs/vignettes.md)
#
# File-level problems (missing, not UTF-8, empty, YAML syntax, tags, duplicate keys, schema,
# provenance) carry the same CB1xx codes as case files; the rules below are the vignettes' own.
VIGNETTE_RULES = MappingProxyType(
    {
        "CB601": "vignette ids are unique",
        "CB602": "every teaching point cites a key of references.yaml",
        "CB603": "the grading engine accepts every vignette's findings (ICANS and CRS)",
        "CB604": "no vignette states a grade: the engine computes it from the findings",
    }
)
VIGNETTE_FILE = "vignettes.yaml"
_GRADE_KEY = re.compile(r"grade", re.IGNORECASE)


@dataclass(frozen=True)
class Vignette:
    """A short bedside story for grading practice, with the findings the engine grades.

    ``findings`` holds the keyword arguments of ``casebook.grading.grade_icans`` (``other_cause``
    as a tuple); ``crs_findings`` those of ``grade_crs``, or None when the vignette asks no CRS
    question. Grades are never stored: :meth:`icans` and :meth:`crs` compute them (ASTCT 2019).
    ``line`` is the vignette's line in its file.
    """

    id: str
    title: str
    text: str
    findings: Mapping[str, Any] = dataclasses.field(hash=False)
    crs_findings: Mapping[str, Any] | None = dataclasses.field(hash=False)
    teaching_point: str
    reference: Reference
    source: str
    line: int

    def icans(self) -> IcansGrade:
        """The engine's ICANS grade for the findings."""
        return grade_icans(**self.findings)

    def crs(self) -> CrsGrade | None:
        """The engine's CRS grade for the CRS findings, or None when there are none."""
        if self.crs_findings is None:
            return None
        return grade_crs(**self.crs_findings)


class VignetteDataError(CaseDataError):
    """A vignette file has problems. ``problems`` lists every one; ``str()`` shows them all."""

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"Vignette file {self.folder} has {count} problem{'' if count == 1 else 's'}:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])


def _grade_field_problems(problems: list[Problem], file: str) -> list[Problem]:
    """Schema problems for an unknown field named like a grade become CB604."""
    out = []
    for p in problems:
        if (
            p.code == "CB109"
            and p.file == file
            and p.message.startswith("unknown field")
            and _GRADE_KEY.search(str(p.value))
        ):
            p = dataclasses.replace(
                p,
                code="CB604",
                message=f"the vignette states a grade ('{p.value}')",
                expected="no grade field: the engine computes grades from the findings "
                "(docs/vignettes.md)",
            )
        out.append(p)
    return out


def _check_vignettes(checker: _Checker, doc: _Yaml, refs: dict[str, dict] | None) -> None:
    seen: dict[str, int] = {}
    for i, v in enumerate(doc.data["vignettes"]):
        checker.check_repeat(doc, "vignettes", i, "id", seen, "CB601", "vignette id")
        ref_path = ["vignettes", i, "teaching_point", "ref"]
        checker.check_ref(doc, ref_path, v["teaching_point"]["ref"], refs, code="CB602")
        for key, grader in (("findings", grade_icans), ("crs", grade_crs)):
            if key not in v:
                continue
            try:
                grader(**_findings(v[key]))
            except ValueError as exc:
                path = ["vignettes", i, key]
                checker.add_at(
                    "CB603",
                    doc,
                    path,
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
    file = Path(path) if path is not None else data_dir() / VIGNETTE_FILE
    checker = _Checker(file.parent)
    doc = checker.load_yaml(file.name, file, "vignettes")
    references = checker.load_yaml(
        "references.yaml", checker.shared_path("references.yaml"), "references"
    )
    refs = None
    if references is not None and checker.schema_ok.get("references.yaml"):
        refs = {e["key"]: e for e in references.data["references"]}
    if doc is not None and checker.schema_ok.get(file.name):
        _check_vignettes(checker, doc, refs)
    problems = _grade_field_problems(checker.sorted_problems(), checker.names.get(file.name, ""))
    if problems or doc is None or refs is None:
        raise VignetteDataError(_display(file), problems)
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
    )


# ---------------------------------------------------------------------------------------------
# Risk factors and incidence figures (data/risk_factors.yaml), for the comparison notebook
RISK_GROUPS = ("incidence", "risk_factor", "crs", "hypothesis")
RISK_EVIDENCE = ("published", "hypothesis")
_RISK_FIELDS = ("group", "finding", "figure", "population", "evidence", "ref")


@dataclass(frozen=True)
class RiskFigure:
    """One published figure (or the case authors' hypothesis) about neurological events or CRS.

    ``group`` is one of ``RISK_GROUPS``; ``evidence`` is "published" or "hypothesis" (proposed
    by the case report's authors, not shown by it); ``ref`` is a key of references.yaml and
    ``citation`` its short citation.
    """

    group: str
    finding: str
    figure: str
    population: str
    evidence: str
    ref: str
    citation: str
    note: str = ""


def load_risk_factors(path: str | os.PathLike[str] | None = None) -> tuple[RiskFigure, ...]:
    """The figures of ``data/risk_factors.yaml`` (or of the file at ``path``), in file order.

    References come from a references.yaml beside the file, else from the bundled one. Raises
    ValueError naming the file, the entry (from 0) and the field of the first problem found.
    """
    file = Path(path) if path is not None else data_dir() / "risk_factors.yaml"
    beside = file.parent / "references.yaml"
    ref_file = beside if beside.is_file() else data_dir() / "references.yaml"
    try:
        doc = yaml.safe_load(file.read_text("utf-8"))
        refs_doc = yaml.safe_load(ref_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{_display(file)}: cannot be read as UTF-8 YAML: {exc}") from None
    refs = {r["key"]: r["short"] for r in (refs_doc or {}).get("references", [])}
    entries = doc.get("figures") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{_display(file)}: expected a non-empty list under 'figures'")
    out = []
    for i, entry in enumerate(entries):
        where = f"{_display(file)}: figures[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping of fields, got {_short(entry)}")
        unknown = sorted(set(entry) - {*_RISK_FIELDS, "note"})
        if unknown:
            raise ValueError(f"{where}: unknown field {unknown[0]!r}")
        for field in (*_RISK_FIELDS, "note"):
            value = entry.get(field, "")
            if not isinstance(value, str) or (field != "note" and not value.strip()):
                raise ValueError(f"{where}.{field}: expected non-empty text, got {_short(value)}")
        checks = (("group", RISK_GROUPS), ("evidence", RISK_EVIDENCE), ("ref", tuple(refs)))
        for field, allowed in checks:
            if entry[field] not in allowed:
                raise ValueError(
                    f"{where}.{field}: {entry[field]!r} is not one of {', '.join(allowed)}"
                )
        if entry["group"] == "hypothesis" and entry["evidence"] != "hypothesis":
            raise ValueError(f"{where}.evidence: a hypothesis must have evidence 'hypothesis'")
        out.append(
            RiskFigure(
                **{field: entry[field] for field in _RISK_FIELDS},
                citation=refs[entry["ref"]],
                note=entry.get("note", ""),
            )
        )
    return tuple(out)
