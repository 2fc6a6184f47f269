"""Tests of the course figure and the course table (casebook.plots).

Most tests use a small synthetic course built from the model's dataclasses, so that every
feature is present in a few days: reported and reconstructed rows, a testable and a
non-testable exam, a held and a discontinued infusion, drugs, events and a note with markup.
The last tests run on the two bundled cases.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go
import pytest

from casebook import plots
from casebook.model import (
    Case,
    DayNote,
    Exam,
    IceItem,
    Observation,
    Patient,
)
from casebook.plots import course_table, plot_course
from casebook.plots.course import PANELS
from casebook.vocab import PROVENANCE_LEGEND

SCRIPT_NOTE = "<script>alert('x')</script> given & charted"
LAST_DAY_NOTE = "Home with follow-up on day 6"
REPORT = PROVENANCE_LEGEND["report"]
RECONSTRUCTED = PROVENANCE_LEGEND["reconstructed"]

# (day, item, value, source, note); units come from the model's vocabulary.
ROWS: list[tuple[int, str, Any, str, str]] = [
    (0, "temperature", 36.8, "report", "Afebrile"),
    (0, "consciousness", "alert", "report", ""),
    (0, "seizure", "none", "report", ""),
    (0, "motor", "none", "report", ""),
    (0, "ice", 10, "report", "Baseline ICE 10"),
    (0, "il6", 3.1, "reconstructed", ""),
    (0, "sodium", 139, "report", ""),
    (0, "blinatumomab", 0, "reconstructed", ""),
    (0, "blinatumomab_status", "not_started", "reconstructed", ""),
    (0, "dexamethasone", 20, "reconstructed", "Premedication"),
    (0, "event", "admission", "report", ""),
    (1, "temperature", 38.4, "report", "Fever in the evening"),
    (1, "consciousness", "alert", "report", ""),
    (1, "seizure", "none", "report", ""),
    (1, "motor", "none", "report", ""),
    (1, "ice", 10, "reconstructed", ""),
    (1, "il6", 410, "report", "IL-6 high with the fever"),
    (1, "crp", 40, "report", ""),
    (1, "ferritin", 900, "reconstructed", ""),
    (1, "sodium", 137, "reconstructed", ""),
    (1, "blinatumomab", 28, "report", "Full dose"),
    (1, "blinatumomab_status", "running", "report", ""),
    (1, "paracetamol", 2000, "reconstructed", ""),
    (2, "temperature", 37.6, "reconstructed", ""),
    (2, "consciousness", "alert", "reconstructed", ""),
    (2, "seizure", "none", "reconstructed", ""),
    (2, "motor", "none", "reconstructed", ""),
    (2, "il6", 820, "reconstructed", ""),
    (2, "sodium", 133, "reconstructed", ""),
    (2, "blinatumomab", 28, "reconstructed", ""),
    (2, "blinatumomab_status", "running", "reconstructed", ""),
    (2, "dexamethasone", 10, "reconstructed", SCRIPT_NOTE),
    (2, "event", "ct_head", "reconstructed", ""),
    (3, "temperature", 37.2, "report", ""),
    (3, "consciousness", "unarousable", "report", "No response to voice or touch"),
    (3, "seizure", "prolonged_or_repetitive", "report", "Repeated seizures"),
    (3, "motor", "none", "report", ""),
    (3, "blinatumomab", 0, "report", ""),
    (3, "blinatumomab_status", "held", "report", "Held at 06:00"),
    (3, "lorazepam", 2, "report", ""),
    (3, "levetiracetam", 1000, "report", ""),
    (3, "event", "icu_admission", "report", ""),
    (4, "temperature", 37.0, "reconstructed", ""),
    (4, "consciousness", "awakens_to_touch", "reconstructed", ""),
    (4, "seizure", "none", "reconstructed", ""),
    (4, "motor", "none", "reconstructed", ""),
    (4, "ice", 2, "reconstructed", ""),
    (4, "blinatumomab", 0, "report", ""),
    (4, "blinatumomab_status", "discontinued", "report", "Stopped for good"),
    (4, "methylprednisolone", 1000, "reconstructed", "Pulse"),
    (5, "temperature", 36.9, "reconstructed", ""),
    (5, "consciousness", "alert", "reconstructed", ""),
    (5, "seizure", "none", "reconstructed", ""),
    (5, "motor", "none", "reconstructed", ""),
    (5, "ice", 8, "reconstructed", ""),
    (5, "blinatumomab", 0, "report", ""),
    (5, "blinatumomab_status", "discontinued", "report", ""),
    (5, "event", "eeg", "reconstructed", ""),
    (6, "temperature", 36.7, "reconstructed", ""),
    (6, "consciousness", "alert", "reconstructed", ""),
    (6, "seizure", "none", "reconstructed", ""),
    (6, "motor", "none", "reconstructed", ""),
    (6, "ice", 10, "reconstructed", ""),
    (6, "il6", 20, "reconstructed", ""),
    (6, "sodium", 140, "reconstructed", ""),
    (6, "blinatumomab", 0, "report", ""),
    (6, "blinatumomab_status", "discontinued", "report", ""),
    (6, "event", "discharge", "reconstructed", LAST_DAY_NOTE),
]
DAYS = list(range(7))
# ASTCT 2019 grades of the synthetic days, written out by hand: day 2 ICE 6 -> 2; day 3
# unarousable with repeated seizures -> 4; day 4 ICE 2, awakens to touch -> 3; day 5 ICE 8 -> 1.
ICANS = [0, 0, 2, 4, 3, 1, 0]
# CRS: day 1 fever 38.4 C without hypotension or hypoxia -> 1; afebrile days without either -> 0.
CRS_DAY1 = 1


def _observation(row: int, day: int, item: str, value: Any, source: str, note: str):
    from casebook.model import ITEMS

    unit = ITEMS[item][0]
    value = float(value) if isinstance(value, int | float) else value
    return Observation(day, item, value, unit, source, note, row)


def _item(name: str, points: int, parts=None) -> IceItem:
    return IceItem(name, points, ("...",), "reason", parts)


def make_case(rows=ROWS, title: str = "Synthetic course: test") -> Case:
    exams = {
        2: Exam(
            day=2,
            source="reconstructed",
            setting="Ward round, 08:30",
            testable=True,
            items=MappingProxyType(
                {
                    "orientation": _item(
                        "orientation",
                        3,
                        {"year": True, "month": True, "city": True, "hospital": False},
                    ),
                    "naming": _item("naming", 2),
                    "commands": _item("commands", 1),
                    "writing": _item("writing", 0),
                    "attention": _item("attention", 0),
                }
            ),
        ),
        3: Exam(
            day=3,
            source="report",
            setting="ICU, 02:00",
            testable=False,
            transcript=("No response",),
            reason="Unarousable: the ICE cannot be done.",
        ),
    }
    return Case(
        id="synth",
        title=title,
        summary="A short synthetic course for the tests.",
        path="",
        patient=Patient(facts=MappingProxyType({})),
        days=tuple(DayNote(d, f"Day {d}", "Narrative.", "reconstructed") for d in DAYS),
        observations=tuple(
            _observation(i + 2, *r) for i, r in enumerate(ROWS if rows is None else rows)
        ),
        exams=MappingProxyType(exams),
        decisions=(),
        catalogue=MappingProxyType({}),
        references=MappingProxyType({}),
        reported=MappingProxyType({}),
    )


@pytest.fixture(scope="module")
def case() -> Case:
    return make_case()


@pytest.fixture(scope="module")
def fig(case) -> go.Figure:
    return plot_course(case)


def _trace(fig: go.Figure, name: str) -> Any:
    matches = [t for t in fig.data if t.name == name]
    assert matches, f"no trace named {name!r}; names: {[t.name for t in fig.data]}"
    return matches[0]


def _traces(fig: go.Figure, name: str) -> list:
    return [t for t in fig.data if t.name == name]


def _at(trace: Any, day: int) -> int:
    return list(trace.x).index(day)


def _axis_number(key: str) -> int:
    """Layout keys in panel order: xaxis, xaxis2, ... xaxis10."""
    digits = re.sub(r"\D", "", key)
    return int(digits) if digits else 1


def _strings(obj: Any):
    """Every string inside a JSON-like structure."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)


