"""Give the learner a working copy of the notebooks (``make lab``).

JupyterLab saves a notebook every time it runs (execution counts, widget ids). Working on the
tracked files in ``notebooks/`` would rewrite them, and the next ``git pull`` would conflict.
``make lab`` therefore opens a copy in a git-ignored folder (``work/`` by default):

- every notebook of the source folder that the working folder lacks is copied (on the first run
  all of them; later, only notebooks that are new in the repository);
- a notebook already in the working folder is never overwritten: it is the learner's;
- when the repository's version of a notebook changed after it was copied (for example after
  ``git pull``), this says so and how to get the new version; the learner's copy is kept.

The digest of each notebook as copied is kept in ``.casebook-copy.json`` in the working folder.

Usage: python tools/working_copy.py [--source notebooks] [--target work]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

MANIFEST = ".casebook-copy.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _copy(source: Path, target: Path) -> None:
    """Copy one file whole: a crash leaves either no copy or a complete one."""
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(source.read_bytes())
    os.replace(partial, target)


def sync(source: Path, target: Path) -> tuple[list[str], list[str]]:
    """Copy the notebooks ``target`` lacks; return (names copied, names whose source changed
    after they were copied)."""
    names = sorted(p.name for p in source.glob("*.ipynb") if p.is_file())
    target.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(target)
    copied, changed = [], []
    for name in names:
        digest = _digest(source / name)
        if not (target / name).exists():
            _copy(source / name, target / name)
            manifest[name] = digest
            copied.append(name)
        elif name in manifest and manifest[name] != digest:
            changed.append(name)
    if copied:
        text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        (target / MANIFEST).write_text(text, encoding="utf-8")
    return copied, changed


def report(source: Path, target: Path, copied: list[str], changed: list[str]) -> list[str]:
    """What ``make lab`` prints about the working copy (pure)."""
    lines = []
    if copied:
        lines.append(
            f"make lab: copied {len(copied)} notebook(s) from {source}/ into your working folder "
            f"{target}/: {', '.join(copied)}"
        )
    else:
        lines.append(f"make lab: your working folder is {target}/ (nothing new to copy)")
    lines.append(
        f"  Work in {target}/: JupyterLab saves your changes there, never into {source}/, so "
        "git pull keeps working. Your answers (casebook-responses.jsonl) and your saved learner "
        f"id (casebook-learner.txt) are kept in {target}/ too; JupyterLab's file list hides them."
    )
    for name in changed:
        lines.append(
            f"  Note: {source}/{name} has changed since your copy was made (e.g. by git pull). "
            f"Your copy {target}/{name} is kept. To use the new version, rename or delete your "
            "copy and run make lab again; your recorded answers are not affected."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("notebooks"))
    parser.add_argument("--target", type=Path, default=Path("work"))
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"error: no notebooks folder {args.source}", file=sys.stderr)
        return 2
    if args.target.exists() and not args.target.is_dir():
        print(f"error: {args.target} exists and is not a folder; move it away", file=sys.stderr)
        return 2
    try:
        copied, changed = sync(args.source, args.target)
    except OSError as exc:
        where = exc.filename or args.target
        print(f"error: cannot copy the notebooks into {where}: {exc.strerror}", file=sys.stderr)
        return 2
    for line in report(args.source, args.target, copied, changed):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
