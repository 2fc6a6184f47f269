"""Run ``python -m casebook`` the way a user would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, without any CASEBOOK_* settings of the test process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    return subprocess.run(
        [sys.executable, "-m", "casebook", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
