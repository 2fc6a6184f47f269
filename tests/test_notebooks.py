"""Structure of every notebook in notebooks/: small, executed, no logic in cells, the shared
skeleton and disclaimer, working links and references. (Strict nbval checks the outputs.)"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = [
    "00_start_here.ipynb",
    "01_ice_and_icans_primer.ipynb",
    "02_case1.ipynb",
    "03_case2.ipynb",
    "04_comparison_and_risk.ipynb",
    "90_instructor_guide.ipynb",
]
MAX_BYTES = 300 * 1024
MAX_CELL_LINES = 15
SKELETON = ("Overview", "Learning objectives", "Prerequisites", "Summary", "References")
# Statements and expressions that are logic, which belongs in the package, not in a notebook.
LOGIC = {
    ast.FunctionDef: "def",
    ast.AsyncFunctionDef: "def",
    ast.ClassDef: "class",
    ast.For: "for",
    ast.AsyncFor: "for",
    ast.While: "while",
    ast.If: "if",
    ast.IfExp: "if",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
}
# Calls that return None, so a cell ending with one has nothing to display.
NO_DISPLAY = {"set_learner", "configure", "print"}
REFERENCE_KEYS = {
    r["key"]: r
    for r in yaml.safe_load((ROOT / "data" / "references.yaml").read_text("utf-8"))["references"]
}
# Words shaped like a reference key (ASTCT2019, BLINCYTO-USPI): a typo in one is caught.
KEY_LIKE = re.compile(r"\b(?:[A-Z]{2,}\d{4}|BLINCYTO-[A-Za-z]+(?:-[A-Za-z]+)*)\b")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _cells(nb: dict, kind: str) -> list[str]:
    return [_source(c) for c in nb["cells"] if c["cell_type"] == kind]


def _parse(code: str) -> ast.Module:
    # IPython magics and shell escapes are not Python; blank them before parsing.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    return ast.parse("\n".join(lines))


def _headings(nb: dict) -> list[str]:
    found = []
    for text in _cells(nb, "markdown"):
        found += [m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.*)$", text, re.M)]
    return found


def _output_text(output: dict) -> str:
    parts = [output.get("text", "")]
    parts += [v if isinstance(v, str) else json.dumps(v) for v in output.get("data", {}).values()]
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


NB_PARAMS = [pytest.param(p, id=p.name) for p in _notebooks()]


def test_the_six_notebooks_exist():
    names = {p.name for p in _notebooks()}
    missing = [name for name in EXPECTED if name not in names]
    assert not missing, f"missing notebooks: {missing}"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_size_and_no_embedded_plotly_js(path):
    raw = path.read_text("utf-8")
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    assert "plotly.js v" not in raw
    nb = _load(path)
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                text = "".join(value) if isinstance(value, list) else json.dumps(value)
                assert not ("<script" in text and len(text) > 100_000), f"huge script in {mime}"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_skeleton_headings_in_order(path):
    headings = _headings(_load(path))
    positions = []
    for name in SKELETON:
        hits = [i for i, h in enumerate(headings) if h.startswith(name)]
        assert hits, f"{path.name}: no heading '{name}'"
        positions.append(hits[0])
    assert positions == sorted(positions), f"{path.name}: headings out of order: {headings}"
    numbered = [i for i, h in enumerate(headings) if re.match(r"\d+\.?\s", h)]
    assert numbered, f"{path.name}: no numbered sections"
    prerequisites, summary = positions[2], positions[3]
    assert all(prerequisites < i < summary for i in numbered), headings


@pytest.mark.parametrize("path", NB_PARAMS)
def test_disclaimer_near_the_top(path):
    nb = _load(path)
    top = " ".join(_source(c) for c in nb["cells"][:3] if c["cell_type"] == "markdown").lower()
    assert "education" in top and "not for clinical decisions" in top, path.name
    code = "\n".join(_cells(nb, "code"))
    if "load_case(" in code:
        text = " ".join(_cells(nb, "markdown")).lower()
        assert "illustrative, not patient data" in re.sub(r"\s+", " ", text), path.name


@pytest.mark.parametrize("path", NB_PARAMS)
def test_code_cells_are_short_calls_without_logic(path):
    for number, code in enumerate(_cells(_load(path), "code"), start=1):
        lines = code.strip().splitlines()
        assert len(lines) <= MAX_CELL_LINES, f"{path.name} code cell {number}: {len(lines)} lines"
        tree = _parse(code)
        for node in ast.walk(tree):
            kind = LOGIC.get(type(node))
            assert kind is None, f"{path.name} code cell {number} has a {kind}: move it to casebook"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_displaying_cells_have_stored_output_and_nothing_failed(path):
    nb = _load(path)
    for number, cell in enumerate((c for c in nb["cells"] if c["cell_type"] == "code"), 1):
        outputs = cell.get("outputs", [])
        for output in outputs:
            assert output["output_type"] != "error", f"{path.name} code cell {number}: error"
            assert output.get("name") != "stderr", f"{path.name} code cell {number}: stderr"
            assert "application/vnd.jupyter.widget-state+json" not in output.get("data", {})
        body = _parse(_source(cell)).body
        if not body or not isinstance(body[-1], ast.Expr) or _source(cell).rstrip().endswith(";"):
            continue
        value = body[-1].value
        func = value.func if isinstance(value, ast.Call) else None
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        if name in NO_DISPLAY:
            continue
        assert outputs, f"{path.name} code cell {number} displays something but has no output"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_no_widget_state_and_no_machine_paths(path):
    nb = _load(path)
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: stored widget state"
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = _output_text(output)
            for marker in (str(ROOT), "/tmp/", "/home/"):
                assert marker not in text, f"{path.name}: machine-specific path in an output"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_relative_links_point_to_existing_files(path):
    for text in _cells(_load(path), "markdown"):
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            file = target.split("#", 1)[0]
            assert (path.parent / file).exists(), f"{path.name}: broken link {target}"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_every_cited_reference_key_exists_and_is_listed(path):
    nb = _load(path)
    text = "\n".join(_cells(nb, "markdown") + _cells(nb, "code"))
    unknown = sorted(set(KEY_LIKE.findall(text)) - set(REFERENCE_KEYS))
    assert not unknown, f"{path.name}: unknown reference keys {unknown}"
    references = next(
        (t for t in _cells(nb, "markdown") if re.search(r"^#+\s+References", t, re.M)), ""
    )
    cited = set(re.findall(r"\[([A-Za-z0-9_.-]+)\](?!\()", text)) & set(REFERENCE_KEYS)
    missing = sorted(k for k in cited if k not in references)
    assert not missing, f"{path.name}: cited but not in References: {missing}"
    listed = [
        k
        for k, ref in REFERENCE_KEYS.items()
        if k in references or ref["citation"].split(" et al")[0].split(".")[0] in references
    ]
    assert listed, f"{path.name}: the References section lists no source of references.yaml"
