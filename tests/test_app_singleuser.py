"""casebook.app.singleuser: the learner's own copy of the class notebooks, made once."""

from __future__ import annotations

import pytest

from casebook.app.singleuser import copy_notebooks


def _class(tmp_path):
    source = tmp_path / "class"
    source.mkdir()
    for name in ("00_start_here.ipynb", "02_case1.ipynb", "90_instructor_guide.ipynb"):
        (source / name).write_text("{}")
    (source / "casebook-responses.jsonl").write_text("")
    return source


def test_first_start_copies_the_notebooks_without_instructor_material(tmp_path):
    target = tmp_path / "home" / "casebook"
    copied = copy_notebooks(_class(tmp_path), target)
    assert copied == ["00_start_here.ipynb", "02_case1.ipynb"]
    assert sorted(p.name for p in target.iterdir()) == copied
    assert not list(target.parent.glob(".*partial"))


def test_later_starts_never_overwrite_the_learners_copy(tmp_path):
    source = _class(tmp_path)
    target = tmp_path / "casebook"
    copy_notebooks(source, target)
    (target / "02_case1.ipynb").write_text('{"mine": true}')
    (source / "03_case2.ipynb").write_text("{}")
    assert copy_notebooks(source, target) == []
    assert (target / "02_case1.ipynb").read_text() == '{"mine": true}'


def test_missing_class_folder_is_named(tmp_path):
    with pytest.raises(SystemExit, match=r"class notebooks folder .*nowhere.* does not exist"):
        copy_notebooks(tmp_path / "nowhere", tmp_path / "casebook")
