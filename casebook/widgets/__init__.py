"""The exercise widgets: thin ipywidgets wiring of ``casebook.feedback``, ``casebook.html``,
``casebook.plots`` and ``casebook.responses``. Each factory returns one ``ipywidgets.VBox``.

Callbacks never print and use no ``Output`` widget: everything they show goes into an ``HTML``
widget's value, and a failure inside a callback shows "Something went wrong: ..." there.
The class names each widget carries for browser tests are listed in each module's docstring.
"""

from casebook.widgets.calculator import icans_calculator
from casebook.widgets.course import course_view
from casebook.widgets.decision import decision_exercise
from casebook.widgets.ice import ice_exercise
from casebook.widgets.progress import progress_view
from casebook.widgets.vignette import vignette_exercise

__all__ = [
    "course_view",
    "decision_exercise",
    "icans_calculator",
    "ice_exercise",
    "progress_view",
    "vignette_exercise",
]
