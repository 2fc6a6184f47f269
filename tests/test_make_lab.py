"""`make lab` serves JupyterLab on 127.0.0.1 with the start notebook (README's first command)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_jupyterlab_on_loopback(tmp_path):
    port, token = _free_port(), "casebook-test-token"
    env = {**os.environ}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[var] = str(tmp_path / var.lower())
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    flags = (
        f"--no-browser --port={port} --IdentityProvider.token={token} "
        "--LabApp.news_url=None --ServerApp.port_retries=0"
    )
    log = tmp_path / "lab.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            ["make", "-s", "lab", f"LAB_FLAGS={flags}", f"VENV={Path(sys.prefix)}"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status, body = None, ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status is None and proc.poll() is None:
            try:
                url = (
                    f"http://127.0.0.1:{port}/lab/tree/notebooks/00_start_here.ipynb?token={token}"
                )
                with urllib.request.urlopen(url, timeout=5) as resp:
                    status, body = resp.status, resp.read().decode()
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"JupyterLab did not answer on 127.0.0.1:\n{log.read_text()[-2000:]}"
        assert "JupyterLab" in body
        # Without the token the API refuses.
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=5)
        err.value.close()  # the error holds the open response; close it now, not at GC time
        assert err.value.code == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
