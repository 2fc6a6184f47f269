"""The class report as a JupyterHub service: ``/services/class-report/``.

JupyterHub starts it (``c.JupyterHub.services`` in jupyterhub_config.py) on 127.0.0.1. Only
users whose role grants ``access:services!service=class-report`` (the ``instructor`` role) get
through the hub's OAuth; everyone else gets 403. Each request builds the report afresh from the
collection folder (``CASEBOOK_COLLECTION``) with ``python -m casebook report``, read-only, and
returns the offline HTML page it writes (no scripts; learner text escaped by the casebook).

Built only from JupyterHub's own service helpers (``jupyterhub.services.auth``) and tornado,
which JupyterHub already runs on.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

REPORT_TIMEOUT_S = 120


class ReportHandler(HubOAuthenticated, web.RequestHandler):
    @web.authenticated
    async def get(self) -> None:
        collection = Path(os.environ["CASEBOOK_COLLECTION"])
        with tempfile.TemporaryDirectory(prefix="class-report-") as tmp:
            out = Path(tmp) / "report.html"
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "casebook",
                "report",
                str(collection),
                "-o",
                str(out),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            output, _ = await asyncio.wait_for(proc.communicate(), REPORT_TIMEOUT_S)
            if proc.returncode != 0 or not out.exists():
                self.set_status(500)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(
                    "The class report could not be built:\n" + output.decode(errors="replace")
                )
                return
            page = out.read_bytes()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        )
        self.finish(page)


def main() -> None:
    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    app = web.Application(
        [
            (prefix, ReportHandler),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=os.urandom(32),
    )
    HTTPServer(app).listen(url.port, url.hostname)
    IOLoop.current().start()


if __name__ == "__main__":
    main()
