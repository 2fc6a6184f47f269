"""`make lab` serves JupyterLab on 127.0.0.1 with the start notebook of the learner's own copy
(README's first command)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
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
    """On a copy of the notebooks in WORK (inside the repository, git-ignored; here a throwaway
    folder under build/), with the answers file hidden from the file list and no news."""
    port, token = _free_port(), "casebook-test-token"
    work = ROOT / "build" / f"test-work-{uuid.uuid4().hex[:8]}"
    env = {**os.environ}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[var] = str(tmp_path / var.lower())
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    flags = (
        f"--no-browser --port={port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    )
    log = tmp_path / "lab.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [
                "make",
                "-s",
                "lab",
                f"LAB_FLAGS={flags}",
                f"VENV={Path(sys.prefix)}",
                f"WORK={work.relative_to(ROOT)}",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def get(path: str) -> tuple[int, str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as resp:
            return resp.status, resp.read().decode()

    try:
        status, body = None, ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status is None and proc.poll() is None:
            try:
                status, body = get(f"/lab/tree/00_start_here.ipynb?token={token}")
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"JupyterLab did not answer on 127.0.0.1:\n{log.read_text()[-2000:]}"
        assert "JupyterLab" in body
        # The server's root is the learner's copy: the notebooks, copied from notebooks/, and
        # not the answers file or the saved id (hidden), which a kernel writes there.
        names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        assert sorted(p.name for p in work.glob("*.ipynb")) == names
        (work / "casebook-responses.jsonl").write_text("", encoding="utf-8")
        (work / "casebook-learner.txt").write_text("ab12\n", encoding="utf-8")
        _, listing = get(f"/api/contents?token={token}")
        listed = {item["name"] for item in json.loads(listing)["content"]}
        assert listed == set(names)
        assert "Serving notebooks from local directory: " + str(work) in log.read_text()
        # No news pop-up: the news feed is off, and the settings say no to the "get notified
        # about news?" question and to update checks (tools/jupyterlab-settings/overrides.json).
        _, news = get(f"/lab/api/news?token={token}")
        assert json.loads(news)["news"] == []
        plugin = "@jupyterlab/apputils-extension:notification"
        _, settings = get(f"/lab/api/settings/{plugin}?token={token}")
        defaults = json.loads(settings)["schema"]["properties"]
        assert defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False
        # Without the token the API refuses.
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=5)
        err.value.close()  # the error holds the open response; close it now, not at GC time
        assert err.value.code == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
