"""``python -m casebook.app [NOTEBOOKS] [--port N] [--pool-size N] [--no-browser]``: serve the
casebook as an app (Voilà) on 127.0.0.1 with a token. ``make app`` runs it on ``notebooks/``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casebook.app import voila_command, voila_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m casebook.app",
        description="Serve the casebook's notebooks as an app (Voilà): code hidden, a start "
        "page listing them in order with the learner id box, on 127.0.0.1 with a token.",
    )
    parser.add_argument("notebooks", nargs="?", default="notebooks", help="folder of notebooks")
    parser.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (8866)")
    parser.add_argument(
        "--pool-size", type=int, default=1, help="pre-heated kernels kept per notebook (1; 0: none)"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)
    folder = Path(args.notebooks)
    if not folder.is_dir():
        parser.error(f"{folder}: no such folder of notebooks")
    if not 0 <= args.pool_size <= 8:
        parser.error(f"--pool-size {args.pool_size}: expected 0 to 8")
    cmd = voila_command(
        folder, port=args.port, pool_size=args.pool_size, open_browser=not args.no_browser
    )
    print("casebook app: open the address with ?token=... that Voila prints below.", flush=True)
    os.execve(cmd[0], cmd, voila_environment())  # noqa: S606 - Voila replaces this process
    return 0  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