# -- figure: structure -------------------------------------------------------------------------
def test_panel_titles_carry_units_and_the_figure_title_names_the_case(fig, case):
    titles = [a.text for a in fig.layout.annotations][: len(PANELS)]
    assert len(fig.layout.annotations) > len(titles)
    expected = {
        "Blinatumomab": "(mcg/day)",
        "ICE score": "0-10",
        "Temperature": "°C",
        "Inflammatory markers": "pg/mL",
        "Sodium": "(mmol/L)",
        "drugs": "mg/day",
    }
    for word, unit in expected.items():
        hits = [t for t in titles if word in t]
        assert len(hits) == 1, (word, titles)
        assert unit in hits[0]
    labs = next(t for t in titles if "Inflammatory" in t)
    assert all(u in labs for u in ("IL-6", "CRP (mg/L)", "ferritin (ng/mL)", "log scale"))
    assert case.title in fig.layout.title.text
    assert fig.layout.yaxis4.type == "log"


def test_one_day_axis_with_integer_ticks_and_a_baseline_label(fig):
    xaxes = [fig.layout[k] for k in sorted(fig.layout, key=_axis_number) if k.startswith("xaxis")]
    assert len(xaxes) == len(PANELS)
    for axis in xaxes:
        assert list(axis.tickvals) == DAYS
        assert all(isinstance(v, int) for v in axis.tickvals)
        assert "baseline" in axis.ticktext[0]
        assert list(axis.ticktext[1:]) == [str(d) for d in DAYS[1:]]
        assert axis.range[0] < 0 < 6 < axis.range[1]
    bottom = fig.layout[f"xaxis{len(PANELS)}"]
    assert bottom.title.text == "Day of blinatumomab cycle"
    assert all(axis.matches == f"x{len(PANELS)}" for axis in xaxes[:-1])


