"""Drive the casebook app (Voilà, ``make app``) in a real Chromium: start a private app server
on a copy of the notebooks, wait until its pre-heated kernels are ready, and watch which
addresses a page asks for. Used by ``test_app.py``, ``test_hub.py`` and ``benchmarks/run.py``.

The server is started exactly as ``python -m casebook.app`` starts it (``casebook.app``), on
127.0.0.1 with a random token, every Jupyter folder in a temporary folder, answers to
``CASEBOOK_RESPONSES`` there, and no learner id in its environment: the id must come from the
page.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import labkit

from casebook.app import voila_command, voila_environment

APP_NOTEBOOKS = (
    "00_start_here.ipynb",
    "01_ice_and_icans_primer.ipynb",
    "02_case1.ipynb",
    "03_case2.ipynb",
    "04_comparison_and_risk.ipynb",
)


@dataclass
class App:
    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path
    responses: Path
    pools: tuple[str, ...] = field(default=())

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def wait_pools(self, names: tuple[str, ...] | None = None, *, timeout: float = 180) -> None:
        """Wait until Voilà says the kernel pool of each notebook is filled."""
        names = self.pools if names is None else names
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_text()
            if all(f"Kernel pool of {name} is filled" in text for name in names):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited ({self.process.returncode}):\n{text[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"kernel pools not filled in {timeout} s:\n{self.log_text()[-3000:]}")

    def kernels_quiet(self, *, quiet_s: float = 2.0, timeout: float = 240) -> None:
        """Wait until every kernel Voila has started is idle and has done nothing for
        ``quiet_s``: the pre-heated notebooks have finished running. (Voila logs "pool is
        filled" as soon as a kernel has started, before its notebook has run.)"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ids = re.findall(r"Kernel started: ([0-9a-f-]{36})", self.log_text())
            busy = [kid for kid in ids if not self._quiet(kid, quiet_s)]
            if ids and not busy:
                return
            time.sleep(0.3)
        raise RuntimeError(f"kernels still busy after {timeout} s:\n{self.log_text()[-3000:]}")

    def _quiet(self, kernel_id: str, quiet_s: float) -> bool:
        url = f"{self.base}/api/kernels/{kernel_id}?token={self.token}"
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - 127.0.0.1
                model = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code == 404  # shut down: nothing running
        last = datetime.fromisoformat(model["last_activity"].replace("Z", "+00:00"))
        idle_for = (datetime.now(UTC) - last).total_seconds()
        return model["execution_state"] == "idle" and idle_for >= quiet_s

    def status(self, path: str) -> int:
        """HTTP status of ``path`` without the token and without following redirects."""
        opener = urllib.request.build_opener(labkit._NoRedirect)
        try:
            with opener.open(self.base + path, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_app(base: Path, *, pool_size: int = 1, timeout: float = 60) -> App:
    """The app on a copy of the repository's notebooks, on 127.0.0.1 with a random token."""
    root = base / "notebooks"
    shutil.copytree(
        labkit.ROOT / "notebooks",
        root,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.jsonl", "casebook-learner.txt"),
    )
    responses = base / "responses.jsonl"
    env = voila_environment(labkit.lab_env(base, responses))
    env.pop("CASEBOOK_LEARNER", None)
    env.pop("JUPYTERHUB_USER", None)
    token = secrets.token_hex(24)
    port = labkit.free_port()
    cmd = voila_command(root, port=port, token=token, pool_size=pool_size, open_browser=False)
    log = base / "voila.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    pools = APP_NOTEBOOKS if pool_size > 0 else ()
    app = App(root, port, token, process, log, responses, pools)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited ({process.returncode}):\n{app.log_text()[-3000:]}")
        try:
            if app.status(f"/voila/tree/?token={token}") == 200:
                return app
        except OSError:
            pass
        time.sleep(0.2)
    app.stop()
    raise RuntimeError(f"the app did not answer within {timeout} s:\n{app.log_text()[-3000:]}")


class OffsiteGuard:
    """Record every request a page makes; let only 127.0.0.1, data: and blob: through, so a
    page that needs the network shows it here and breaks visibly."""

    LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1(:\d+)?/|^(data|blob|about):")

    def __init__(self, context: Any) -> None:
        self.requested: list[str] = []
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda req: self.requested.append(req.url))

    def watch(self, page: Any) -> Any:
        """Also record the page's websockets (routes see HTTP only)."""
        page.on("websocket", lambda ws: self.requested.append(ws.url))
        return page

    def _route(self, route: Any) -> None:
        url = route.request.url
        if self.LOCAL.match(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def offsite(self) -> list[str]:
        return [url for url in self.requested if not self.LOCAL.match(url)] + self.blocked


def wait_widgets(page: Any, selector: str, *, timeout: float = 120_000) -> None:
    """Wait until ``selector`` is visible in the app page and no widget is disconnected."""
    page.locator(selector).first.wait_for(state="visible", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('.jupyter-widgets-disconnected')"
        " && !/Error displaying widget|Loading widget\\.\\.\\./.test(document.body.innerText)",
        timeout=timeout,
    )
