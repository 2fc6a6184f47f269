"""``python -m casebook.app.singleuser [ARGS...]``: a learner's server on JupyterHub.

JupyterHub's spawner runs this as the learner (``c.Spawner.cmd``, deploy/jupyterhub/). It

1. copies the class notebooks (``CASEBOOK_CLASS_NOTEBOOKS``) into the learner's own folder
   (``~/casebook``, or ``CASEBOOK_NOTEBOOK_DIR`` under the home folder) on the first start
   only: the learner's copy is never overwritten, and nobody shares a writable copy.
   Instructor material (notebooks whose name starts with ``9``) is not copied;
2. starts ``jupyterhub-singleuser`` with Voila's casebook settings, so that both the app
   (``/voila/tree/casebook``) and JupyterLab are there, and ``ARGS`` passed on.

The learner id is the hub login (``JUPYTERHUB_USER``, casebook/identity.py) and answers go to
``CASEBOOK_RESPONSES``, both from the spawner's environment.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from casebook.app import voila_environment, voila_server_args

__all__ = ["copy_notebooks", "main"]


def copy_notebooks(source: Path, target: Path) -> list[str]:
    """Copy the notebooks of ``source`` into ``target`` unless ``target`` exists; return the
    names copied (empty when the learner already has a copy)."""
    if target.exists():
        return []
    if not source.is_dir():
        raise SystemExit(
            f"casebook: the class notebooks folder {source} (CASEBOOK_CLASS_NOTEBOOKS) does not "
            "exist; ask the hub's administrator"
        )
    names = sorted(
        p.name for p in source.glob("*.ipynb") if p.is_file() and not p.name.startswith("9")
    )
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name in names:
        shutil.copy2(source / name, partial / name)
    partial.rename(target)  # all or nothing: a crash leaves no half copy behind
    return names


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    # Files the learner creates (their answers in the collection folder too) are theirs alone;
    # the instructor's report service reads them as the hub's user (docs/deploy.md).
    os.umask(0o077)
    source = os.environ.get("CASEBOOK_CLASS_NOTEBOOKS", "")
    if not source:
        raise SystemExit(
            "casebook: CASEBOOK_CLASS_NOTEBOOKS is not set in the spawner's environment"
        )
    target = Path.home() / os.environ.get("CASEBOOK_NOTEBOOK_DIR", "casebook")
    copied = copy_notebooks(Path(source), target)
    if copied:
        print(f"casebook: copied {len(copied)} notebooks to {target}", flush=True)
    command = shutil.which("jupyterhub-singleuser", path=os.path.dirname(sys.executable))
    command = command or shutil.which("jupyterhub-singleuser") or "jupyterhub-singleuser"
    argv_out = [command, *voila_server_args(), *args]
    os.execve(command, argv_out, voila_environment())  # noqa: S606 - replaces this process


if __name__ == "__main__":
    main()
