"""``preview_report``: part of the class report inside a notebook, without writing anything.

It carries no generation time, so the same response files always give the same output.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from casebook.report.figures import first_attempts, summary_lines
from casebook.report.page import SECTION_BUILDERS, e
from casebook.responses import read_responses

__all__ = ["SECTIONS", "ReportPreview", "preview_report"]

SECTIONS = tuple(SECTION_BUILDERS)
# Scoped to the preview, so a notebook's own styles are left alone.
_PREVIEW_CSS = (
    ".casebook-report-preview table{border-collapse:collapse;margin:.5rem 0}"
    ".casebook-report-preview th,.casebook-report-preview td{border:1px solid #ccc;"
    "padding:.2rem .5rem;text-align:left}"
    ".casebook-report-preview .bar{display:inline-block;width:6rem;height:.7rem;"
    "background:#e6e6e6;border:1px solid #999;vertical-align:middle;margin-right:.4rem}"
    ".casebook-report-preview .fill{display:block;height:100%;background:#3b6ea5}"
    ".casebook-report-preview .fill.bad{background:#b5473a}"
)


@dataclass(frozen=True)
class ReportPreview:
    """Part of the class report for a notebook: the printed summary and some sections.

    It carries no generation time, so the same files always give the same output.
    """

    text: str
    html: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


def preview_report(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    sections: Sequence[str] = ("exercises", "problems"),
) -> ReportPreview:
    """The summary ``python -m casebook report`` prints and the chosen report ``sections``
    (any of ``SECTIONS``) for the same response files or folders, without writing anything."""
    unknown = [name for name in sections if name not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"unknown report sections {unknown}; expected some of {list(SECTIONS)}")
    records, problems = read_responses(inputs)
    lines = summary_lines(records, problems)
    firsts = first_attempts(records)
    body = "".join(SECTION_BUILDERS[name](records, firsts, problems) for name in sections)
    html_text = (
        f'<div class="casebook-report-preview"><style>{_PREVIEW_CSS}</style>'
        f"<pre>{e(chr(10).join(lines))}</pre>{body}</div>"
    )
    return ReportPreview("\n".join(lines), html_text)
