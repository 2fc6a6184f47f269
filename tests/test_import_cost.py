"""Loading a case skips jsonschema's optional rfc3987 format module (about a second per kernel),
and leaves it importable afterwards for any other code in the same process."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

CODE = """
import sys, casebook
case = casebook.load_case("case1")
print("loaded" if "rfc3987_syntax" in sys.modules else "skipped")
import rfc3987_syntax  # ImportError if loading left the module blocked
print("importable")
import jsonschema
jsonschema.Draft202012Validator({"type": "integer"}).validate(3)
print(case.patient.age)
"""


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.skipif(
    importlib.util.find_spec("rfc3987_syntax") is None,
    reason="rfc3987_syntax (an optional jsonschema dependency) is not installed: nothing to skip",
)
def test_case_loads_without_the_slow_format_module_and_leaves_it_importable():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["skipped", "importable", "69"]
