"""The checker every loader reads its files through: it collects problems and never stops at
the first one, so one error can list every problem of every file. It also notes every file it
read (its bytes) and every file whose presence it looked up, so that a loader can give the same
result again while none of them has changed (``Checker.unchanged``, ``memo``)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from casebook.loading import paths
from casebook.loading.paths import display
from casebook.loading.problems import Problem, rule
from casebook.loading.readers import YamlDoc, deepest_line, dotted, parse_yaml, validator
from casebook.loading.schema_errors import schema_problems

__all__ = ["MAX_YAML_VALUES", "Checker", "memo"]

T = TypeVar("T")

# A case file holds a few thousand values; YAML aliases must not expand a file beyond this.
MAX_YAML_VALUES = 100_000
_YAML_STR = "tag:yaml.org,2002:str"
_YAML_MERGE = "tag:yaml.org,2002:merge"


class Checker:
    """Reads the files of one folder and collects every problem, each with its rule code.

    The loaders (``casebook.loading.case``, ``.vignettes``, ``.risk``) read their files through
    it and run their rules on what it read; a rule adds problems with ``add`` or ``add_at``.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # file name -> how problems name it
        self.schema_ok: dict[str, bool] = {}
        # Every file read (path -> its bytes) and looked up ((path, "exists" or "is_file") ->
        # the answer).
        self.read: dict[Path, bytes] = {}
        self.looked_up: dict[tuple[Path, str], bool] = {}

    # -- problems ------------------------------------------------------------------------------
    def add(self, code: str, file: str, message: str, **kw: Any) -> None:
        self.problems.append(Problem(code, self.names.get(file, file), message, **kw))

    def add_at(self, code: str, doc: YamlDoc, path: list[Any], message: str, **kw: Any) -> None:
        """A problem at ``path`` in ``doc``, with that place's line and dotted field name."""
        self.add(code, doc.name, message, line=doc.line(path), field=dotted(path), **kw)

    # -- files ---------------------------------------------------------------------------------
    def exists(self, path: Path) -> bool:
        """``path.exists()``, noted: a file appearing or going later changes the result."""
        found = self.looked_up[path, "exists"] = path.exists()
        return found

    def is_file(self, path: Path) -> bool:
        """``path.is_file()``, noted like ``exists``."""
        found = self.looked_up[path, "is_file"] = path.is_file()
        return found

    def unchanged(self) -> bool:
        """Whether every file read still holds the same bytes and every file looked up is
        still there or still absent: reading again would give the same result."""
        for path, raw in self.read.items():
            try:
                if path.read_bytes() != raw:
                    return False
            except OSError:
                return False
        return all(getattr(path, kind)() == found for (path, kind), found in self.looked_up.items())

    def shared_path(self, name: str) -> Path:
        own = self.folder / name
        if self.exists(own):
            return own
        return paths.data_dir() / name

    def references(self) -> dict[str, dict] | None:
        """The references beside the checked file (or the bundled ones): key -> entry; None
        when the file has a problem (already added)."""
        doc = self.load_yaml("references.yaml", self.shared_path("references.yaml"), "references")
        if doc is None or not self.schema_ok.get("references.yaml"):
            return None
        return {e["key"]: e for e in doc.data["references"]}

    @rule("CB103", "CB104", "CB105")
    def read_text(self, name: str, path: Path) -> str | None:
        try:
            raw = self.read[path] = path.read_bytes()
        except FileNotFoundError:
            self.add(
                "CB103", name, "the file is missing", expected=f"{name} in {display(self.folder)}"
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

    @rule("CB106", "CB107")
    def load_yaml(
        self, name: str, path: Path, schema: str, *, shown: str | None = None
    ) -> YamlDoc | None:
        """``shown``: how problems name the file (default: its name in the case folder, else its
        path)."""
        self.names[name] = shown or (name if path.parent == self.folder else display(path))
        text = self.read_text(name, path)
        if text is None:
            return None
        try:
            # safe: tags such as !!python/object are refused
            root, data = parse_yaml(text)
        except RecursionError:  # PyYAML composes nested values recursively
            self.add(
                "CB106",
                name,
                "values are nested too deeply to read",
                line=deepest_line(text),
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
        doc = YamlDoc(name, data, root)
        before = len(self.problems)
        if self.check_nodes(doc, root):
            for error in sorted(validator(schema).iter_errors(data), key=lambda e: e.json_path):
                schema_problems(self, doc, error, schema)
        self.schema_ok[name] = len(self.problems) == before
        return doc

    @rule("CB106")
    def check_nodes(self, doc: YamlDoc, root: yaml.Node | None) -> bool:
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

    @rule("CB108", "CB109")
    def check_keys(self, doc: YamlDoc, node: yaml.MappingNode) -> bool:
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

    # -- rules every file kind shares ----------------------------------------------------------
    @rule("CB404", "CB405", "CB406")
    def check_unique(self, doc: YamlDoc, top: str, key: str, code: str, what: str) -> None:
        first: dict[str, int] = {}
        for i in range(len(doc.data[top])):
            self.check_repeat(doc, top, i, key, first, code, what)

    @rule("CB404", "CB405", "CB406", "CB601")
    def check_repeat(
        self, doc: YamlDoc, top: str, i: int, key: str, first: dict[str, int], code: str, what: str
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

    def catalogue_files(self, name: str) -> str:
        """How problems name the files a catalogue was read from: "data/references.yaml", or
        "data/references.yaml or references.yaml" when the case folder adds its own."""
        read = [self.names[n] for n in (f"shared {name}", name) if n in self.names]
        return " or ".join(read) or name

    @rule("CB403", "CB602", "CB701")
    def check_ref(
        self, doc: YamlDoc, path: list[Any], key: str, refs: dict | None, code: str = "CB403"
    ) -> None:
        if refs is not None and key not in refs:
            near = difflib.get_close_matches(key, list(refs), n=1, cutoff=0.7)
            self.add_at(
                code,
                doc,
                path,
                f"unknown reference key {key!r}",
                value=key,
                expected=f"a key of {self.catalogue_files('references.yaml')}"
                + (f" (closest: {near[0]!r})" if near else "")
                + ": "
                + ", ".join(sorted(refs)),
            )

    # -- the result ----------------------------------------------------------------------------
    def sorted_problems(self, files: tuple[str, ...] = ()) -> list[Problem]:
        """Problems by file (in the order of ``files``), then line; a problem two schema
        branches both found, once."""
        order = {self.names.get(n, n): i for i, n in enumerate(files)}
        unique = list({str(p): p for p in self.problems}.values())
        return sorted(unique, key=lambda p: (order.get(p.file, -1), p.line or 0, p.row or 0))


# ---------------------------------------------------------------------------------------------
# The same result again while the files are unchanged
_MEMO: dict[Hashable, tuple[Checker, Any]] = {}


def memo(key: Hashable, load: Callable[[], tuple[T | None, Checker]]) -> tuple[T | None, Checker]:
    """``load()`` (the result, None when there are problems, and its checker), or the result
    of an earlier call with the same ``key`` while every file that call read or looked up is
    unchanged (``Checker.unchanged``: the bytes are compared, not dates). Only complete results
    are kept; the checks run again for anything with problems. Results are frozen, so callers
    may share them.

    A notebook that shows thirteen vignettes, or a report that labels answers by the bundled
    cases three times, then reads and validates each file once per kernel, not every time.
    """
    kept = _MEMO.get(key)
    if kept is not None and kept[0].unchanged():
        return kept[1], kept[0]
    result, checker = load()
    if result is not None:
        _MEMO[key] = (checker, result)
    else:
        _MEMO.pop(key, None)
    return result, checker
