"""Drive a real JupyterLab in a real Chromium: start a private server, open a notebook, Run All,
wait until the kernel is idle and every widget is live. Used by the browser tests (fixtures in
conftest.py) and by ``benchmarks/run.py``. (A module with its own name, so that no ``conftest``
shadows it.)

The server binds 127.0.0.1 on a free port, needs a random token, and keeps every Jupyter folder
(config, data, runtime, lab settings and workspaces, IPython) in a temporary folder, with autosave,
news and update checks off. It serves a temporary *copy* of the notebooks, so nothing in the
repository changes; responses go to ``CASEBOOK_RESPONSES`` in that folder. The lab extensions
(ipywidgets, plotly, anywidget) are still found: Jupyter also searches ``sys.prefix/share/jupyter``
whatever ``JUPYTER_DATA_DIR`` says, and ``federated_extensions`` checks that they are loaded.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Lab extensions the casebook's widgets and figures need in the browser.
NEEDED_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "jupyterlab-plotly", "anywidget")

# User settings written into the temporary JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
    # Every cell attached to the page, so locators see all outputs without scrolling first.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

# Prompts of code cells that have run ("[3]:"); "[*]:" is running, "[ ]:" has not run.
_READY_JS = """
() => {
  const errors = [...document.querySelectorAll(
      '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')];
  if (errors.length) return 'error: ' + errors.map(e => e.innerText).join('\\n---\\n');
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!indicator || indicator.getAttribute('data-status') !== 'idle') return '';
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  if (!prompts.length) return '';
  if (!prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))) return '';
  if (document.querySelector('.jupyter-widgets-disconnected')) return '';
  const text = document.querySelector('.jp-Notebook').innerText;
  if (/Error displaying widget|Loading widget\\.\\.\\./.test(text)) return '';
  return 'ready';
}
"""


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM} (Debian/Ubuntu: apt-get install chromium); "
            "the browser tests need it"
        )
    return None


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A free port on 127.0.0.1 BELOW the kernel's ephemeral range. Jupyter kernels bind their
    ZeroMQ ports by asking for port 0, i.e. from the ephemeral range; a server port taken from
    that range could be grabbed by a kernel started elsewhere on a busy machine between this
    check and the server's bind (seen in CI: the test then read a ZeroMQ greeting)."""
    high = min(_ephemeral_low(), 65535)
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randrange(20000, high) if high > 20001 else 0
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port found on 127.0.0.1")


