"""Reading data files: the JSON Schemas, parsed YAML that knows every value's line, and small
helpers that name a place (``dotted``) or a value (``short``) in a problem.

YAML is read only with PyYAML's safe loader (a tag such as ``!!python/...`` is a problem, never
executed), parsed once into nodes that keep every value's line and built from those nodes
(``parse_yaml``). ``jsonschema`` is imported on first use, without its optional format checkers.
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

__all__ = [
    "YamlDoc",
    "csv_records",
    "deepest_line",
    "dotted",
    "parse_yaml",
    "range_text",
    "short",
    "validator",
]

# The optional modules jsonschema's format checkers import when they are installed (all inside
# ``try: ... except ImportError`` in jsonschema/_format.py).
FORMAT_MODULES = (
    "fqdn",
    "idna",
    "isoduration",
    "jsonpointer",
    "rfc3339_validator",
    "rfc3986_validator",
    "rfc3987",
    "rfc3987_syntax",
    "uri_template",
    "webcolors",
)


def _import_jsonschema() -> ModuleType:
    """Import jsonschema without the optional modules of its format checkers.

    ``rfc3987_syntax`` builds a parser grammar when imported (about a second in every kernel
    that loads a case) and the others (``isoduration`` with ``arrow``, ``webcolors``, ``idna``,
    ...) cost about 45 ms more; the casebook's schemas use no ``format`` keyword, so no format
    checker is ever needed. The block lasts only for this import and only for modules nothing
    imported before; when jsonschema is already imported it is used as it is. (Afterwards
    ``jsonschema.FormatChecker()`` in the same process lacks the formats whose module was
    blocked; validation itself never uses it.)
    """
    if "jsonschema" in sys.modules:
        import jsonschema

        return jsonschema
    blocked = [name for name in FORMAT_MODULES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jsonschema
    finally:
        for name in blocked:
            del sys.modules[name]
    return jsonschema


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of ``casebook/schema/<name>.schema.json``, built once per process. The
    schemas are package data: ``tests/test_loading.py`` checks each against the 2020-12
    metaschema, so it is not checked again in every kernel (about 35 ms)."""
    validator_class = _import_jsonschema().Draft202012Validator
    text = (resources.files("casebook") / "schema" / f"{name}.schema.json").read_text("utf-8")
    return validator_class(json.loads(text))


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (every value's line) and the data of YAML ``text``, parsed once with
    PyYAML's pure-Python ``SafeLoader`` and built from the nodes: the same values, lines and
    errors as ``yaml.compose`` followed by ``yaml.safe_load`` (two parses), in half the time.

    libyaml's ``CSafeLoader`` would be 20 times faster (about 30 ms per case), but it reads some
    invalid YAML without an error (``a: |#``) and some odd YAML differently (a lone ``!``), so
    the strict reading of case files stays with the pure parser.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


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