def test_ice_panel_has_worded_grade_bands_and_the_fever_line_is_labelled(fig):
    texts = [a.text for a in fig.layout.annotations]
    for band in ("grade 1: ICE 7-9", "grade 2: ICE 3-6", "grade 3: ICE 0-2"):
        assert band in texts
    rects = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "y2"]
    assert sorted((s.y0, s.y1) for s in rects) == [(-0.5, 2.5), (2.5, 6.5), (6.5, 9.5)]
    fever = [s for s in fig.layout.shapes if s.type == "line" and s.yref == "y3"]
    assert [(s.y0, s.y1) for s in fever] == [(38.0, 38.0)]
    assert any("38.0" in t and "fever" in t for t in texts)


def test_computed_grades_are_written_per_day(fig):
    icans, crs = _traces(fig, "computed grade")
    assert list(icans.x) == DAYS and icans.yaxis == "y2"
    assert [re.sub("<[^>]+>", "", t) for t in icans.text] == [f"G{g}" for g in ICANS]
    assert re.sub("<[^>]+>", "", crs.text[1]) == f"G{CRS_DAY1}"
    assert crs.yaxis == "y3"
    assert "ICANS grade 4" in icans.customdata[3][0]
    assert "CRS grade 1" in crs.customdata[1][0]


def test_not_testable_ice_is_marked(fig):
    trace = _trace(fig, "ICE not testable")
    assert list(trace.x) == [3]
    assert "not testable" in trace.text[0] and "unarousable" in trace.text[0]
    assert "not testable (unarousable)" in trace.customdata[0][0]
    ice = _trace(fig, "ICE score")
    assert 3 not in ice.x  # no numeric point on the untestable day


def test_holds_and_discontinuation_are_marked(fig):
    status = _trace(fig, "Blinatumomab status")
    text = dict(zip(status.x, status.text, strict=True))
    assert text[3] == "held"
    assert text[4] == "discontinued"
    assert text[5] == "" and 5 in text  # marked every day, worded once per run
    assert "infusion held" in status.customdata[_at(status, 3)][0]
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.yref == "paper"]
    assert sorted(s.x0 for s in lines) == [2.5, 3.5]
    dose = _trace(fig, "Blinatumomab dose")
    assert dose.type == "bar"
    assert dose.y[_at(dose, 3)] == 0 and dose.y[_at(dose, 1)] == 28


