"""Loading a case skips jsonschema's optional format-checker modules (``rfc3987_syntax`` alone
cost about a second per kernel, the others about 45 ms more; the casebook's schemas use no
``format`` keyword), and leaves each of them importable afterwards for any other code in the
same process."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from casebook.loading.readers import FORMAT_MODULES

CODE = """
import json, sys, casebook
from casebook.loading.readers import FORMAT_MODULES
case = casebook.load_case("case1")
loaded = [name for name in FORMAT_MODULES if name in sys.modules]
importable = []
for name in FORMAT_MODULES:
    try:
        __import__(name)  # ImportError if loading left the module blocked
        importable.append(name)
    except ImportError:
        pass
import jsonschema
jsonschema.Draft202012Validator({"type": "integer"}).validate(3)
print(json.dumps({"loaded": loaded, "importable": importable, "age": case.patient.age}))
"""

INSTALLED = [name for name in FORMAT_MODULES if importlib.util.find_spec(name) is not None]


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.skipif(
    not INSTALLED,
    reason="none of jsonschema's optional format modules is installed: nothing to skip",
)
def test_case_loads_without_the_format_modules_and_leaves_them_importable():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["loaded"] == []
    assert result["importable"] == INSTALLED
    assert result["age"] == 69


@pytest.mark.slow
def test_a_format_module_imported_before_stays_in_use():
    """A module imported before casebook is left alone (jsonschema then registers its format)."""
    if "idna" not in INSTALLED:
        pytest.skip("idna is not installed")
    code = (
        "import idna, casebook, jsonschema\n"
        "casebook.load_case('case1')\n"
        "print('idn-hostname' in jsonschema.FormatChecker.checkers)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True"]
