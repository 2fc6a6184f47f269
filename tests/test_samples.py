"""The sample material shipped in the package (casebook/_samples) for the instructor guide."""

from __future__ import annotations

from pathlib import Path

import casebook
from casebook.loading import validate_paths
from casebook.responses import read_responses

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "broken" / "unknown-ref"


def test_sample_broken_case_is_the_unknown_ref_fixture_and_fails_with_cb403():
    sample = casebook.sample_broken_case().resolve()
    names = sorted(p.name for p in sample.iterdir())
    assert names == sorted(p.name for p in FIXTURE.iterdir())
    for name in names:
        assert (sample / name).read_bytes() == (FIXTURE / name).read_bytes(), name
    ok, problems = validate_paths([sample])
    assert ok == [] and "has 1 problem:" in problems and "[CB403]" in problems


def test_sample_responses_are_inside_the_package_and_readable():
    folder = casebook.sample_responses().resolve()
    assert folder.is_relative_to(Path(casebook.__file__).resolve().parent)
    records, problems = read_responses(folder)
    assert len(records) == 7 and len(problems) == 1


def test_sample_paths_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = casebook.sample_responses()
    assert not path.is_absolute()
    assert (tmp_path / path).resolve() == casebook.sample_responses().resolve()
