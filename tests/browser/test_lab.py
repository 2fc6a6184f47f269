"""The browser machinery itself, on a small notebook generated here: the lab extensions load,
Run All runs every cell, widgets come up live and answer clicks; the repository's notebooks are
served from a copy."""

from __future__ import annotations

import labkit
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ECHO = """import ipywidgets as w
box = w.Checkbox(value=False, description="Echo me", indent=False)
label = w.HTML("off")
box.add_class("echo-box")
label.add_class("echo-label")
box.observe(lambda change: setattr(label, "value", "on" if change["new"] else "off"), "value")
w.VBox([box, label])"""


def test_generated_notebook_runs_with_live_widgets(page, lab, shot):
    labkit.write_notebook(
        lab.root / "generated" / "smoke.ipynb",
        [
            "import casebook\ncase = casebook.load_case('case1')",
            ECHO,
            "casebook.ice_exercise(case, 0)",
        ],
    )
    labkit.run_notebook(page, lab, "generated/smoke.ipynb")
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    assert [p.strip() for p in prompts] == ["[1]:", "[2]:", "[3]:"]
    label = page.locator(".echo-label")
    expect(label).to_have_text("off")
    page.get_by_role("checkbox", name="Echo me").check()
    expect(label).to_have_text("on")
    expect(page.locator(".casebook-ice-exercise")).to_have_count(1)
    expect(page.locator(".jupyter-widgets-disconnected")).to_have_count(0)
    shot(page, "lab-generated-notebook")


def test_notebooks_are_served_from_a_copy(lab):
    served = lab.root / "notebooks"
    assert served.resolve() != (labkit.ROOT / "notebooks").resolve()
    assert not served.is_symlink()
    for original in sorted((labkit.ROOT / "notebooks").glob("*.ipynb")):
        copy = served / original.name
        assert copy.exists(), original.name
        assert copy.stat().st_ino != original.stat().st_ino
    # Responses go into the temporary folder, not beside the repository's notebooks.
    assert lab.responses.parent == lab.root.parent
