"""Who is answering: the learner id and where it comes from, decided in one place.

The id written into every response record is the first of these that gives one:

1. ``JUPYTERHUB_USER``: the JupyterHub login, set by the hub for the learner's own server. It
   cannot be changed from a notebook: :func:`casebook.set_learner` neither is needed nor can
   override it there.
2. ``?learner=ab12`` in the address of the app page (Voilà passes the page's query to the
   kernel as ``QUERY_STRING``; with pre-heated kernels it arrives once the page is requested, see
   :func:`query_string`). The landing page of ``make app`` adds it to every notebook link.
   Like the hub login it wins over ``set_learner`` (which the resident cannot edit in the app).
3. :func:`casebook.set_learner` in this kernel.
4. ``CASEBOOK_LEARNER``: the environment of the server (one learner per server).
5. The id a notebook of the same folder saved with ``set_learner`` (``casebook-learner.txt``
   beside the responses file), so that the id set once in ``00_start_here`` reaches the others.
6. None of these: ``"anonymous"``.

Every id is checked against the same rule (:data:`LEARNER_RULE`); a bad one is an error naming
where it came from, never silently replaced. This module reads the environment only; the saved
id (a file) is read by :mod:`casebook.responses` and handed in.
"""

from __future__ import annotations

import html
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

__all__ = [
    "DEFAULT_LEARNER",
    "LEARNER_RULE",
    "Learner",
    "LockedNotice",
    "check_learner",
    "hub_user",
    "in_app",
    "locked_notice",
    "query_learner",
    "query_string",
    "resolve",
]

DEFAULT_LEARNER = "anonymous"
LEARNER_PATTERN = re.compile(r"[A-Za-z0-9._@-]{1,64}")
LEARNER_RULE = "1-64 characters, each an ASCII letter, a digit, '.', '_', '-' or '@'"
QUERY_KEY = "learner"
# How long a click may wait for Voilà to hand a pre-heated kernel its page address.
_QUERY_WAIT_S = 10.0


@dataclass(frozen=True)
class Learner:
    """The id in force and where it came from.

    ``source``: "jupyterhub", "app", "set_learner", "environment", "saved" or "default".
    ``locked``: True when the learner cannot change it from a notebook (hub login, app page).
    """

    id: str
    source: str

    @property
    def locked(self) -> bool:
        return self.source in ("jupyterhub", "app")

    def describe(self) -> str:
        """One sentence for the learner, e.g. in the notice of a refused ``set_learner``."""
        return {
            "jupyterhub": f"your JupyterHub login, {self.id!r}",
            "app": f"{self.id!r}, the id you entered on the casebook's start page",
            "set_learner": f"{self.id!r}, set with casebook.set_learner in this notebook",
            "environment": f"{self.id!r}, from the environment variable CASEBOOK_LEARNER",
            "saved": f"{self.id!r}, saved by casebook.set_learner in another notebook",
            "default": f"{self.id!r} (no id has been set)",
        }[self.source]


def check_learner(learner_id: object, where: str) -> str:
    """``learner_id`` if it follows :data:`LEARNER_RULE`; else ValueError naming ``where``."""
    if not isinstance(learner_id, str) or not LEARNER_PATTERN.fullmatch(learner_id):
        raise ValueError(f"{where} {learner_id!r} is not a valid learner id: use {LEARNER_RULE}")
    return learner_id


def hub_user(env: Mapping[str, str]) -> str | None:
    """The JupyterHub login of this server's owner, or None outside JupyterHub."""
    name = env.get("JUPYTERHUB_USER", "")
    if not name:
        return None
    return check_learner(name, "the JupyterHub login (JUPYTERHUB_USER)")


def _voila_wait_for_request() -> None:  # pragma: no cover - needs a running Voilà (browser test)
    from voila.utils import wait_for_request

    wait_for_request()


def query_string(
    env: Mapping[str, str] | None = None,
    *,
    wait: Callable[[], None] = _voila_wait_for_request,
    timeout: float = _QUERY_WAIT_S,
) -> str | None:
    """The query of the app page that this kernel serves, or None outside the app.

    Voilà sets ``QUERY_STRING`` when it starts a kernel for a request. A pre-heated kernel
    (``VOILA_PREHEAT=True``) runs the notebook before any request, and gets the page's query
    only when it asks Voilà for it (``voila.utils.wait_for_request``, a websocket to the Voilà
    server on 127.0.0.1). That is done here, lazily, on the first answer: by then the page has
    been requested, so the reply is immediate.
    """
    env = os.environ if env is None else env
    if "QUERY_STRING" in env:
        return env["QUERY_STRING"]
    if env.get("VOILA_PREHEAT") != "True" or not env.get("VOILA_KERNEL_ID"):
        return None
    worker = threading.Thread(target=wait, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or "QUERY_STRING" not in env:
        raise RuntimeError(
            f"the app did not tell this page its address within {timeout:g} s, so the learner "
            "id on it is unknown; reload the page"
        )
    return env["QUERY_STRING"]


def query_learner(query: str | None) -> str | None:
    """The ``learner`` value of an app page's query (``learner=ab12&...``), checked, or None
    when the query has none. An empty or repeated value is an error, not "no id"."""
    if not query:
        return None
    values = parse_qs(query, keep_blank_values=True).get(QUERY_KEY)
    if values is None:
        return None
    where = "the learner id in the page address (?learner=...):"
    if len(values) != 1:
        raise ValueError(f"{where} {values!r} gives {len(values)} ids; expected one")
    return check_learner(values[0], where)


def resolve(
    *,
    set_here: str | None,
    env: Mapping[str, str] | None = None,
    saved: Callable[[], str | None] = lambda: None,
    query: Callable[[Mapping[str, str]], str | None] = query_string,
) -> Learner:
    """The learner id in force, by the order in this module's docstring.

    ``set_here``: the id given to ``set_learner`` in this kernel (already checked), or None;
    ``saved``: reads the id saved beside the responses file (called only when needed).
    """
    env = os.environ if env is None else env
    name = hub_user(env)
    if name:
        return Learner(name, "jupyterhub")
    name = query_learner(query(env))
    if name:
        return Learner(name, "app")
    if set_here is not None:
        return Learner(set_here, "set_learner")
    name = env.get("CASEBOOK_LEARNER")
    if name:
        return Learner(
            check_learner(name, "environment variable CASEBOOK_LEARNER ="), "environment"
        )
    name = saved()
    if name:
        return Learner(name, "saved")
    return Learner(DEFAULT_LEARNER, "default")


def in_app(env: Mapping[str, str]) -> bool:
    """True in a kernel that Voilà started for the app (pre-heated or not). Decided without
    waiting for the page's address."""
    return bool(env.get("VOILA_KERNEL_ID")) or env.get("SERVER_SOFTWARE", "").startswith("voila/")


@dataclass(frozen=True)
class LockedNotice:
    """What :func:`casebook.set_learner` returns where the id is not the notebook's to set."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<p class="casebook-learner-notice">{html.escape(self.text)}</p>'


def locked_notice(env: Mapping[str, str]) -> LockedNotice | None:
    """None where ``set_learner`` may set the id; else the notice saying why it does not."""
    name = hub_user(env)
    if name:
        return LockedNotice(
            f"On this JupyterHub your learner id is your login, {name!r}: it is used for every "
            "answer, and set_learner is neither needed nor able to change it."
        )
    if in_app(env):
        return LockedNotice(
            "In the casebook app your learner id is the one entered on its start page; "
            "set_learner does not change it here."
        )
    return None
