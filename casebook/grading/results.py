"""The engine's results: an ICANS or CRS grade with the domains that set it and one explanation
line per domain. Frozen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from casebook.vocab import CRS_DOMAIN_LABELS, ICANS_DOMAIN_LABELS

__all__ = ["CrsGrade", "IcansGrade"]


def _freeze(obj: Any) -> None:
    object.__setattr__(obj, "drivers", tuple(obj.drivers))
    object.__setattr__(obj, "explanation", tuple(obj.explanation))
    object.__setattr__(obj, "domain_grades", MappingProxyType(dict(obj.domain_grades)))


def _summary(scale: str, grade: int, drivers: tuple[str, ...], labels: Mapping[str, str]) -> str:
    if grade == 0:
        return f"{scale} grade 0 - no {scale}"
    return f"{scale} grade {grade} - set by: " + ", ".join(labels[d] for d in drivers)


@dataclass(frozen=True)
class IcansGrade:
    """An ICANS grade (0-4) with the domains that set it and one explanation line per domain.

    ``domain_grades`` holds every ICANS domain; a domain that does not count (explained by another
    cause, or edema with intracranial hemorrhage) holds 0 and is named in ``excluded``.
    """

    grade: int
    drivers: tuple[str, ...]
    explanation: tuple[str, ...]
    domain_grades: Mapping[str, int] = field(hash=False)
    excluded: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self)
        object.__setattr__(self, "excluded", tuple(self.excluded))

    @property
    def summary(self) -> str:
        """One line, e.g. "ICANS grade 2 - set by: ICE score"."""
        return _summary("ICANS", self.grade, self.drivers, ICANS_DOMAIN_LABELS)


@dataclass(frozen=True)
class CrsGrade:
    """A CRS grade (0-4) with the domains that set it and one explanation line per domain.

    ``domain_grades`` holds "fever", "hypotension" and "oxygen" as they count towards the grade:
    hypotension and hypoxia count 0 when there is no fever and fever is not masked. ``fever_masked``
    is True when the fever domain counts because an antipyretic or anti-cytokine drug masks it.
    """

    grade: int
    drivers: tuple[str, ...]
    explanation: tuple[str, ...]
    domain_grades: Mapping[str, int] = field(hash=False)
    fever_masked: bool = False

    def __post_init__(self) -> None:
        _freeze(self)

    @property
    def summary(self) -> str:
        """One line, e.g. "CRS grade 3 - set by: hypotension" or "... set by: fever (masked)"."""
        labels = CRS_DOMAIN_LABELS
        if self.fever_masked:
            labels = {**labels, "fever": "fever (masked)"}
        return _summary("CRS", self.grade, self.drivers, labels)