@dataclass
class Lab:
    """A running private JupyterLab server."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path
    responses: Path
    _workspaces: int = field(default=0)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, *, token: bool = True, body: Any = None
    ) -> tuple[int, Any]:
        """One REST call; (status, decoded JSON or text). Never follows redirects."""
        data = None if body is None else json.dumps(body).encode()
        # Always http://127.0.0.1:<port>: never a file: or other scheme.
        req = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        if token:
            req.add_header("Authorization", f"token {self.token}")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=10) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
            exc.close()
        text = raw.decode(errors="replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def notebook_url(self, path: str) -> str:
        """The URL of ``path`` (relative to the server root) in a fresh, empty workspace."""
        self._workspaces += 1
        return (
            f"{self.base}/lab/workspaces/test{self._workspaces}/tree/{path}"
            f"?reset&token={self.token}"
        )

    def shutdown_kernels(self) -> None:
        """Close every session and shut down every kernel."""
        _, sessions = self.request("GET", "/api/sessions")
        for session in sessions if isinstance(sessions, list) else []:
            self.request("DELETE", f"/api/sessions/{session['id']}")
        _, kernels = self.request("GET", "/api/kernels")
        for kernel in kernels if isinstance(kernels, list) else []:
            self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.shutdown_kernels()
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def lab_env(base: Path, responses: Path, learner: str | None = "browser-test") -> dict[str, str]:
    """The server's environment: every Jupyter folder under ``base``; ``CASEBOOK_LEARNER`` is
    ``learner`` (None: no id in the environment, as after ``make lab``)."""
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
    }
    for name, sub in folders.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(base / sub)
    for plugin, values in LAB_SETTINGS.items():
        target = base / "lab-settings" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["CASEBOOK_RESPONSES"] = str(responses)
    env.pop("CASEBOOK_LEARNER", None)
    if learner is not None:
        env["CASEBOOK_LEARNER"] = learner
    for name in ("CASEBOOK_MODE", "CASEBOOK_RELEASE", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(name, None)
    for name in ("JUPYTERHUB_USER", "QUERY_STRING", "VOILA_KERNEL_ID", "VOILA_PREHEAT"):
        env.pop(name, None)
    return env


def start_lab(
    base: Path,
    *,
    notebooks: Path | None = None,
    timeout: float = 60,
    learner: str | None = "browser-test",
) -> Lab:
    """Start JupyterLab serving ``base/root`` (with a copy of ``notebooks`` in
    ``base/root/notebooks`` when given) on 127.0.0.1, with a random token; ``learner``: the
    ``CASEBOOK_LEARNER`` of the server (None: none)."""
    root = base / "root"
    root.mkdir(parents=True, exist_ok=True)
    if notebooks is not None:
        shutil.copytree(
            notebooks,
            root / "notebooks",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.jsonl"),
            dirs_exist_ok=True,
        )
    responses = base / "responses.jsonl"
    env = lab_env(base, responses, learner)
    token = secrets.token_hex(24)
    log = base / "jupyterlab.log"
    # A port can still be taken between free_port() and the server's bind (another test run on
    # the machine): the server then exits saying so, and we try another port.
    for _attempt in range(3):
        lab = _launch_lab(root, env, token, log, responses, timeout)
        if lab is not None:
            return lab
    raise RuntimeError(f"JupyterLab found no free port in 3 tries:\n{log.read_text()[-3000:]}")


def _launch_lab(
    root: Path, env: dict[str, str], token: str, log: Path, responses: Path, timeout: float
) -> Lab | None:
    """One start on a fresh port: the running Lab, or None when the port was taken."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
        cmd.append("--allow-root")
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    lab = Lab(root=root, port=port, token=token, process=process, log=log, responses=responses)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "already in use" in lab.log_tail():
                return None
            raise RuntimeError(f"JupyterLab exited ({process.returncode}):\n{lab.log_tail()}")
        try:
            status, _ = lab.request("GET", "/api/status")
        except (OSError, http.client.HTTPException):
            # Not up yet, or something else answered on the port: wait for our server (or its
            # exit, above).
            status = 0
        if status == 200:
            return lab
        time.sleep(0.2)
    lab.stop()
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{lab.log_tail()}")


def launch_browser(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def open_notebook(page: Any, lab: Lab, path: str, *, timeout: float = 60_000) -> None:
    """Open ``path`` in a fresh workspace and wait until its kernel is idle."""
    page.goto(lab.notebook_url(path))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout)
    # The toolbar indicator says "idle" before a kernel is attached; the status bar names the
    # kernel and its state ("Python 3 (ipykernel) | Idle") once it is really there.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-StatusBar-TextItem[title^=\"Change kernel\"]')]"
        ".some(e => / \\| Idle$/.test(e.textContent.trim()) && !/^No Kernel/.test(e.textContent))",
        timeout=timeout,
    )
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=timeout)
    loaded = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        ".federated_extensions.map(e => e.name)"
    )
    missing = [name for name in NEEDED_EXTENSIONS if name not in loaded]
    if missing:
        raise RuntimeError(f"lab extensions not loaded: {missing}; loaded: {loaded}")


def run_all(page: Any) -> None:
    """Run > Run All Cells, from the menu bar, as a resident would."""
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()


def wait_ready(page: Any, *, timeout: float = 120_000) -> None:
    """Wait until every code cell has run, the kernel is idle, and every widget is live.
    Raises with the traceback when a cell fails."""
    handle = page.wait_for_function(
        f"(() => {{ const r = ({_READY_JS})(); return r || null; }})",
        timeout=timeout,
        polling=100,
    )
    result = handle.json_value()
    if result != "ready":
        raise AssertionError(f"a notebook cell failed:\n{result}")


