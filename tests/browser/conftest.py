"""Fixtures for the real-browser tests: one private JupyterLab server and one headless Chromium
per session, a fresh browser context per test, kernels shut down after each test.

The server serves a temporary copy of ``notebooks/`` (nothing in the repository changes) on
127.0.0.1 with a token; see ``labkit.py``. Without Chromium at /usr/bin/chromium the tests are
skipped with the reason, except in CI (``CI=true``), where a missing browser fails them.
Screenshots of the key steps go to ``build/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import labkit
import pytest

SCREENSHOTS = labkit.ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def chromium() -> Path:
    problem = labkit.chromium_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem} (CI=true: a missing browser fails the run)", pytrace=False)
        pytest.skip(problem)
    return labkit.CHROMIUM


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[labkit.Lab]:
    server = labkit.start_lab(
        tmp_path_factory.mktemp("jupyterlab"), notebooks=labkit.ROOT / "notebooks"
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = labkit.launch_browser(playwright)
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture
def page(browser: Any, lab: labkit.Lab) -> Iterator[Any]:
    """A fresh page (own context) at laptop size; its kernels are shut down afterwards."""
    with labkit.fresh_page(browser, lab) as tab:
        yield tab


@pytest.fixture
def wide(browser: Any) -> Iterator[Any]:
    """A fresh page (own context) at 1400x900, the size the resident's checks are made at."""
    with labkit.fresh_page(browser, viewport=labkit.WIDE) as tab:
        yield tab


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    """``shot(page_or_locator, name)`` saves build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(target: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        if not hasattr(target, "scroll_into_view_if_needed"):  # a whole page
            target.screenshot(path=str(path))
            return path
        # JupyterLab scrolls inside its own panel, so an element taller than the window would
        # be cut off: make the window tall enough for the moment.
        page = target.page
        size = page.viewport_size
        box = target.bounding_box() or {"height": 0}
        if box["height"] + 250 > size["height"]:
            height = min(int(box["height"]) + 250, 6000)
            page.set_viewport_size({"width": size["width"], "height": height})
        try:
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(path))
        finally:
            page.set_viewport_size(size)
        return path

    return take


@pytest.fixture(scope="module")
def notebook(request: pytest.FixtureRequest, browser: Any, lab: labkit.Lab) -> Iterator[Any]:
    """The module's ``NOTEBOOK`` opened, Run All, idle with live widgets, shared by the module's
    tests (each acts on its own exercise); its kernel is shut down after the module."""
    path = request.module.NOTEBOOK
    with labkit.fresh_page(browser, lab) as tab:
        labkit.run_notebook(tab, lab, path)
        yield tab