def test_status_words_start_at_their_marker_so_day_0_is_not_cut_at_the_axis(fig):
    status = _trace(fig, "Blinatumomab status")
    assert dict(zip(status.x, status.text, strict=True))[0] == "not started"
    # centred text on the first day would run left of the y axis and be clipped
    assert status.textposition == "top right"


def test_reported_and_reconstructed_points_differ_in_shape_and_legend_names_both(fig):
    ice = _trace(fig, "ICE score")
    symbols = dict(zip(ice.x, ice.marker.symbol, strict=True))
    assert symbols[0] == "circle"  # reported
    assert symbols[1] == "circle-open"  # reconstructed
    assert symbols[2] == "circle-open"  # reconstructed exam
    dashes = {t.line.dash for t in fig.data if t.name and t.name.startswith("Temperature,")}
    assert dashes == {"solid", "dash"}
    solid = _trace(fig, "Temperature, solid line")
    assert [x for x in solid.x if x is not None] == [0, 1]  # both ends reported
    dose = _trace(fig, "Blinatumomab dose")
    patterns = dict(zip(dose.x, dose.marker.pattern.shape, strict=True))
    assert patterns[1] == "" and patterns[2] == "/"
    legend = {t.name: t for t in fig.data if t.showlegend is not False}
    assert REPORT in legend and RECONSTRUCTED in legend
    assert legend[REPORT].marker.symbol == "circle" and legend[REPORT].line.dash == "solid"
    assert legend[RECONSTRUCTED].marker.symbol == "circle-open"
    assert legend[RECONSTRUCTED].line.dash == "dash"
    timeline = _trace(fig, "Drug")
    drug_symbols = set(timeline.marker.symbol)
    assert drug_symbols == {"square", "square-open"}


def test_hover_shows_value_unit_note_and_provenance(fig):
    temp = _trace(fig, "Temperature")
    value, note, source = temp.customdata[_at(temp, 1)]
    assert value == "38.4 °C"
    assert "Fever in the evening" in note
    assert source == REPORT
    assert temp.customdata[_at(temp, 2)][2] == RECONSTRUCTED
    for placeholder in ("%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]}"):
        assert placeholder in temp.hovertemplate
    il6 = _trace(fig, "IL-6 (pg/mL)")
    assert il6.customdata[_at(il6, 1)][0] == "410 pg/mL"
    drug = _trace(fig, "Drug")
    i = [
        k
        for k, (x, y) in enumerate(zip(drug.x, drug.y, strict=True))
        if (x, y) == (0, "Dexamethasone")
    ]
    assert drug.customdata[i[0]][0] == "20 mg/day"
    assert "Premedication" in drug.customdata[i[0]][1]
    assert drug.text[i[0]] == "20"
    hovered = [t for t in fig.data if t.hoverinfo != "skip" and t.x and t.x[0] is not None]
    assert all(t.hovertemplate and "customdata[2]" in t.hovertemplate for t in hovered)


def test_notes_from_case_files_are_escaped(case, fig):
    strings = list(_strings(json.loads(fig.to_json())))
    assert not any("<script" in s for s in strings)
    assert any(
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; given &amp; charted" in s
        for s in strings
    )
    marked = make_case(title="Case <b>bold</b> & co")
    title = plot_course(marked).layout.title.text
    assert "Case &lt;b&gt;bold&lt;/b&gt; &amp; co" in title


def test_unknown_event_words_are_escaped_on_the_timeline():
    rows = [*ROWS, (1, "event", "<img src=x>", "reconstructed", "")]
    figure = plot_course(make_case(rows))
    assert not any("<img" in s for s in _strings(json.loads(figure.to_json())))


# -- figure: until_day ---------------------------------------------------------------------------
@pytest.mark.parametrize("day", DAYS)
def test_until_day_leaves_no_later_value_in_the_figure(case, day):
    figure = plot_course(case, until_day=day)
    xs = [x for t in figure.data for x in (t.x or ()) if x is not None]
    assert xs and max(xs) == day
    assert all(s.x0 <= day for s in figure.layout.shapes if s.xref == "x")
    assert list(figure.layout.xaxis.tickvals) == DAYS  # the axis does not jump
    text = figure.to_json()
    later = [r for r in ROWS if r[0] > day]
    for _, item, _value, _, note in later:
        if note and not any(r[4] == note for r in ROWS if r[0] <= day):
            assert json.dumps(note)[1:-1] not in text, (day, item, note)
    categories = list(figure.layout.yaxis6.categoryarray)
    if day < 4:
        assert "Methylprednisolone" not in categories and "Methylprednisolone" not in text
    if day < 6:
        assert "Discharge" not in categories
    grades = _traces(figure, "computed grade")[0]
    assert list(grades.x) == DAYS[: day + 1]


