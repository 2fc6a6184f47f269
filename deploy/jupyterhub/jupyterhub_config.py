"""JupyterHub configuration for a class using the ICANS casebook (JupyterHub 5).

What it sets up (docs/deploy.md has the whole story, with The Littlest JupyterHub and Zero to
JupyterHub):

- Every learner's server runs ``python -m casebook.app.singleuser``: on the first start it copies
  the class notebooks into the learner's own ``~/casebook`` (never over an existing copy; no
  shared writable copy), then starts JupyterLab with the casebook app (Voila) beside it.
- The learner id is the JupyterHub login (``JUPYTERHUB_USER``, set by the hub): ``set_learner``
  is neither needed nor able to change it (casebook/identity.py). Logins must therefore be
  valid learner ids; ``Authenticator.username_pattern`` below refuses others at login.
- Answers go to ``<class dir>/collection/<login>.jsonl``, set per learner through the spawner's
  environment (``CASEBOOK_RESPONSES``). Nobody moves files.
- The ``instructor`` role may open the class report, a JupyterHub service at
  ``/services/class-report/`` built afresh from the collection folder on every visit. Learners
  get 403 there.
- The default URL is the resident app (Voila start page) or JupyterLab: the instructor's choice
  (``CASEBOOK_HUB_DEFAULT``). Instructors always start in JupyterLab.

Settings, from the hub's environment:

=========================  ===================================================================
CASEBOOK_CLASS_DIR         folder with ``notebooks/`` (the class copy) and ``collection/``
                           (answers); default ``/srv/casebook``
CASEBOOK_HUB_DEFAULT       ``app`` (default) or ``lab``
CASEBOOK_INSTRUCTORS       comma-separated logins given the instructor role
CASEBOOK_MODE              ``practice`` (default) or ``assessment``, passed to every learner
CASEBOOK_REPORT_PORT       port of the class-report service on 127.0.0.1 (default 10101)
CASEBOOK_SINGLEUSER_PYTHON the Python of the learners' environment (default: the hub's own;
                           TLJH: /opt/tljh/user/bin/python)
=========================  ===================================================================

The authenticator and the spawner class are left to the deployment: TLJH and Zero to JupyterHub
set their own; the test (tests/test_hub.py) adds DummyAuthenticator and
SimpleLocalProcessSpawner on 127.0.0.1 in a small config that loads this one.
"""

import os
import sys
from pathlib import Path
from typing import Any

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
CLASS_DIR = Path(os.environ.get("CASEBOOK_CLASS_DIR", "/srv/casebook"))
NOTEBOOKS = CLASS_DIR / "notebooks"
COLLECTION = CLASS_DIR / "collection"
INSTRUCTORS = sorted(
    {name.strip() for name in os.environ.get("CASEBOOK_INSTRUCTORS", "").split(",") if name.strip()}
)
DEFAULT_URLS = {
    # The resident app: the casebook's start page, with the learner's login as the id.
    "app": "/voila/tree/casebook",
    # JupyterLab on the first notebook of the learner's own copy.
    "lab": "/lab/tree/casebook/00_start_here.ipynb",
}
CHOICE = os.environ.get("CASEBOOK_HUB_DEFAULT", "app").strip().lower()
if CHOICE not in DEFAULT_URLS:
    raise SystemExit(f"CASEBOOK_HUB_DEFAULT={CHOICE!r} is not allowed: use 'app' or 'lab'")
MODE = os.environ.get("CASEBOOK_MODE", "practice")
if MODE not in ("practice", "assessment"):
    raise SystemExit(f"CASEBOOK_MODE={MODE!r} is not allowed: use 'practice' or 'assessment'")
REPORT_PORT = int(os.environ.get("CASEBOOK_REPORT_PORT", "10101"))

# -- the hub listens on this machine only unless the deployment says otherwise ----------------
c.JupyterHub.bind_url = os.environ.get("CASEBOOK_HUB_URL", "http://127.0.0.1:8000")

# -- logins are learner ids (casebook.identity.LEARNER_RULE) ------------------------------------
c.Authenticator.username_pattern = r"^[A-Za-z0-9._@-]{1,64}$"

# -- every learner's server ----------------------------------------------------------------------
USER_PYTHON = os.environ.get("CASEBOOK_SINGLEUSER_PYTHON", sys.executable)
c.Spawner.cmd = [USER_PYTHON, "-m", "casebook.app.singleuser"]


def _responses(spawner: Any) -> str:
    return str(COLLECTION / f"{spawner.user.name}.jsonl")


c.Spawner.environment = {
    "CASEBOOK_CLASS_NOTEBOOKS": str(NOTEBOOKS),
    "CASEBOOK_RESPONSES": _responses,
    "CASEBOOK_MODE": MODE,
}
c.Spawner.default_url = DEFAULT_URLS[CHOICE]


def _pre_spawn(spawner: Any) -> None:
    # The collection folder must exist before the first answer; instructors start in JupyterLab.
    COLLECTION.mkdir(parents=True, exist_ok=True)
    if spawner.user.name in INSTRUCTORS:
        spawner.default_url = DEFAULT_URLS["lab"]


c.Spawner.pre_spawn_hook = _pre_spawn

# -- the class report, for instructors only ----------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "class-report",
        "url": f"http://127.0.0.1:{REPORT_PORT}",
        "command": [sys.executable, str(HERE / "class_report_service.py")],
        "environment": {"CASEBOOK_COLLECTION": str(COLLECTION)},
        "oauth_no_confirm": True,
        "display": True,
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "instructor",
        "description": "Open the class report; see who is in the class and when they were active",
        "scopes": [
            "access:services!service=class-report",
            "list:users",
            "read:users:activity",
        ],
        "users": INSTRUCTORS,
    }
]
