"""Layers flow one way (docs/design.md): a module imports only the modules above it; the side
branches (the response file, the report, authoring) are imported only by the modules that use
them; nothing imports the widgets; only the loaders, responses, report and authoring modules
touch files. A package's submodules belong to its layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "casebook"

# Top to bottom: each layer may import the ones before it.
LAYERS = [
    "vocab",  # the ground floor: every fact once (items, maxima, labels, thresholds)
    "identity",  # who is answering: hub login, app address, set_learner, environment
    "grading",  # the engine: pure functions of findings
    "model",  # frozen case types and the day view
    "loading",  # files -> model (the only reader of case files)
    "feedback",  # pure: learner answer vs reference
    "html",  # pure: escaped fragments of feedback
    "download",  # pure: a learner's own answers as a download link
    "plots",  # pure: figures and tables
    "exercises",  # the exercise types and what the report does with each
    "record",  # the response record and its validation
    "samples",  # paths of the sample material shipped in the package
    "responses",  # side branch: learner settings, the response file
    "report",  # side branch: class report, my_progress
    "notebook",  # side branch, pure: a case's notebook generated from its data
    "authoring",  # side branch: new-case starter, writing a generated notebook
    "widgets",
    "cli",
    "__main__",
    "app",
]
# Side branches: module -> the layers allowed to import it (besides itself).
SIDE_BRANCHES = {
    "responses": {"report", "widgets", "cli", "app"},
    "record": {"responses", "report"},
    "report": {"cli", "app", "widgets"},
    "authoring": {"cli"},
    "notebook": {"authoring"},
    "samples": set(),  # only the public API (casebook/__init__.py)
}
FILE_LAYERS = {"loading", "responses", "report", "authoring", "app"}
FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        layer = rel.parts[0].removesuffix(".py")
        if layer == "__init__":
            continue
        yield pytest.param(path, layer, id=str(rel))


def _casebook_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "casebook" and len(parts) > 1 and parts[1] in LAYERS:
                found.append((node.lineno, parts[1]))
    return found


def test_every_module_has_a_layer():
    for param in _modules():
        path, layer = param.values
        assert layer in LAYERS, f"{path}: add its layer to LAYERS in this test and to the design"


@pytest.mark.parametrize(("path", "layer"), list(_modules()))
def test_imports_flow_one_way(path, layer):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = LAYERS.index(layer)
    bad = [
        f"line {line}: imports casebook.{target}"
        for line, target in _casebook_imports(tree)
        if LAYERS.index(target) > own
    ]
    assert not bad, f"{path.name} ({layer}) may only import layers above it: {bad}"


@pytest.mark.parametrize(("path", "layer"), list(_modules()))
def test_side_branches_are_imported_only_where_used(path, layer):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        f"line {line}: imports casebook.{target}"
        for line, target in _casebook_imports(tree)
        if target in SIDE_BRANCHES and target != layer and layer not in SIDE_BRANCHES[target]
    ]
    assert not bad, f"{path.name} ({layer}) may not import these side branches: {bad}"


def test_the_layer_map_names_every_module_and_package():
    found = {
        p.name.removesuffix(".py")
        for p in PACKAGE.iterdir()
        if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert found - {"__init__"} == set(LAYERS)


@pytest.mark.parametrize(("path", "layer"), list(_modules()))
def test_only_io_layers_touch_files(path, layer):
    if layer in FILE_LAYERS or layer in {"cli", "__main__"}:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        f"line {node.lineno}: {name}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (name := getattr(node.func, "id", None) or getattr(node.func, "attr", None))
        in FILE_CALLS
    ]
    assert not calls, f"{path.name} must not touch the file system: {calls}"


@pytest.mark.parametrize(("path", "layer"), list(_modules()))
def test_only_widgets_import_ipywidgets(path, layer):
    if layer == "widgets":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    ]
    assert not any(n.split(".")[0] in {"ipywidgets", "anywidget"} for n in names)
