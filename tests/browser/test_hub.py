"""A class on a real JupyterHub (deploy/jupyterhub/jupyterhub_config.py), on 127.0.0.1 only:
JupyterHub 5 with DummyAuthenticator and SimpleLocalProcessSpawner, configurable-http-proxy
from npm (``make test`` installs it into .venv/node). Two learners log in, each gets their own
copy of the notebooks and answers an ICE exercise in the app through their own single-user
server; the class report on the collection folder shows exactly those two learners and their
answers; the instructor opens the report through the hub, a learner may not; the hub, the
proxy and every single-user server are gone at the end.

Marked ``hub`` (and ``browser``): ``make test`` runs it; ``-m "not hub"`` leaves it out.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import appkit
import labkit
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.hub]

CONFIG = labkit.ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
LEARNERS = ("alice", "bob")
INSTRUCTOR = "teacher"


def proxy_command() -> str | None:
    local = labkit.ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


@pytest.fixture(scope="module")
def chp():
    found = proxy_command()
    if found is None:
        reason = (
            "configurable-http-proxy not found (make test installs it with npm into "
            ".venv/node; .ci/run installs node and npm)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the hub test must run)", pytrace=False)
        pytest.skip(reason)
    return found


def our_processes(marker: str) -> list[int]:
    """Processes whose command line or environment mention ``marker`` (this test's folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            blob = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in blob:
            found.append(int(proc.name))
    return found


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - 127.0.0.1
            return resp.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code
    except (OSError, http.client.HTTPException):  # not listening yet
        return 0


@pytest.fixture(scope="module")
def hub(tmp_path_factory, chp, chromium):
    base = tmp_path_factory.mktemp("hub")
    class_dir = base / "class"
    shutil.copytree(
        labkit.ROOT / "notebooks",
        class_dir / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.jsonl", "casebook-learner.txt"),
    )
    port, hub_port, api_port = labkit.free_port(), labkit.free_port(), labkit.free_port()
    config = base / "jupyterhub_config.py"
    allow_root = ["--allow-root"] if os.geteuid() == 0 else []
    config.write_text(
        f"""c = get_config()
load_subconfig({str(CONFIG)!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(base / "homes" / "{username}")!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = {allow_root!r}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.db_url = "sqlite:///{base / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(base / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(base / "jupyterhub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.shutdown_on_logout = False
"""
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CASEBOOK_", "JUPYTER", "VOILA_")) and key != "QUERY_STRING"
    }
    env.update(
        CASEBOOK_CLASS_DIR=str(class_dir),
        CASEBOOK_INSTRUCTORS=INSTRUCTOR,
        CASEBOOK_HUB_DEFAULT="app",
        CASEBOOK_REPORT_PORT=str(labkit.free_port()),
        PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
    )
    log = base / "jupyterhub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "jupyterhub"), "-f", str(config)],
            cwd=base,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while http_status(f"{url}/hub/api") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub did not start:\n{log.read_text()[-4000:]}")
            time.sleep(0.3)
        yield {"url": url, "class_dir": class_dir, "base": base, "log": log, "process": process}
    finally:
        # SIGTERM: the hub stops every single-user server and the proxy it started.
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        deadline = time.monotonic() + 30
        left = our_processes(str(base))
        while left and time.monotonic() < deadline:
            time.sleep(0.3)
            left = our_processes(str(base))
        for pid in left:  # only processes started for this test's folder
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert left == [], f"processes left after the hub stopped: {left}"


def login(browser, hub, name: str, *, next_url: str = ""):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(180_000)
    page = context.new_page()
    page.goto(f"{hub['url']}/hub/login" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(secrets.token_hex(8))
    page.get_by_role("button", name="Sign in").click()
    return context, page


def answer_ice_day3(page, hub, name: str, answer: dict, shot) -> str:
    """From the app's start page, open Case 1 and Check an ICE answer; the feedback text."""
    expect(page.locator(".casebook-hub-user")).to_have_text(
        f"Signed in as {name}: your answers are recorded under your login.", timeout=180_000
    )
    expect(page.locator("#learner-form")).to_be_hidden()
    shot(page, f"hub-{name}-start")
    link = page.get_by_role("link", name="Case 1")
    expect(link).to_have_attribute("href", f"/user/{name}/voila/render/casebook/02_case1.ipynb")
    if name == "bob":
        # Bob tries to answer as Alice through the address: the login still wins.
        page.goto(f"{hub['url']}/user/bob/voila/render/casebook/02_case1.ipynb?learner=alice")
    else:
        link.click()
    appkit.wait_widgets(page, ".casebook-ice-exercise", timeout=180_000)
    expect(page.locator(".casebook-app-learner")).to_have_text(
        f"Signed in as {name}: answers are recorded under your login."
    )
    exercise = page.locator(
        ".casebook-ice-exercise",
        has=page.locator(".casebook-ice-transcript", has_text="Bedside ICE exam, day 3"),
    )
    labkit.score_ice(exercise, answer)
    area = exercise.locator(".casebook-ice-feedback-area")
    text = labkit.text_changes(area, exercise.locator("button.casebook-ice-check").click)
    labkit.wait_saved(exercise)  # the feedback comes at once; Saved once the kernel recorded it
    shot(page, f"hub-{name}-ice-feedback")
    return text


def test_two_learners_on_a_hub_and_the_instructors_report(hub, browser, shot, tmp_path):
    right = labkit.reference_answer("case1", 3)
    wrong = json.loads(json.dumps(right))
    wrong["attention"] = 0
    answers = {"alice": right, "bob": wrong}
    for name in LEARNERS:
        context, page = login(browser, hub, name)
        try:
            text = answer_ice_day3(page, hub, name, answers[name], shot)
            if name == "alice":
                assert "Every item matches the reference scoring" in text
            else:
                assert "1 of 5 items differ from the reference" in text
        finally:
            context.close()

    # Each learner has their own copy of the notebooks (instructor material left out).
    for name in LEARNERS:
        copy = hub["base"] / "homes" / name / "casebook"
        assert sorted(p.name for p in copy.glob("*.ipynb")) == sorted(
            p.name
            for p in (hub["class_dir"] / "notebooks").glob("*.ipynb")
            if not p.name.startswith("9")
        )

    # One file per learner in the collection folder, each line with that learner's login.
    collection = hub["class_dir"] / "collection"
    assert sorted(p.name for p in collection.iterdir()) == ["alice.jsonl", "bob.jsonl"]
    for name in LEARNERS:
        lines = [json.loads(x) for x in (collection / f"{name}.jsonl").read_text().splitlines()]
        assert [(r["learner"], r["case"], r["exercise"], r["day"]) for r in lines] == [
            (name, "case1", "ice", 3)
        ]
        assert lines[0]["answer"] == answers[name]
        assert lines[0]["result"]["correct"] is (name == "alice")

    # The instructor's command-line report: two learners, the right answers, nothing else.
    report = tmp_path / "report.html"
    run = subprocess.run(
        [sys.executable, "-m", "casebook", "report", str(collection), "-o", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert re.search(r"Read 2 answers from 2 learners on 1 exercises?\.", run.stdout), run.stdout
    assert "Correct at first attempt: 50% (1 of 2)." in run.stdout
    assert re.search(r"Input problems: [1-9]", run.stdout) is None, run.stdout
    page_text = report.read_text()
    assert "alice" in page_text and "bob" in page_text
    assert "anonymous" not in page_text and "browser-test" not in page_text

    # The instructor opens the same report through the hub; a learner may not.
    context, page = login(browser, hub, INSTRUCTOR, next_url="/services/class-report/")
    try:
        expect(page.locator("body")).to_contain_text("alice", timeout=120_000)
        expect(page.locator("body")).to_contain_text("bob")
        shot(page, "hub-instructor-class-report")
    finally:
        context.close()
    context, page = login(browser, hub, "alice", next_url="/services/class-report/")
    try:
        expect(page.locator("body")).to_contain_text("403", timeout=120_000)
        assert "bob" not in page.locator("body").inner_text()
    finally:
        context.close()
