"""``make app`` / ``python -m casebook.app``: Voila on 127.0.0.1 with a token, the casebook's
template, pre-heated kernels; bad arguments are named without a traceback. (The running app is
tested in a real browser: tests/browser/test_app.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import app

ROOT = Path(__file__).resolve().parents[1]


def test_command_binds_loopback_with_a_random_token():
    first = app.voila_command("notebooks", open_browser=False)
    second = app.voila_command("notebooks", open_browser=False)
    assert "--Voila.ip=127.0.0.1" in first
    tokens = [a for a in first if a.startswith("--Voila.token=")]
    assert len(tokens) == 1 and len(tokens[0]) > len("--Voila.token=") + 30
    assert tokens != [a for a in second if a.startswith("--Voila.token=")]
    assert "--no-browser" in first
    assert "--VoilaConfiguration.template=casebook" in first
    assert "--VoilaConfiguration.preheat_kernel=True" in first
    assert "--VoilaConfiguration.default_pool_size=1" in first
    assert "--VoilaConfiguration.strip_sources=True" in first


def test_no_pool_means_no_preheating_and_an_empty_token_is_refused():
    cmd = app.voila_command("notebooks", pool_size=0)
    assert not any("preheat" in a for a in cmd)
    with pytest.raises(ValueError, match="needs a token"):
        app.voila_command("notebooks", token="")


def test_environment_puts_the_template_first(tmp_path):
    env = app.voila_environment({"JUPYTER_PATH": str(tmp_path)})
    parts = env["JUPYTER_PATH"].split(os.pathsep)
    assert parts == [str(app.TEMPLATE_ROOT), str(tmp_path)]
    template = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE
    for name in ("conf.json", "index.html.j2", "tree.html"):
        assert (template / name).is_file()


def test_template_page_has_no_offsite_links():
    template = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE
    for path in template.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "https://" not in text and "http://" not in text, path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-folder"], "no-such-folder: no such folder of notebooks"),
        (["notebooks", "--pool-size", "99"], "--pool-size 99: expected 0 to 8"),
    ],
)
def test_bad_arguments_are_named_without_traceback(args, message):
    run = subprocess.run(
        [sys.executable, "-m", "casebook.app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_make_app_runs_the_launcher_on_the_notebooks():
    run = subprocess.run(
        ["make", "-n", "app", "APP_FLAGS=--no-browser"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "-m casebook.app notebooks --no-browser" in run.stdout
