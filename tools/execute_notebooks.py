"""Re-execute notebooks in place, deterministically (``make notebooks``).

Each notebook runs top to bottom in a fresh kernel started in ``notebooks/``, with no widget
state and no timing metadata stored, so strict nbval can compare the stored outputs and the
files stay small. Responses written by exercises during execution go to a temp file, never into
the repository.

Usage: python tools/execute_notebooks.py NOTEBOOK.ipynb [...]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,16}")  # the same pattern as tests/nbval-sanitize.cfg


def _stable_outputs(nb: nbformat.NotebookNode, name: str) -> None:
    """Make stored outputs independent of the run: widget views get model ids derived from the
    notebook and the output's position (no widget state is stored, so the ids only need to be
    stable) and memory addresses in plain-text reprs are masked. Re-running an unchanged
    notebook then leaves its file byte-for-byte the same."""
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_MIME)
            if view is not None:
                n += 1
                digest = hashlib.sha256(f"{name}:{n}".encode()).hexdigest()[:32]
                view["model_id"] = digest
            text = out.get("data", {}).get("text/plain")
            if isinstance(text, str) and ADDRESS.search(text):
                # e.g. "<pandas.io.formats.style.Styler at 0x7f...>" beside the stored table HTML
                out["data"]["text/plain"] = ADDRESS.sub("0xADDRESS", text)


def execute(path: Path, *, timeout: int = 300) -> None:
    nb = nbformat.read(path, as_version=4)
    ep = ExecutePreprocessor(
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        record_timing=False,
    )
    ep.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    _stable_outputs(nb, path.stem)
    # Kernel-specific metadata that changes between machines.
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CASEBOOK_RESPONSES"] = str(Path(tmp) / "responses.jsonl")
        os.environ.pop("CASEBOOK_MODE", None)
        for path in args.notebooks:
            print(f"executing {path}", flush=True)
            try:
                execute(path)
            except CellExecutionError as exc:
                print(f"error: {path} failed:\n{exc}", file=sys.stderr)
                return 1
            print(f"  wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
