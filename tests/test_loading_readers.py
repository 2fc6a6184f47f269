"""casebook.loading.readers: YAML parsed once gives exactly what two passes of the safe loader
(``yaml.compose`` and ``yaml.safe_load``) gave, values, lines and errors alike; the schemas are
valid without the run-time check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from casebook.loading import readers

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(
    p
    for folder in ("data", "tests/fixtures", "casebook/_samples")
    for p in (ROOT / folder).rglob("*.yaml")
)


def _pure(text: str) -> tuple[yaml.Node | None, object]:
    """What the loader did before: two pure-Python passes."""
    return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)


def _lines(node: yaml.Node | None) -> list[tuple[str, int]]:
    """Every node's tag and start line, depth first (problems name lines, never columns)."""
    out, stack = [], [node] if node is not None else []
    while stack:
        current = stack.pop()
        out.append((current.tag, current.start_mark.line))
        if isinstance(current, yaml.MappingNode):
            for key, value in reversed(current.value):
                stack.extend([value, key])
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return out


def _outcome(parse, text: str) -> tuple[str, object]:
    try:
        root, data = parse(text)
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return type(exc).__name__, (str(exc), mark.line if mark else None)
    return "ok", (data, _lines(root))


def test_there_are_yaml_files_to_compare():
    assert len(YAML_FILES) > 50


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_parses_as_the_pure_loader_parses_it(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _outcome(readers.parse_yaml, text) == _outcome(_pure, text)


BAD = {
    "syntax": "a: [1, 2\nb: 3\n",
    "tab indent": "a:\n\t- 1\n",
    "python tag": "a: !!python/object:os.system ls\n",
    "unknown tag": "a: !thing 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "control character": "a: b\x07c\n",
    "duplicate anchor use before definition": "a: *x\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "deep brackets": "exams: " + "[" * 1200 + "\n",
    "deep block": "decisions:\n" + "".join("  " * i + "- \n" for i in range(1, 1000)),
    "deep compact sequence": "a: " + "- " * 900 + "x\n",
    "empty": "",
    "only a comment": "# nothing\n",
}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_bad_and_odd_yaml_gives_the_pure_loaders_exact_error_or_value(text):
    assert _outcome(readers.parse_yaml, text) == _outcome(_pure, text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}!&*#'\"?|>\n\t %@`,.0x")), max_size=40))
def test_random_text_parses_or_fails_exactly_as_with_the_pure_loader(text):
    assert _outcome(readers.parse_yaml, text) == _outcome(_pure, text)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "casebook" / "schema").glob("*.schema.json")), ids=lambda p: p.name
)
def test_every_bundled_schema_is_valid_2020_12(path):
    """``readers.validator`` no longer checks the schemas in every kernel: this does."""
    Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))
