"""Argument checks of the engine: collect every problem, then raise one ``GradingError`` whose
``problems`` say which argument, its value and what is allowed (callers format them; nobody
needs to read the message text)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casebook.vocab import ICANS_DOMAINS

__all__ = ["ArgumentProblem", "GradingError"]


@dataclass(frozen=True)
class ArgumentProblem:
    """One argument the engine refuses: which, its value, and what is allowed.

    ``kind`` says how ``allowed`` reads: "number" (a whole number 0..``high``), "category" (one of
    ``allowed``), "flag" (True or False), "domains" (ICANS domain names from ``allowed``;
    ``unknown`` lists the names that are not), "temperature" (degrees Celsius ``low``..``high``)
    or "ice_not_testable" (ice=None while ``context["consciousness"]`` is not "unarousable").
    ``message`` is the engine's own line; callers that speak to people format the fields instead.
    """

    argument: str
    value: Any
    kind: str
    expected: str  # what is allowed, in the engine's words (after "expected ")
    allowed: tuple[Any, ...] = ()
    unknown: tuple[Any, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        if self.kind == "ice_not_testable":
            return (
                f"ice=None is not allowed while consciousness={self.context['consciousness']!r}; "
                f"expected {self.expected}"
            )
        bad = f" ({', '.join(repr(n) for n in self.unknown)} unknown)" if self.unknown else ""
        return f"{self.argument}={self.value!r} is not allowed{bad}; expected {self.expected}"


class GradingError(ValueError):
    """The engine refuses its arguments. ``problems`` holds one ``ArgumentProblem`` per refused
    argument; ``str()`` is one line per problem (with a count line when there are several)."""

    def __init__(self, problems: Iterable[ArgumentProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0].message
        return f"{len(self.problems)} arguments are not allowed:\n" + "\n".join(
            f"- {p.message}" for p in self.problems
        )

    def __str__(self) -> str:
        return self._text()


def _raise_if(problems: list[ArgumentProblem]) -> None:
    if problems:
        raise GradingError(problems)


def _whole_number(
    problems: list[ArgumentProblem], name: str, value: Any, high: int, *, allow_bool: bool
) -> int | None:
    """``value`` as an int in 0..high, or None after recording a problem."""
    allowed = f"a whole number from 0 to {high}" + (" (or a bool)" if allow_bool else "")
    bounds = (0, high)
    if isinstance(value, bool):
        if allow_bool:
            return int(value)
        problems.append(ArgumentProblem(name, value, "number", f"{allowed}, not a bool", bounds))
        return None
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        number = int(value)  # an int-valued float such as 2.0 (e.g. read from a table)
    else:
        problems.append(ArgumentProblem(name, value, "number", allowed, bounds))
        return None
    if not 0 <= number <= high:
        problems.append(ArgumentProblem(name, value, "number", allowed, bounds))
        return None
    return number


def _category(
    problems: list[ArgumentProblem], name: str, value: Any, allowed: Iterable[str]
) -> None:
    allowed = tuple(allowed)
    if not (isinstance(value, str) and value in allowed):
        choices = ", ".join(repr(a) for a in allowed)
        problems.append(ArgumentProblem(name, value, "category", f"one of: {choices}", allowed))


def _flag(problems: list[ArgumentProblem], name: str, value: Any) -> None:
    if not isinstance(value, bool):
        problems.append(ArgumentProblem(name, value, "flag", "True or False", (True, False)))


def _domains(problems: list[ArgumentProblem], name: str, value: Any) -> frozenset[str]:
    choices = ", ".join(repr(d) for d in ICANS_DOMAINS)
    if isinstance(value, str) or not isinstance(value, Iterable):
        expected = f"a collection (e.g. a tuple) of domain names from: {choices}"
        problems.append(ArgumentProblem(name, value, "domains", expected, ICANS_DOMAINS))
        return frozenset()
    names = tuple(value)
    unknown = tuple(n for n in names if not (isinstance(n, str) and n in ICANS_DOMAINS))
    if unknown:
        expected = f"domain names from: {choices}"
        problems.append(
            ArgumentProblem(name, names, "domains", expected, ICANS_DOMAINS, unknown=unknown)
        )
        return frozenset()
    return frozenset(names)
