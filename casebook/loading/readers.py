"""Reading data files: the JSON Schemas, parsed YAML that knows every value's line, and small
helpers that name a place (``dotted``) or a value (``short``) in a problem.

YAML is read only through ``yaml.safe_load`` (a tag such as ``!!python/...`` is a problem, never
executed). ``jsonschema`` is imported on first use, without its slow optional format checker.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # imported lazily at run time, see _import_jsonschema
    from jsonschema import Draft202012Validator

    from casebook.loading.checker import Checker

__all__ = ["YamlDoc", "csv_records", "deepest_line", "dotted", "range_text", "short", "validator"]


def _import_jsonschema() -> ModuleType:
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
def validator(name: str) -> Draft202012Validator:
    validator_class = _import_jsonschema().Draft202012Validator
    text = (resources.files("casebook") / "schema" / f"{name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    validator_class.check_schema(schema)
    return validator_class(schema)


def dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------------------------------------
@dataclass
class YamlDoc:
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


def deepest_line(text: str) -> int | None:
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


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def range_text(low: float | None, high: float | None) -> str:
    """ "a number 30-45", "a number >= 0": a range of ITEMS in words (None: no limit)."""
    if low is None or high is None:
        return (
            "a number"
            + (f" >= {low:g}" if low is not None else "")
            + (f" <= {high:g}" if high is not None else "")
        )
    return f"a number {low:g}-{high:g}"


def csv_records(
    ck: Checker, name: str, text: str, unreadable: str
) -> list[tuple[int, list[str]]] | None:
    """The non-blank records of CSV ``text`` as (first line, stripped cells); None after adding
    a problem when the text is not CSV (rule ``unreadable``) or has no rows (CB105)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in record):
                records.append((start, [cell.strip() for cell in record]))
    except csv.Error as exc:
        ck.add(unreadable, name, f"CSV cannot be read: {exc}", line=reader.line_num)
        return None
    if not records:
        ck.add("CB105", name, "the file has no rows", expected="a header and data rows")
        return None
    return records
