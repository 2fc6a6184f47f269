"""JSON Schema errors as problems that name the file, line, field, value and what is expected.

Codes: CB109 for schema errors in general; the errors that a case rule owns get that rule's
code (a missing ``source`` CB110, a bad provenance CB111, ICE points over the item's maximum
CB303, missing ICE items CB302 / orientation parts CB304, a bad option class CB407; in a
vignette file, a field named like a grade CB604).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from casebook.loading.problems import rule
from casebook.loading.readers import YamlDoc, dotted, short
from casebook.vocab import ICE_ITEM_MAXIMA

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from casebook.loading.checker import Checker

__all__ = ["schema_problems"]

_GRADE_KEY = re.compile(r"grade", re.IGNORECASE)


@rule("CB109", "CB110", "CB111", "CB302", "CB303", "CB304", "CB407", "CB604")
def schema_problems(ck: Checker, doc: YamlDoc, error: ValidationError, kind: str) -> None:
    """Translate one jsonschema error into Problems that name the line and the field."""
    path = list(error.absolute_path)
    last = path[-1] if path else None
    schema = error.schema if isinstance(error.schema, dict) else {}
    help_text = schema.get("description", "")
    if error.validator == "required":
        for missing in error.validator_value:
            if missing in error.instance or repr(missing) not in error.message:
                continue
            described = schema.get("properties", {}).get(missing, {}).get("description", "")
            if kind == "case" and missing == "value" and not described:  # a patient fact
                described = (
                    "the fact's value, or source: not_reported when the report does not state it"
                )
            if missing == "source":
                code = "CB110"
            elif kind == "exams" and last == "parts":
                code = "CB304"
            elif kind == "exams" and (missing == "items" or last == "items"):
                code = "CB302"
            else:
                code = "CB109"
            ck.add(
                code,
                doc.name,
                f"'{missing}' is missing",
                line=doc.line(path),
                field=dotted([*path, missing]),
                expected=f"'{missing}': {described}" if described else f"'{missing}'",
            )
        return
    if error.validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for key in error.instance:
            if key in allowed or any(re.search(p, str(key)) for p in patterns):
                continue
            where = {"line": doc.key_line(path, key), "field": dotted([*path, key]), "value": key}
            if kind == "vignettes" and _GRADE_KEY.search(str(key)):
                ck.add(
                    "CB604",
                    doc.name,
                    f"the vignette states a grade ('{key}')",
                    expected="no grade field: the engine computes grades from the findings "
                    "(docs/vignettes.md)",
                    **where,
                )
                continue
            ck.add(
                "CB109",
                doc.name,
                f"unknown field '{key}'",
                expected="one of: " + ", ".join(allowed),
                **where,
            )
        return
    value = error.instance
    shown = short(value)
    code = "CB109"
    if error.validator == "enum":
        allowed_words = ", ".join(str(v) for v in error.validator_value)
        if last == "source":
            code = "CB111"
        elif kind == "decisions" and last == "class":
            code = "CB407"
        message, expected = f"{shown} is not allowed", f"one of: {allowed_words}"
    elif error.validator in ("minimum", "maximum"):
        if kind == "exams" and last == "points" and path[-2] in ICE_ITEM_MAXIMA:
            code = "CB303"
            help_text = f"0-{ICE_ITEM_MAXIMA[path[-2]]} points for {path[-2]} (ASTCT 2019)"
        word = "below the minimum" if error.validator == "minimum" else "over the maximum"
        message = f"{shown} is {word} of {error.validator_value}"
        expected = help_text
    elif error.validator == "type":
        types = error.validator_value
        types = " or ".join(types) if isinstance(types, list) else types
        message, expected = f"{shown} is not of type {types}", help_text
    elif error.validator == "pattern":
        message = f"{shown} does not match the pattern {error.validator_value}"
        expected = help_text
    elif error.validator in ("minItems", "minLength"):
        message, expected = f"{shown} is too short", help_text
    elif error.validator == "not" and kind == "case":  # a not_reported fact with a value
        message = "a fact with source not_reported has a value"
        expected = "no value (the report does not state it), or source report or reconstructed"
    else:
        message, expected = error.message, help_text
    ck.add(
        code,
        doc.name,
        message,
        line=doc.line(path),
        field=dotted(path) or None,
        value=value,
        expected=expected,
    )