def run_notebook(page: Any, lab: Lab, path: str) -> None:
    """Open ``path``, Run All, wait until idle with live widgets."""
    open_notebook(page, lab, path)
    run_all(page)
    # The indicator is "idle" before the run starts too: wait for a busy moment or a prompt.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]"
        ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
        timeout=30_000,
    )
    wait_ready(page)


def write_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook of code cells (no outputs) with the python3 kernel."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell{i}",
            "metadata": {},
            "outputs": [],
            "source": src,
        }
        for i, src in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1))
    return path


# ---------------------------------------------------------------------------------------------
# Acting on the casebook's widgets (class names: the widget modules' docstrings)
def text_changes(area: Any, action: Any, *, timeout: float = 30_000) -> str:
    """Do ``action()`` and wait until ``area``'s visible text is non-empty and different from
    before; return the new text."""
    before = area.inner_text()
    action()
    area.page.wait_for_function(
        "([el, before]) => el.innerText.trim() !== '' && el.innerText !== before",
        arg=[area.element_handle(), before],
        timeout=timeout,
    )
    return area.inner_text()


def score_ice(exercise: Any, answer: dict[str, Any]) -> None:
    """Enter an ICE answer (the response-record shape) by clicking, as a resident would."""
    for part, value in answer["orientation"].items():
        exercise.locator(f".casebook-ice-{part} input[type=checkbox]").set_checked(value)
    for name in ("naming", "commands", "writing", "attention"):
        radio(exercise, name, answer[name]).check()
    # The running total is computed in the page: wait until it shows the whole answer.
    total = sum(answer["orientation"].values()) + sum(
        answer[n] for n in ("naming", "commands", "writing", "attention")
    )
    exercise.locator(".casebook-ice-total", has_text=f"{total}/10").wait_for()
    exercise.page.wait_for_function(
        "el => !/not scored yet/.test(el.innerText)",
        arg=exercise.locator(".casebook-ice-total").element_handle(),
    )


def wait_saved(exercise: Any, *, timeout: float = 30_000) -> None:
    """Wait until the exercise's answer area says "Saved" (the kernel recorded the answer)."""
    exercise.locator(".casebook-save-status.casebook-saved").wait_for(timeout=timeout)


def radio(exercise: Any, item: str, points: int) -> Any:
    """The radio button giving ``points`` to an ICE ``item`` (its value is the option index,
    which is the points)."""
    return exercise.locator(f".casebook-ice-{item} input[type=radio][value='{points}']")


def reference_answer(case_id: str, day: int) -> dict[str, Any]:
    """The reference ICE scoring of a bundled case's exam, in the response-record shape."""
    from casebook.loading import load_case

    exam = load_case(case_id).exam(day)
    answer: dict[str, Any] = {"orientation": dict(exam.items["orientation"].parts)}
    for name in ("naming", "commands", "writing", "attention"):
        answer[name] = exam.items[name].points
    return answer


def unlabelled_inputs(container: Any) -> list[str]:
    """Every input, select and button in ``container`` without an accessible name, and every
    toggle button or radio button whose group has no visible description (the item it scores);
    described as outerHTML snippets."""
    return container.evaluate(
        """root => {
          const bad = [];
          for (const el of root.querySelectorAll('input, select, button, textarea')) {
            if (el.type === 'hidden') continue;
            const name = (el.getAttribute('aria-label') || '').trim()
              || [...(el.labels || [])].map(l => l.innerText.trim()).join(' ')
              || (el.tagName === 'BUTTON' ? el.innerText.trim() : '');
            const group = (el.tagName === 'BUTTON' && el.closest('.widget-toggle-buttons'))
              || (el.type === 'radio' && (el.closest('.widget-radio') || el.closest('fieldset')));
            const widget = group || el.closest('.jupyter-widgets');
            const described = widget && [...widget.querySelectorAll(
                ':scope > label.widget-label, :scope > legend')]
              .some(l => l.offsetParent !== null && l.innerText.trim().replace('\\u200b', ''));
            if (!name || (group && !described)) bad.push(el.outerHTML.slice(0, 160));
          }
          return bad;
        }"""
    )


def tab_to(page: Any, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``selector`` (a CSS selector)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} Tabs did not reach {selector}; focus is on {focused}")


