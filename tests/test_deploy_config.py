"""deploy/jupyterhub/jupyterhub_config.py read as JupyterHub reads it: the class settings from
the environment, each learner's answers file, the instructor role, the default URL choice, and
clear refusals of bad settings. (The running hub is tests/browser/test_hub.py.)"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def load(monkeypatch, **env) -> Config:
    for name in (
        "CASEBOOK_CLASS_DIR",
        "CASEBOOK_HUB_DEFAULT",
        "CASEBOOK_INSTRUCTORS",
        "CASEBOOK_MODE",
        "CASEBOOK_REPORT_PORT",
        "CASEBOOK_SINGLEUSER_PYTHON",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def spawner(name: str) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(name=name), default_url="/voila/tree/casebook")


def test_learners_answers_go_to_their_own_file_in_the_collection(monkeypatch, tmp_path):
    c = load(monkeypatch, CASEBOOK_CLASS_DIR=str(tmp_path))
    env = c.Spawner.environment
    assert env["CASEBOOK_RESPONSES"](spawner("alice")) == str(
        tmp_path / "collection" / "alice.jsonl"
    )
    assert env["CASEBOOK_CLASS_NOTEBOOKS"] == str(tmp_path / "notebooks")
    assert env["CASEBOOK_MODE"] == "practice"
    assert c.Spawner.cmd == [sys.executable, "-m", "casebook.app.singleuser"]
    assert c.Authenticator.username_pattern == r"^[A-Za-z0-9._@-]{1,64}$"
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"


def test_default_url_is_the_app_or_lab_and_instructors_get_lab(monkeypatch, tmp_path):
    c = load(monkeypatch, CASEBOOK_CLASS_DIR=str(tmp_path), CASEBOOK_INSTRUCTORS="ann, bo")
    assert c.Spawner.default_url == "/voila/tree/casebook"
    learner, teacher = spawner("alice"), spawner("bo")
    c.Spawner.pre_spawn_hook(learner)
    c.Spawner.pre_spawn_hook(teacher)
    assert learner.default_url == "/voila/tree/casebook"
    assert teacher.default_url == "/lab/tree/casebook/00_start_here.ipynb"
    assert (tmp_path / "collection").is_dir()
    c = load(monkeypatch, CASEBOOK_CLASS_DIR=str(tmp_path), CASEBOOK_HUB_DEFAULT="lab")
    assert c.Spawner.default_url == "/lab/tree/casebook/00_start_here.ipynb"


def test_only_instructors_may_open_the_class_report(monkeypatch, tmp_path):
    c = load(monkeypatch, CASEBOOK_CLASS_DIR=str(tmp_path), CASEBOOK_INSTRUCTORS="ann,bo")
    (role,) = c.JupyterHub.load_roles
    assert role["name"] == "instructor" and role["users"] == ["ann", "bo"]
    assert "access:services!service=class-report" in role["scopes"]
    (service,) = c.JupyterHub.services
    assert service["name"] == "class-report"
    assert service["url"].startswith("http://127.0.0.1:")
    assert service["environment"] == {"CASEBOOK_COLLECTION": str(tmp_path / "collection")}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CASEBOOK_HUB_DEFAULT": "notebook"}, "CASEBOOK_HUB_DEFAULT='notebook' is not allowed"),
        ({"CASEBOOK_MODE": "exam"}, "CASEBOOK_MODE='exam' is not allowed"),
    ],
)
def test_bad_settings_are_refused_by_name(monkeypatch, env, message):
    with pytest.raises(SystemExit, match=message):
        load(monkeypatch, **env)
