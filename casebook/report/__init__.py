"""Results from learners' response files: the class report and the learner's own progress.

- ``figures``: the report's numbers from valid records (pure; first attempts only).
- ``page``: the offline HTML page and ``run_report`` (``python -m casebook report``).
- ``preview``: ``preview_report``, chosen report sections inside a notebook.
- ``progress``: ``my_progress()``, the current learner's own results.

What each exercise type adds to the report is named once, in ``casebook.exercises``. This is a
side branch of the package: it reads response files (through ``casebook.responses``) and is
imported by nothing but the CLI and the public API.
"""

from __future__ import annotations

from casebook.report.figures import Summary, summarise, summary_lines
from casebook.report.page import build_report, run_report
from casebook.report.preview import SECTIONS, ReportPreview, preview_report
from casebook.report.progress import Progress, my_progress

__all__ = [
    "SECTIONS",
    "Progress",
    "ReportPreview",
    "Summary",
    "build_report",
    "my_progress",
    "preview_report",
    "run_report",
    "summarise",
    "summary_lines",
]
