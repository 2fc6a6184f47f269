"""Session set-up shared by the unit tests and the notebooks that nbval runs.

Kernels started by nbval inherit this process's environment: pointing CASEBOOK_RESPONSES into a
temp folder keeps learner responses and the saved learner id out of the repository.
"""

from __future__ import annotations

import os
import tempfile

_tmp = tempfile.TemporaryDirectory(prefix="casebook-test-responses-")


def pytest_configure(config):
    os.environ.setdefault("CASEBOOK_RESPONSES", os.path.join(_tmp.name, "responses.jsonl"))


def pytest_unconfigure(config):
    _tmp.cleanup()
