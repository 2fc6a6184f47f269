"""casebook.loading.checker.memo: a case, the vignettes and the risk figures are read and
checked once per process while their files are unchanged, and read again the moment any file
they were built from changes, appears or goes (bytes compared, never dates)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.loading import (
    CaseDataError,
    RiskDataError,
    VignetteDataError,
    case,
    data_dir,
    load_case,
    load_risk_factors,
    load_vignettes,
)
from casebook.loading import checker as checker_module

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "valid"  # the folder name is the case id (CB502)
    shutil.copytree(VALID, target)
    return target


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders whose files are read and checked (not given back from the memo)."""
    calls: list[Path] = []
    real = case.check_folder
    monkeypatch.setattr(case, "check_folder", lambda f: calls.append(f) or real(f))
    return calls


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_case_is_checked_once_and_the_same_frozen_case_is_returned(folder, checks):
    first = load_case(folder)
    again = load_case(str(folder))
    assert again is first
    assert len(checks) == 1


def test_an_edit_of_the_same_size_at_once_is_seen(folder, checks):
    """Same length, same second: dates and sizes could not tell; the bytes do."""
    first = load_case(folder)
    _edit(folder / "case.yaml", 'title: "Fixture:', 'title: "Fixturf:')
    second = load_case(folder)
    assert second is not first
    assert second.title != first.title
    assert len(checks) == 2


def test_a_broken_edit_gives_every_problem_then_the_fix_loads_again(folder, checks):
    load_case(folder)
    original = (folder / "exams.yaml").read_text(encoding="utf-8")
    (folder / "exams.yaml").write_text("exams: [\n", encoding="utf-8")
    with pytest.raises(CaseDataError) as err:
        load_case(folder)
    assert "exams.yaml" in str(err.value) and "[CB106]" in str(err.value)
    with pytest.raises(CaseDataError):  # a failure is checked again, never kept
        load_case(folder)
    (folder / "exams.yaml").write_text(original, encoding="utf-8")
    assert load_case(folder).id
    assert len(checks) == 4


def test_a_file_that_appears_or_goes_is_seen(folder, checks):
    """drugs.csv is optional: its arrival (here with a problem) and its removal both count."""
    load_case(folder)
    (folder / "drugs.csv").write_text("not,a,drugs,header\n", encoding="utf-8")
    with pytest.raises(CaseDataError) as err:
        load_case(folder)
    assert "drugs.csv" in str(err.value)
    (folder / "drugs.csv").unlink()
    load_case(folder)
    load_case(folder)
    assert len(checks) == 3


def test_a_shared_catalogue_edit_is_seen(tmp_path, monkeypatch, checks):
    """A case reads the bundled interventions and references too: they are part of the key."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    monkeypatch.setattr("casebook.loading.paths.data_dir", lambda: data)
    first = load_case("case1")
    assert load_case("case1") is first
    _edit(data / "references.yaml", "key:", "key:  ")  # same data, other bytes
    assert load_case("case1") is not first
    assert len(checks) == 2


def test_vignettes_and_risk_figures_are_kept_and_read_again_when_changed(tmp_path):
    shutil.copy(data_dir() / "vignettes.yaml", tmp_path / "vignettes.yaml")
    shutil.copy(data_dir() / "risk_factors.yaml", tmp_path / "risk_factors.yaml")
    shutil.copy(data_dir() / "references.yaml", tmp_path / "references.yaml")
    vignettes = load_vignettes(tmp_path / "vignettes.yaml")
    figures = load_risk_factors(tmp_path / "risk_factors.yaml")
    assert load_vignettes(tmp_path / "vignettes.yaml") is vignettes
    assert load_risk_factors(tmp_path / "risk_factors.yaml") is figures
    assert load_vignettes() is load_vignettes()
    (tmp_path / "references.yaml").write_text(
        "references:\n  - key: LOCAL1\n    citation: A local source.\n    short: Local\n",
        encoding="utf-8",
    )
    with pytest.raises(VignetteDataError, match="CB602"):
        load_vignettes(tmp_path / "vignettes.yaml")
    with pytest.raises(RiskDataError, match="CB701"):
        load_risk_factors(tmp_path / "risk_factors.yaml")


def test_a_file_that_cannot_be_read_any_more_is_checked_again(folder, monkeypatch, checks):
    load_case(folder)
    real = Path.read_bytes

    def unreadable(self: Path) -> bytes:
        if self.name == "course.csv":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(CaseDataError, match=r"course\.csv"):
        load_case(folder)
    assert len(checks) == 2


def test_memo_keeps_only_complete_results():
    kept_before = dict(checker_module._MEMO)
    ck = checker_module.Checker(Path("nowhere"))
    result, _ = checker_module.memo(("test", "none"), lambda: (None, ck))
    assert result is None
    assert ("test", "none") not in checker_module._MEMO
    assert kept_before == checker_module._MEMO


def test_the_same_folder_named_another_way_keeps_the_name_it_was_given(folder, monkeypatch, checks):
    """``Case.path`` is the folder as given (``validate`` prints it): a relative name and an
    absolute name of one folder each get their own Case."""
    absolute = load_case(folder)
    monkeypatch.chdir(folder.parent)
    relative = load_case(Path("valid"))
    assert absolute.path == str(folder)
    assert relative.path == "valid"
    assert load_case(Path("valid")) is relative
    assert len(checks) == 2
