"""Keys typed inside an exercise stay there, and the focused button is plainly visible.

JupyterLab's command-mode shortcuts (``b`` inserts a cell, ``x`` cuts one, ``d d`` deletes one)
are matched by Lumino's command registry on every keydown, walking up from the focused element;
it stops at an element with the ``data-lm-suppress-shortcuts`` attribute. The command-mode
selectors end in ``:focus``, which the focused element itself matches, so the attribute must be on
that element. ipywidgets cannot set an attribute, so each exercise carries a :class:`KeyGuard`:
an invisible ``anywidget`` (already a dependency, for plotly's FigureWidget) whose few lines of
JavaScript find the exercise's outer element (class ``casebook-keys-stay``) once it is on the
page and put the attribute on every element inside it that takes focus (a ``focusin``
listener), the feedback and forms that appear later included. A checkbox, radio button or
button inside the exercise then keeps its keys (Space still ticks, Tab still moves); outside the
exercise, JupyterLab's shortcuts work as before.

Its CSS (anywidget adds it to the page once) draws a 3 px focus ring, with a white gap, around the
focused button or choice inside every casebook widget (WCAG 2.2, 2.4.7 focus visible): JupyterLab's
own ring on a primary button is a 1 px line of nearly the button's colour.

Nothing here runs in the kernel: no network, no files. Where the front end cannot run anywidget
(a static HTML page, nbval), the guard is simply not rendered.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["KEYS_STAY_CLASS", "KeyGuard"]

KEYS_STAY_CLASS = "casebook-keys-stay"

_ESM = """
function render({ el }) {
  el.style.display = "none";
  let tries = 0;
  const mark = () => {
    const root = el.closest(".KEYS_STAY");
    if (root) {
      // Lumino matches a shortcut's selector from the focused element upwards and stops at the
      // first element carrying the attribute; the command-mode selectors end in ":focus", which
      // the focused element itself matches, so the attribute goes on whatever takes focus.
      const mark = (node) => node.setAttribute("data-lm-suppress-shortcuts", "true");
      mark(root);
      root.addEventListener("focusin", (event) => mark(event.target), true);
      if (root.contains(document.activeElement)) mark(document.activeElement);
      return;
    }
    if (++tries < 600) requestAnimationFrame(mark);
  };
  mark();
}
export default { render };
""".replace("KEYS_STAY", KEYS_STAY_CLASS)

_CSS = """
.KEYS_STAY button:focus-visible,
.KEYS_STAY input:focus-visible {
  outline: 3px solid #1d4ed8 !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #ffffff !important;
}
""".replace("KEYS_STAY", KEYS_STAY_CLASS)


class KeyGuard(anywidget.AnyWidget):
    """An invisible child of an exercise that keeps JupyterLab's shortcuts out of it."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    _css = traitlets.Unicode(_CSS).tag(sync=True)
