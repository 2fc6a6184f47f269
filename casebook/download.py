"""The learner's own answers as a file to download, without a server round trip.

A link whose address is a ``data:`` URL holding the learner's response lines (base64, so no
character of an answer can end the attribute or the element), with a ``download`` file name.
It works wherever the page is (JupyterLab, the Voilà app, JupyterLite in the browser), for a
learner who has to send the file to the instructor. Pure: records in, HTML out.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["answers_bytes", "answers_link", "file_name"]

MEDIA_TYPE = "application/x-ndjson"


def answers_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    """The records as a response file: one JSON object per line, as ``record_response`` writes
    them (so ``python -m casebook report`` reads the file as it is)."""
    lines = [
        json.dumps(dict(rec), ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
        for rec in records
    ]
    return "".join(lines).encode("utf-8")


def file_name(learner: str) -> str:
    """``casebook-answers-<learner>.jsonl``, with anything but letters, digits, ``.``, ``_`` and
    ``-`` replaced (ids are checked already; this keeps the name safe whatever comes in)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", learner)[:64] or "learner"
    return f"casebook-answers-{safe}.jsonl"


def answers_link(records: Iterable[Mapping[str, Any]], learner: str) -> str:
    """An HTML link, styled as a button, that saves the learner's own answers as a file."""
    records = list(records)
    data = base64.b64encode(answers_bytes(records)).decode("ascii")
    href = f"data:{MEDIA_TYPE};charset=utf-8;base64,{data}"
    name = file_name(learner)
    count = len(records)
    noun = "answer" if count == 1 else "answers"
    return (
        '<p class="casebook-download">'
        f'<a class="casebook-download-link" href="{href}" download="{html.escape(name)}" '
        'style="display: inline-block; padding: 4px 12px; border: 1px solid '
        '#1d4ed8; border-radius: 4px; color: #1d4ed8; text-decoration: none;">'
        f"&#x2B07; Download my answers ({count} {noun})</a> "
        f"<small>saves {html.escape(name)}: send it to your instructor if they ask for it."
        "</small></p>"
    )
