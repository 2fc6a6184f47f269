"""One learner, one id: Run All on every learner notebook in order, with the id set once in 00.

Each notebook runs top to bottom in its own fresh kernel (as JupyterLab's Run All does) in a
copy of the notebooks folder, with no id in the environment. In 00 the learner types an id into
the form and presses Save; in every later notebook, after Run All, every recorded exercise is
answered and checked (its Check or Submit pressed in the kernel). Every line of the response
file must carry the id set in 00, no notebook may change the saved id, and no notebook but 00
may call ``set_learner``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LEARNER_ID = "resident-ab12"
pytestmark = pytest.mark.slow  # runs every learner notebook in a kernel

# Walks the widgets a cell returned (IPython keeps them in Out) and finds parts by dom class.
_WALK = """
import ipywidgets as _w

def _casebook_walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _casebook_walk(child)

def _casebook_roots(cls):
    seen = set()
    for value in list(Out.values()):
        if isinstance(value, _w.Widget):
            for part in _casebook_walk(value):
                if cls in part._dom_classes and id(part) not in seen:
                    seen.add(id(part))
                    yield part
"""

# 00: type the id into the learner form and press Save.
_SAVE_ID = (
    _WALK
    + f"""
_form = next(_casebook_roots("casebook-learner-form"))
_box = next(p for p in _casebook_walk(_form) if "casebook-learner-input" in p._dom_classes)
_save = next(p for p in _casebook_walk(_form) if "casebook-learner-save" in p._dom_classes)
_box.value = {LEARNER_ID!r}
_save.click()
"""
)

# Later notebooks: answer every recorded exercise as its page does on Check or Submit: the
# answer message to the exercise's answer area (casebook.widgets.answer), which must be saved.
_ANSWER_ALL = (
    _WALK
    + """
import json as _json
from casebook.widgets.answer import AnswerArea as _Area
_clicks = 0
_full = {"orientation": dict.fromkeys(("year", "month", "city", "hospital"), True),
         "naming": 3, "commands": 1, "writing": 1, "attention": 1}
for _cls in ("casebook-ice-exercise", "casebook-decision-exercise"):
    for _root in _casebook_roots(_cls):
        _area = next(p for p in _casebook_walk(_root) if isinstance(p, _Area))
        _replies = []
        _area.send = lambda content, buffers=None: _replies.append(content)
        _answer = _full if _area.kind == "ice" else [_area.spec["options"][0]["id"]]
        _area._handle_custom_msg({"type": "answer", "seq": 1, "answer": _answer}, [])
        assert [r["type"] for r in _replies] == ["saved"], _replies
        _clicks += 1
print(_json.dumps({"clicks": _clicks}))
"""
)


def _learner_notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name.startswith("9"))


def _run(path: Path, extra: str, env: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(extra))
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=env)
    return nb


def _printed(nb: nbformat.NotebookNode) -> dict:
    streams = [o for o in nb.cells[-1].outputs if o.get("output_type") == "stream"]
    return json.loads("".join(o["text"] for o in streams).strip().splitlines()[-1])


def test_only_start_here_sets_the_learner_id():
    for path in _learner_notebooks()[1:]:
        nb = nbformat.read(path, as_version=4)
        calls = [c.source for c in nb.cells if c.cell_type == "code" and "set_learner" in c.source]
        assert not calls, f"{path.name} sets the learner id: {calls}"


def test_run_all_in_order_records_every_answer_under_the_id_set_in_start_here(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebooks = _learner_notebooks()
    assert notebooks[0].name == "00_start_here.ipynb"
    for path in notebooks:
        shutil.copy(path, folder / path.name)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CASEBOOK_", "JUPYTERHUB_", "VOILA_")) and k != "QUERY_STRING"
    }
    _run(folder / notebooks[0].name, _SAVE_ID, env)
    saved = folder / "casebook-learner.txt"
    assert saved.read_text(encoding="utf-8").strip() == LEARNER_ID

    clicks = {}
    for path in notebooks[1:]:
        nb = _run(folder / path.name, _ANSWER_ALL, env)
        clicks[path.name] = _printed(nb)["clicks"]
    # The primer and the cases have recorded exercises; every Check/Submit wrote one line.
    assert clicks["01_ice_and_icans_primer.ipynb"] >= 1
    assert clicks["02_case1.ipynb"] >= 3 and clicks["03_case2.ipynb"] >= 3
    lines = (folder / "casebook-responses.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == sum(clicks.values())
    assert {r["learner"] for r in records} == {LEARNER_ID}
    # Every bundled case has its notebook here (Case 3's is 06), so each is answered once.
    assert clicks["06_case3_axicel.ipynb"] >= 3
    assert {r["case"] for r in records} == {"case1", "case2", "case3"}
    # Nothing after 00 changed the saved id.
    assert saved.read_text(encoding="utf-8").strip() == LEARNER_ID