# The window the resident's checks are made at (the developers' guide: 1400x900).
WIDE = {"width": 1400, "height": 900}


@contextmanager
def fresh_page(
    browser: Any,
    lab: Lab | None = None,
    *,
    viewport: dict[str, int] | None = None,
    timeout_ms: int = 30_000,
) -> Iterator[Any]:
    """A page in its own browser context (laptop size, 1280x900, unless ``viewport``); the
    lab's kernels, if a lab is given, are shut down afterwards."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(timeout_ms)
    try:
        yield context.new_page()
    finally:
        context.close()
        if lab is not None:
            lab.shutdown_kernels()


_COURSE_SETTLED_JS = """
(view) => {
  const day = view.querySelector('.casebook-course-day input').value;
  const narrative = view.querySelector('.casebook-course-narrative').innerText;
  if (!narrative.includes('Day ' + day) && !(day === '0' && /day 1/i.test(narrative))) return false;
  const hold = view.querySelector('.casebook-course-hold').innerText.trim();
  const next = view.querySelector('button.casebook-course-next');
  const reveal = view.querySelector('button.casebook-course-reveal');
  // The figure (casebook/widgets/figure.js) marks the last day it has drawn.
  const drawn = view.querySelector('.casebook-figure').dataset.shownTo;
  if (!hold) return reveal.offsetParent === null && drawn === day;
  return hold.includes('day ' + day) && next.disabled && reveal.offsetParent !== null
    && drawn !== day;
}
"""


def course_settled(view: Any) -> None:
    """Wait until every part of the course view shows its current day: the narrative, and
    either the day itself (no hold line, no "Show day N now", the figure drawn up to the day)
    or its hold line with Next disabled, the button shown and the figure short of the day. The
    kernel updates these one message at a time, and the figure draws after its message."""
    view.page.wait_for_function(_COURSE_SETTLED_JS, arg=view.element_handle())


def figure_days(view: Any) -> dict[str, Any]:
    """What the course view's figure has drawn: ``shown_to`` (its data-shown-to, "" or None
    before any drawing), ``days`` (every day on its traces, sorted), ``width`` of the chart and
    of the view (px)."""
    return view.evaluate(
        """view => {
          const figure = view.querySelector('.casebook-figure');
          const chart = figure.querySelector('.js-plotly-plot');
          const days = new Set();
          for (const trace of (chart && chart.data) || [])
            for (const x of trace.x || []) if (typeof x === 'number') days.add(x);
          return {shown_to: figure.dataset.shownTo ?? null, days: [...days].sort((a, b) => a - b),
                  width: chart ? chart.getBoundingClientRect().width : 0,
                  view_width: view.getBoundingClientRect().width};
        }"""
    )


def show_held_day(view: Any) -> None:
    """If the course view holds its day (an exercise of that day not answered yet), press
    "Show day N now" and wait until the day is shown."""
    course_settled(view)
    reveal = view.locator("button.casebook-course-reveal")
    if reveal.is_visible():
        reveal.click()
        reveal.wait_for(state="hidden")
        course_settled(view)


def go_to_day(view: Any, day: int, *, limit: int = 20) -> None:
    """Type ``day`` into the course view's Day box and press Enter, showing each held day on
    the way (the view stops at a held day). Returns once the view has settled on ``day``."""
    box = view.locator(".casebook-course-day input")
    for _ in range(limit):
        show_held_day(view)  # settled first: a typed value the kernel corrects is not a day yet
        if box.input_value() == str(day):
            return
        box.fill(str(day))
        box.press("Enter")
        course_settled(view)
    raise AssertionError(f"the course view did not reach day {day}")


def option_feedback(area: Any, label: str) -> Any:
    """The feedback line of the decision option labelled exactly ``label``."""
    return area.locator(".casebook-decision-feedback li").filter(
        has=area.page.get_by_text(label, exact=True)
    )


def records(lab: Lab) -> list[dict]:
    """The response lines the lab's learners have recorded so far (none: [])."""
    if not lab.responses.exists():
        return []
    return [json.loads(line) for line in lab.responses.read_text().splitlines() if line]
