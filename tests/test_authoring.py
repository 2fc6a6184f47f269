"""new-case: the starter case is complete and valid, and existing work is never overwritten."""

from __future__ import annotations

import pytest
import yaml
from clikit import run_cli

from casebook.authoring import STARTER_FILES, new_case
from casebook.loading import data_dir, load_case, validate_paths


def test_new_case_writes_a_folder_load_case_accepts(tmp_path):
    folder = new_case(tmp_path / "courses" / "my-case")  # parents are created
    assert folder == tmp_path / "courses" / "my-case"
    assert sorted(p.name for p in folder.iterdir()) == sorted(STARTER_FILES)
    case = load_case(folder)
    assert case.id == "my-case"
    assert case.day_numbers == (0, 1, 2, 3)
    assert sorted(case.exams) == [2]
    assert len(case.decisions) == 1
    ok, problems = validate_paths([folder])
    assert problems == "" and len(ok) == 1


def test_starter_case_is_fictional_reconstructed_and_graded_by_the_engine(tmp_path):
    case = load_case(new_case(tmp_path / "starter_copy"))
    text = (tmp_path / "starter_copy" / "case.yaml").read_text(encoding="utf-8")
    assert "FICTIONAL" in text and "fictional" in case.title.lower()
    assert {o.source for o in case.observations} == {"reconstructed"}
    assert {d.source for d in case.days} == {"reconstructed"}
    assert {f.source for f in case.patient.facts.values()} == {"reconstructed"}
    assert {e.source for e in case.exams.values()} == {"reconstructed"}
    assert case.exams[2].total == 8
    grades = case.daily().set_index("day")["icans_grade"].to_dict()
    assert grades == {0: 0, 1: 0, 2: 1, 3: 0}


def test_starter_options_and_references_exist_in_bundled_data(tmp_path):
    folder = new_case(tmp_path / "c")
    catalogue = yaml.safe_load((data_dir() / "interventions.yaml").read_text(encoding="utf-8"))
    references = yaml.safe_load((data_dir() / "references.yaml").read_text(encoding="utf-8"))
    ids = {i["id"] for i in catalogue["interventions"]}
    keys = {r["key"] for r in references["references"]}
    decisions = yaml.safe_load((folder / "decisions.yaml").read_text(encoding="utf-8"))
    for dec in decisions["decisions"]:
        classes = {o["class"] for o in dec["options"]}
        assert {"essential", "harmful"} <= classes
        for option in dec["options"]:
            assert option["id"] in ids
            assert option["ref"] in keys
        assert set(dec["guideline"]["refs"]) <= keys
    case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert {p["ref"] for p in case["teaching_points"]} <= keys


def test_case_id_sets_the_id_line_and_keeps_comments(tmp_path):
    folder = new_case(tmp_path / "case-7", case_id="case-7")
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert "\nid: case-7 " in text
    assert "must equal the folder name" in text  # the comment on the id line survives
    assert load_case(folder).id == "case-7"


def test_case_id_must_equal_folder_name(tmp_path):
    with pytest.raises(ValueError, match=r"'other'.*'case-7'.*CB502"):
        new_case(tmp_path / "case-7", case_id="other")
    assert not (tmp_path / "case-7").exists()


@pytest.mark.parametrize("bad", ["Case1", "case 1", "case.1", "", "ü"])
def test_bad_case_id_is_refused(tmp_path, bad):
    with pytest.raises(ValueError) as info:
        new_case(tmp_path / "x", case_id=bad)
    assert repr(bad) in str(info.value)
    assert "lower-case letters a-z, digits, '_' and '-'" in str(info.value)
    assert not (tmp_path / "x").exists()


def test_invalid_folder_name_without_id_is_explained(tmp_path):
    with pytest.raises(ValueError) as info:
        new_case(tmp_path / "My Case")
    message = str(info.value)
    assert "the folder name 'My Case' is not a valid case id" in message
    assert "'my-case'" in message  # a suggestion
    assert not (tmp_path / "My Case").exists()


def test_refuses_a_non_empty_folder_and_leaves_it_alone(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my work")
    with pytest.raises(FileExistsError, match="not empty"):
        new_case(folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "my work"


def test_refuses_a_file_and_accepts_an_empty_folder(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(FileExistsError, match="is a file"):
        new_case(tmp_path / "afile")
    (tmp_path / "empty").mkdir()
    assert load_case(new_case(tmp_path / "empty")).id == "empty"


def test_cli_new_case_then_validate(tmp_path):
    proc = run_cli("new-case", "ward_b", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote a starter case to ward_b" in proc.stdout
    assert load_case(tmp_path / "ward_b").id == "ward_b"
    proc = run_cli("validate", "ward_b", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("OK ward_b")


def test_cli_new_case_refuses_non_empty_folder(tmp_path):
    (tmp_path / "ward_b").mkdir()
    (tmp_path / "ward_b" / "case.yaml").write_text("mine")
    proc = run_cli("new-case", "ward_b", cwd=tmp_path)
    assert proc.returncode != 0
    assert "already exists and is not empty" in proc.stderr
    assert (tmp_path / "ward_b" / "case.yaml").read_text() == "mine"
