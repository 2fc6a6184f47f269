"""docs/guarantees.md names only tests that exist."""

from __future__ import annotations

import ast
import re

from hardkit import ROOT


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_every_test_named_in_guarantees_exists():
    text = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    named = 0
    for line in text.splitlines():
        current = None
        for match in re.finditer(r"`(tests/[\w/]+\.py)?::(test_\w+)`", line):
            file, test = match.groups()
            current = file or current
            assert current, f"a test without a file: {line}"
            assert test in _tests_in(ROOT / current), f"{current}::{test} does not exist"
            named += 1
    assert named >= 25