def test_whole_course_reaches_the_last_day(fig):
    xs = [x for t in fig.data for x in (t.x or ()) if x is not None]
    assert max(xs) == 6
    assert "Discharge" in fig.layout.yaxis6.categoryarray
    assert LAST_DAY_NOTE in fig.to_json()


# -- figure: output ------------------------------------------------------------------------------
def test_figure_json_is_deterministic_small_and_has_no_plotly_js(case):
    for day in (None, 0, 3):
        first = plot_course(case, until_day=day).to_json()
        assert first == plot_course(case, until_day=day).to_json()
        assert len(first) < 60_000
        assert "plotly.js" not in first and "plotly.min" not in first
    assert re.search(r'"uid"', first) is None  # no random trace ids


def test_plot_course_neither_shows_nor_writes(case, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("plot_course must not show or write the figure")

    for method in ("show", "write_html", "write_image", "write_json"):
        monkeypatch.setattr(go.Figure, method, refuse)
    assert isinstance(plot_course(case, until_day=2), go.Figure)


def test_plots_module_neither_imports_widgets_nor_reads_files():
    for path in Path(plots.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "ipywidgets" not in source, path.name
        assert not re.search(r"\bopen\(|read_text|read_bytes|Path\(", source), path.name


def test_height_option(case):
    assert plot_course(case, height=900).layout.height == 900
    assert plot_course(case).layout.height > 900
    for bad in (0, 299, 900.0, "900", True):
        with pytest.raises(ValueError, match="height"):
            plot_course(case, height=bad)


@pytest.mark.parametrize("bad", [-1, 7, 99, 2.0, "3", True])
@pytest.mark.parametrize("function", [plot_course, course_table])
def test_bad_until_day_is_refused_with_the_allowed_range(case, function, bad):
    with pytest.raises(ValueError) as info:
        function(case, until_day=bad)
    message = str(info.value)
    assert "until_day" in message and repr(bad) in message and "0 to 6" in message


def test_options_are_keyword_only(case):
    with pytest.raises(TypeError):
        plot_course(case, 3)  # type: ignore[misc]
    with pytest.raises(TypeError):
        course_table(case, 3)  # type: ignore[misc]


# -- table ---------------------------------------------------------------------------------------
def test_course_table_columns_and_rows(case):
    styler = course_table(case)
    columns = list(styler.data.columns)
    for header in (
        "Temp (C)",
        "ICE (0-10)",
        "ICANS grade",
        "CRS grade",
        "Blinatumomab (mcg/day)",
        "IL-6 (pg/mL)",
        "Sodium (mmol/L)",
        "Drugs",
        "Events",
        "Provenance",
    ):
        assert header in columns
    assert list(styler.data["Day"]) == DAYS
    assert list(styler.data["ICANS grade"]) == ICANS
    assert len(course_table(case, until_day=2).data) == 3
    assert list(course_table(case, until_day=0).data["Day"]) == [0]


def _cell(html_text: str, row: int, column: str, columns: list[str]) -> tuple[str, str]:
    """(text, css) of one body cell in Styler HTML."""
    col = columns.index(column)
    match = re.search(
        rf'<td (?:id="([^"]+)" )?class="data row{row} col{col}" >(.*?)</td>', html_text
    )
    cell_id, text = match.group(1), match.group(2)
    css = re.search(rf"#{cell_id}\b[^{{]*{{([^}}]*)}}", html_text) if cell_id else None
    return text, css.group(1) if css else ""


def test_course_table_grades_are_text_and_colour(case):
    styler = course_table(case)
    text = styler.to_html()
    columns = list(styler.data.columns)
    for day, grade in enumerate(ICANS):
        cell, css = _cell(text, day, "ICANS grade", columns)
        assert cell.strip() == str(grade)
        assert ("background-color" in css) == (grade > 0)
    backgrounds = {_cell(text, d, "ICANS grade", columns)[1] for d in (2, 3, 4, 5)}
    assert len(backgrounds) == 4  # each grade its own colour
    cell, css = _cell(text, 1, "CRS grade", columns)
    assert cell.strip() == "1" and "background-color" in css
    assert _cell(text, 3, "ICE (0-10)", columns)[0] == "not testable"
    assert _cell(text, 0, "Day", columns)[0] == "0 (baseline)"
    assert _cell(text, 1, "Temp (C)", columns)[0] == "38.4"
    assert _cell(text, 4, "Consciousness", columns)[0] == "awakens to touch"
    assert _cell(text, 2, "Provenance", columns)[0] == "reconstructed (teaching)"
    assert _cell(text, 3, "Events", columns)[0] == "ICU admission"
    assert 'class="row_heading' not in text and "blank level0" not in text  # index hidden


def test_course_table_escapes_text_and_renders_deterministically():
    rows = [*ROWS, (1, "event", "<img src=x onerror=alert(1)>", "reconstructed", "")]
    marked = make_case(rows, title="Case <b>bold</b>")
    text = course_table(marked).to_html()
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<b>bold" not in text and "&lt;b&gt;bold" in text
    assert text == course_table(marked).to_html()
    assert 'id="T_course-synth"' in text


def test_course_table_until_day_hides_later_rows(case):
    text = course_table(case, until_day=2).to_html()
    assert "discontinued" not in text and "Discharge" not in text
    assert "CT head" in text
    assert "Discharge" in course_table(case).to_html()


# -- the bundled cases ---------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["case1", "case2"])
def bundled(request) -> Case:
    from casebook.loading import load_case

    return load_case(request.param)


@pytest.fixture(scope="module")
def stepped(bundled) -> list[tuple[int, go.Figure, str, Any]]:
    """(day, figure, figure JSON, table) up to each day of a bundled case, built once."""
    out = []
    for day in bundled.day_numbers:
        figure = plot_course(bundled, until_day=day)
        out.append((day, figure, figure.to_json(), course_table(bundled, until_day=day)))
    return out


def test_bundled_cases_plot_within_budget_for_every_day(bundled, stepped):
    for day, figure, text, _table in stepped:
        assert len(text) < 60_000, (bundled.id, day, len(text))
        xs = [x for t in figure.data for x in (t.x or ()) if x is not None]
        assert max(xs) <= day
    daily = bundled.daily()
    grades = _traces(plot_course(bundled), "computed grade")[0]
    assert [re.sub("<[^>]+>", "", t) for t in grades.text] == [
        f"G{g}" for g in daily["icans_grade"]
    ]
    assert bundled.reported["icans_peak"] == daily["icans_grade"].max()
    assert course_table(bundled).to_html() == course_table(bundled).to_html()


def test_case2_day4_shows_icans_grade_4_and_untestable_ice():
    from casebook.loading import load_case

    case2 = load_case("case2")
    figure = plot_course(case2, until_day=4)
    untestable = _trace(figure, "ICE not testable")
    assert 4 in untestable.x
    grades = _traces(figure, "computed grade")[0]
    assert re.sub("<[^>]+>", "", grades.text[_at(grades, 4)]) == "G4"
    styler = course_table(case2, until_day=4)
    row = styler.data[styler.data["Day"] == 4].iloc[0]
    assert row["ICANS grade"] == 4


def test_case1_peaks_at_grade_2_with_the_infusion_running():
    from casebook.loading import load_case

    case1 = load_case("case1")
    figure = plot_course(case1)
    grades = _traces(figure, "computed grade")[0]
    assert max(int(re.sub(r"\D", "", t)) for t in grades.text) == 2
    status = _trace(figure, "Blinatumomab status")
    assert "held" not in status.text and "discontinued" not in status.text


def test_partial_course_does_not_name_the_outcome_in_titles():
    from casebook.loading import load_case

    for case_id in ("case1", "case2"):  # the titles themselves give no grade (issue 13)
        assert "grade" not in load_case(case_id).title.lower()
    case = load_case("case2")
    early_fig = plot_course(case, until_day=2).layout.title.text
    early_table = course_table(case, until_day=2).to_html()
    assert case.title not in early_fig and case.title not in early_table
    assert "Case 2" in early_fig and "Case 2" in early_table
    assert case.title in plot_course(case).layout.title.text


def test_bundled_courses_hold_nothing_from_a_later_day(bundled, stepped):
    """The course view's promise, checked once here at the pure level (the widget shows exactly
    these objects): up to day d, neither the figure nor the table holds a later day's value,
    note, day title or the outcome."""
    days = list(bundled.day_numbers)
    for day, figure, figure_json, table in stepped:
        shown = figure_json + table.to_html()
        text = html.unescape(shown)
        earlier = "\n".join(
            [n.title for n in bundled.days if n.day <= day]
            + [o.note for o in bundled.observations if o.day <= day]
        )
        for later in days[days.index(day) + 1 :]:
            note = bundled.day_note(later)
            assert note.narrative not in text, (day, later)
            if note.title not in earlier:
                assert note.title not in text, (day, later)
            for obs in bundled.observations:
                if obs.day == later and obs.note and obs.note not in earlier:
                    assert json.dumps(obs.note)[1:-1] not in shown, (day, later, obs.note)
        xs = [x for t in figure.data for x in (t.x or ()) if isinstance(x, int | float)]
        assert max(xs) <= day
        assert list(table.data["Day"]) == days[: days.index(day) + 1]
        if day < max(days) and ":" in bundled.title:
            assert bundled.title not in text


# -- the day stepper's figure and the layout -------------------------------------------------------
@pytest.mark.parametrize("case_id", ["case1", "case2", "case3"])
def test_the_fast_figure_is_plot_courses_figure_for_every_day(case_id):
    """course_figure (plain dicts, what the day stepper sends) and plot_course (validated by
    plotly) give the same figure JSON for every day of every bundled case."""
    from casebook.loading import load_case
    from casebook.plots.course import course_figure

    case = load_case(case_id)
    for day in case.day_numbers:
        fast = json.loads(json.dumps(course_figure(case, until_day=day)))
        assert fast == json.loads(plot_course(case, until_day=day).to_json()), day


def test_the_sketch_template_is_plotlys_none_template():
    import plotly.io as pio

    from casebook.plots.sketch import NONE_TEMPLATE

    assert pio.templates["none"].to_plotly_json() == NONE_TEMPLATE


def test_the_sketch_lays_panels_out_as_make_subplots_does():
    from plotly.subplots import make_subplots

    from casebook.plots.sketch import stacked_sketch

    px = [75, 185, 135, 300]
    titles = ["a", "b", "c", "d"]
    ours = stacked_sketch(titles, px, 44).layout
    plot_px = sum(px) + 44 * 3
    theirs = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=44 / plot_px,
        row_heights=[p / sum(px) for p in px],
        subplot_titles=titles,
    ).layout
    for name in ("xaxis", "xaxis2", "xaxis4", "yaxis", "yaxis3", "yaxis4"):
        mine, plotly_axis = ours[name], theirs[name].to_plotly_json()
        assert mine.keys() == plotly_axis.keys(), name
        assert mine["domain"] == pytest.approx(list(plotly_axis["domain"])), name
    tops = [a.y for a in theirs.annotations]
    assert [a["y"] for a in ours["annotations"]] == pytest.approx(tops)


@pytest.mark.parametrize("case_id", ["case1", "case2", "case3"])
def test_titles_name_only_what_is_drawn_and_ticks_stand_upright(case_id):
    """No panel title names a series the case does not have (case 1 has no IFN-γ); day ticks
    are horizontal; the tool bar stands on the right edge, beside the title and legend."""
    from casebook.loading import load_case
    from casebook.plots.panels import lab_items, legend_name

    case = load_case(case_id)
    figure = plot_course(case)
    labs = next(a.text for a in figure.layout.annotations if a.text.startswith("Inflammatory"))
    have = lab_items(list(case.observations))
    for item, name in (("ifn_gamma", "IFN-γ"), ("il6", "IL-6"), ("ldh", "LDH")):
        assert (name in labs) is (item in have), (item, labs)
    legend = {t.name for t in figure.data if t.showlegend is not False}
    assert {legend_name(item) for item in have} <= legend
    for axis in (figure.layout[k] for k in figure.layout if k.startswith("xaxis")):
        assert axis.tickangle == 0
    assert figure.layout.modebar.orientation == "v"


def test_case1_has_no_ifn_gamma_in_its_title():
    from casebook.loading import load_case

    figure = plot_course(load_case("case1"))
    titles = " ".join(a.text for a in figure.layout.annotations)
    assert "IFN" not in titles
    assert "IL-6 (pg/mL), CRP (mg/L), ferritin (ng/mL)" in titles


@pytest.mark.parametrize("case_id", ["case1", "case2", "case3"])
def test_the_ice_panel_is_near_the_top_and_the_legend_has_room(case_id):
    """Compact: the ICE panel ends within 440 px of the figure's top, so that at 1400x900 the
    day stepper (about 45 px), a day's narrative (about 200 px) and the ICE panel fit in
    JupyterLab's 780 px of notebook together; and the panels start below as many legend rows
    as the legend takes in a 968 px output."""
    from casebook.loading import load_case
    from casebook.plots.course import LEGEND_ROW_PX, legend_rows

    case = load_case(case_id)
    layout = plot_course(case).layout
    plot_px = layout.height - layout.margin.t - layout.margin.b
    ice = next(k for k in layout if k.startswith("yaxis") and layout[k].title.text == "ICE")
    bottom_px = layout.margin.t + (1 - layout[ice].domain[0]) * plot_px
    assert bottom_px < 440, bottom_px
    legend_bottom = 52 + LEGEND_ROW_PX * legend_rows(case)
    first_title_px = layout.margin.t - 20  # a panel title sits just above its panel
    assert legend_bottom <= first_title_px


def test_timeline_words_are_written_once_per_run_and_kept_apart():
    from types import SimpleNamespace

    from casebook.plots.timeline import label_positions

    def entries(*rows):
        return [(SimpleNamespace(day=d), row, text, text) for d, row, text in rows]

    days = [-2, 0, 1, 2, 3, 5, 6]
    shown, places = label_positions(
        entries(
            (0, "Tremor", "fine"),
            (1, "Tremor", "fine"),  # the same word the next day: not written again
            (2, "Tremor", "coarse"),
            (3, "Tremor", "fine"),
            (5, "Tremor", "fine"),  # day 4 missing from the case: 3 and 5 are neighbours
            (-2, "Aphasia", "global"),  # the first day keeps its word centred
            (0, "Aphasia", "expressive"),
            (6, "Aphasia", "expressive"),
            (0, "Drug", ""),
            (1, "Dose", "10 q6h"),
            (2, "Dose", "10 q12h"),
            (3, "Dose", "5 q12h"),
        ),
        days,
    )
    assert shown == [
        "fine",
        "",
        "coarse",
        "fine",
        "",
        "global",
        "expressive",
        "expressive",
        "",
        "10 q6h",
        "10 q12h",
        "5 q12h",
    ]
    assert places[0] == "top center"  # days 0 and 2 are not neighbours
    assert places[2] == "top left" and places[3] == "top right"
    assert places[5] == "top center" and places[6] == "top right"
    assert places[7] == "top center"
    assert places[9:] == ["top left", "top right", "bottom center"]  # a third in a row: below


@pytest.mark.parametrize("case_id", ["case1", "case2", "case3"])
def test_the_log_panel_title_names_only_series_drawn_by_that_day(case_id):
    """While the stepper reveals days, the log panel's title names a series only once a value
    of it is drawn (Case 3's fibrinogen first comes on day 6)."""
    from casebook.loading import load_case
    from casebook.plots.course import course_figure
    from casebook.plots.panels import _LABS

    case = load_case(case_id)
    for day in case.day_numbers:
        figure = course_figure(case, until_day=day)
        title = next(
            a["text"] for a in figure["layout"]["annotations"] if a["text"].startswith("Inflam")
        )
        drawn = {t.get("legendgroup") for t in figure["data"] if t.get("x") not in (None, [None])}
        for item, (_label, _unit, _color, name) in _LABS.items():
            assert (f"{name} (" in title or f"{name} and" in title) is (item in drawn), (
                day,
                item,
                title,
            )
