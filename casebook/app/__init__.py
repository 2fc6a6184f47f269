"""The resident app: the notebooks served by Voilà, code hidden, with a start page that lists
them in order and asks for the learner id (``make app``, ``python -m casebook.app``).

Nothing here is a server of its own: :func:`voila_command` builds Voilà's command line and
:func:`voila_environment` points Jupyter at the casebook's Voilà template (``jupyter/`` beside
this file: ``voila/templates/casebook``, which extends Voilà's ``lab`` template). JupyterHub's
single-user servers use the same template through :func:`voila_server_args`
(deploy/jupyterhub/).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "TEMPLATE",
    "TEMPLATE_ROOT",
    "voila_command",
    "voila_environment",
    "voila_server_args",
]

TEMPLATE = "casebook"
# A Jupyter data folder holding voila/templates/casebook; added to JUPYTER_PATH.
TEMPLATE_ROOT = Path(__file__).resolve().parent / "jupyter"
# Notebooks served without a pre-heated kernel:
# - the instructor guide, listed apart on the start page and rarely opened;
# - "My answers", which reads the learner id while it runs: a pre-heated kernel runs the
#   notebook before the page (and so its ?learner=) is requested, and would wait for it.
PREHEAT_DENYLIST = ("90_instructor_guide", "05_my_answers")


def _template_settings() -> list[str]:
    """Voilà settings shared by the app and the hub's single-user servers."""
    return [
        f"--VoilaConfiguration.template={TEMPLATE}",
        # The start page is the template's tree.html (Voilà's JupyterLab tree cannot be
        # templated and loads every lab extension for a file list).
        "--VoilaConfiguration.classic_tree=True",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        # Only the page's own query, the template and theme are never taken from the URL.
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
    ]


def voila_command(
    notebooks: str | os.PathLike[str],
    *,
    port: int = 8866,
    token: str | None = None,
    pool_size: int = 1,
    open_browser: bool = True,
    extra: Sequence[str] = (),
) -> list[str]:
    """Voilà's command line for the app: ``notebooks`` on 127.0.0.1:``port``, a token (random
    unless given), pre-heated kernels (``pool_size`` per notebook, 0 for none)."""
    token = token if token is not None else secrets.token_hex(24)
    if not token:
        raise ValueError("the app needs a token: give a non-empty one or leave it out")
    cmd = [
        sys.executable,
        "-m",
        "voila",
        os.fspath(notebooks),
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        *_template_settings(),
    ]
    if pool_size > 0:
        denylist = ",".join(repr(name) for name in PREHEAT_DENYLIST)
        cmd += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={pool_size}",
            f"--VoilaKernelManager.preheat_denylist=[{denylist}]",
        ]
    if not open_browser:
        cmd.append("--no-browser")
    return [*cmd, *extra]


def voila_server_args() -> list[str]:
    """Settings for Voilà as an extension of a Jupyter server (JupyterHub's single-user
    servers), where it serves ``/voila/tree/`` and ``/voila/render/`` beside JupyterLab.
    Pre-heating is a feature of the standalone app only."""
    return _template_settings()


def voila_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the casebook's template folder
    first in ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    parts = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(parts))
    return env
