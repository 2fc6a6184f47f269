"""How fast the app shows a resident the first exercise: ``make app``'s server (Voila), Case 1
opened from its address with ``?learner=``, time from ``page.goto`` until the first ICE
exercise is visible with live widgets, in Chromium at 1400x900.

- ``preheated``: the app as ``make app`` runs it (one pre-heated kernel per notebook); each
  sample waits until the pool has refilled and every kernel has finished running its notebook
  and been idle for 2 s, so it is what a resident sees on a server that is not busy.
- ``cold``: the same app without pre-heated kernels (Voila starts the kernel and runs the
  notebook on request), for comparison.

Used by ``benchmarks/run.py`` (``app_first_widget_s``, ``app_first_widget_cold_s``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_case1.ipynb"


def _open_case1(browser: Any, app: Any, appkit: Any) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        started = time.monotonic()
        page.goto(f"{app.base}/voila/render/{NOTEBOOK}?learner=bench&token={app.token}")
        appkit.wait_widgets(page, ".casebook-ice-exercise", timeout=180_000)
        return time.monotonic() - started
    finally:
        context.close()


def measure_app_start(samples: int = 3) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import appkit
    import labkit
    from playwright.sync_api import sync_playwright

    problem = labkit.chromium_problem()
    if problem:
        raise SystemExit(f"bench: {problem}")
    times: dict[str, list[float]] = {"preheated": [], "cold": []}
    with sync_playwright() as playwright:
        browser = labkit.launch_browser(playwright)
        try:
            for kind, pool in (("preheated", 1), ("cold", 0)):
                with tempfile.TemporaryDirectory(prefix="casebook-bench-app-") as tmp:
                    app = appkit.start_app(Path(tmp), pool_size=pool)
                    try:
                        for used in range(samples):
                            if pool:  # the first fill, plus one refill per page opened, and
                                # every pre-heated notebook has finished running
                                _wait_filled(app, used + 1)
                                app.kernels_quiet()
                            times[kind].append(_open_case1(browser, app, appkit))
                    finally:
                        app.stop()
        finally:
            browser.close()
    return {
        "definition": "s from page.goto of Case 1 (?learner=bench) to the first ICE exercise "
        "visible with no widget loading or disconnected, Chromium 1400x900; preheated: one "
        "pre-heated kernel per notebook, each sample after the pool refilled; cold: no pool",
        "samples_s": {k: [round(v, 2) for v in vals] for k, vals in times.items()},
        "median_s": {k: round(statistics.median(vals), 2) for k, vals in times.items()},
    }


def _wait_filled(app: Any, times: int, timeout: float = 240) -> None:
    """Wait until Voila has said ``times`` times that the Case 1 pool is filled."""
    deadline = time.monotonic() + timeout
    marker = f"Kernel pool of {NOTEBOOK} is filled"
    while time.monotonic() < deadline:
        if app.log_text().count(marker) >= times:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the pool of {NOTEBOOK} did not refill in {timeout} s")
