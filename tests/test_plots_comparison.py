"""Tests of the comparison figure, the patient and risk tables (casebook.plots) and of the
risk-factor data they show (data/risk_factors.yaml; its loader: tests/test_risk_factors.py)."""

from __future__ import annotations

import dataclasses
import json
from types import MappingProxyType

import plotly.graph_objects as go
import pytest

from casebook.loading import RISK_GROUPS, RiskFigure, load_case, load_risk_factors
from casebook.model import Fact, Patient
from casebook.plots import (
    case_label,
    patient_table,
    plot_comparison,
    risk_table,
)
from casebook.vocab import PROVENANCE_LEGEND

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def case1():
    return load_case("case1")


@pytest.fixture(scope="module")
def case2():
    return load_case("case2")


@pytest.fixture(scope="module")
def fig(case1, case2):
    return plot_comparison([case1, case2])


def _case_traces(fig: go.Figure, case_id: str) -> list:
    return [t for t in fig.data if t.legendgroup == f"case-{case_id}"]


def _panel_markers(fig: go.Figure, case_id: str, label: str):
    (trace,) = [
        t for t in _case_traces(fig, case_id) if t.mode == "markers" and t.name.endswith(label)
    ]
    return trace


# -- plot_comparison -----------------------------------------------------------------------------
def test_returns_a_figure_with_a_legend_entry_naming_each_case(fig):
    assert isinstance(fig, go.Figure)
    shown = [t.name for t in fig.data if t.showlegend is not False]
    assert shown[:2] == ["Case 1 (69 y)", "Case 2 (29 y)"]
    assert "Case 1 (69 y) and Case 2 (29 y)" in fig.layout.title.text


def test_cases_differ_by_colour_symbol_and_dash_not_colour_alone(fig):
    styles = {}
    for case_id in ("case1", "case2"):
        traces = _case_traces(fig, case_id)
        lines = [t for t in traces if t.mode == "lines"]
        markers = [t for t in traces if t.mode == "markers"]
        assert lines and markers
        colours = {t.line.color for t in lines} | {t.marker.color for t in markers}
        dashes = {t.line.dash for t in lines}
        symbols = {s.removesuffix("-open") for t in markers for s in t.marker.symbol}
        assert len(colours) == len(dashes) == len(symbols) == 1
        styles[case_id] = (colours.pop(), dashes.pop(), symbols.pop())
    for one, two in zip(styles["case1"], styles["case2"], strict=True):
        assert one != two


def test_reconstructed_points_are_hollow_and_reported_points_filled(case1, case2):
    # Mark case 1's day-1 temperature as reported; every other value stays reconstructed.
    obs = tuple(
        dataclasses.replace(o, source="report") if (o.day, o.item) == (1, "temperature") else o
        for o in case1.observations
    )
    fig = plot_comparison([dataclasses.replace(case1, observations=obs), case2])
    temps = _panel_markers(fig, "case1", "temperature")
    by_day = dict(zip([c[3] for c in temps.customdata], temps.marker.symbol, strict=True))
    assert by_day[1] == "circle"
    assert by_day[2] == "circle-open"
    provenance = [t.name for t in fig.data if str(t.legendgroup).startswith("provenance-")]
    assert provenance == [f"{PROVENANCE_LEGEND[s]} values" for s in ("report", "reconstructed")]


def test_grades_are_the_engines(fig, case1, case2):
    for case in (case1, case2):
        daily = case.daily()
        icans = _panel_markers(fig, case.id, "computed ICANS grade")
        crs = _panel_markers(fig, case.id, "computed CRS grade")
        assert list(icans.y) == [float(g) for g in daily["icans_grade"]]
        assert list(crs.y) == [float(g) for g in daily["crs_grade"]]
    assert max(_panel_markers(fig, "case2", "computed ICANS grade").y) == 4


def test_unarousable_day_is_marked_not_testable(fig):
    (trace,) = [t for t in _case_traces(fig, "case2") if t.name.endswith("ICE not testable")]
    assert [c[3] for c in trace.customdata] == [4]
    assert "not testable" in trace.text[0]
    ice = _panel_markers(fig, "case2", "ICE score")
    assert 4 not in [c[3] for c in ice.customdata]
    assert not _panel_markers(fig, "case1", "ICE score").y.count(None)


def test_markers_sit_beside_their_day_and_hover_gives_the_true_day(fig):
    one = _panel_markers(fig, "case1", "ICE score")
    two = _panel_markers(fig, "case2", "ICE score")
    assert all(x < c[3] for x, c in zip(one.x, one.customdata, strict=True))
    assert all(x > c[3] for x, c in zip(two.x, two.customdata, strict=True))
    assert "day %{customdata[3]}" in one.hovertemplate


def test_il6_on_a_log_axis_and_a_fever_line(fig):
    log_axes = [k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")]
    assert [fig.layout[k].type for k in log_axes].count("log") == 1
    assert any(s.type == "line" and s.y0 == 38.0 for s in fig.layout.shapes)


def test_until_day_leaves_out_later_days(case1, case2):
    fig = plot_comparison([case1, case2], until_day=3)
    days = [c[3] for t in fig.data if t.customdata is not None for c in t.customdata]
    xs = [x for t in fig.data if t.x is not None for x in t.x if x is not None]
    assert days and max(days) == 3
    assert max(xs) < 3.5
    assert "up to day 3" in fig.layout.title.text
    assert fig.layout.xaxis.range == plot_comparison([case1, case2]).layout.xaxis.range


def test_until_day_reaches_the_longer_course(case1, case2):
    fig = plot_comparison([case1, case2], until_day=12)
    assert max(c[3] for c in _panel_markers(fig, "case2", "ICE score").customdata) == 12


@pytest.mark.parametrize("bad", [13, -1, 2.5, True, "3"])
def test_bad_until_day_is_refused(case1, case2, bad):
    with pytest.raises(ValueError, match="until_day must be a whole day number from 0 to 12"):
        plot_comparison([case1, case2], until_day=bad)


def test_bad_cases_are_refused(case1):
    with pytest.raises(ValueError, match="1 to 4 cases"):
        plot_comparison([])
    with pytest.raises(ValueError, match="1 to 4 cases"):
        plot_comparison([case1] * 5)
    with pytest.raises(ValueError, match="each case may appear once"):
        plot_comparison([case1, case1])
    with pytest.raises(TypeError, match="Case objects"):
        plot_comparison([case1, "case2"])
    with pytest.raises(TypeError, match="sequence of Case"):
        plot_comparison(3)


def test_options_are_keyword_only(case1, case2):
    with pytest.raises(TypeError):
        plot_comparison([case1, case2], 3)


def test_one_case_alone_works(case1):
    fig = plot_comparison(case1)
    assert next(t.name for t in fig.data if t.showlegend is not False) == "Case 1 (69 y)"


def test_json_is_deterministic_small_and_holds_no_plotly_js(case1, case2, fig):
    text = fig.to_json()
    assert text == plot_comparison([case1, case2]).to_json()
    assert len(text.encode()) < 60_000
    assert "plotly.js" not in text and "<script" not in text
    json.loads(text)


def test_labels_and_notes_from_files_are_escaped(case1, case2):
    obs = tuple(
        dataclasses.replace(o, note=SCRIPT) if (o.day, o.item) == (1, "temperature") else o
        for o in case1.observations
    )
    odd = dataclasses.replace(case1, title=f"{SCRIPT} one: x", observations=obs)
    text = plot_comparison([odd, case2]).to_json()
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert case_label(odd) == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; one (69 y)"
    assert case_label(odd, escape=False).startswith(SCRIPT)


def test_case_label_falls_back_to_the_id_and_skips_a_missing_age(case1):
    facts = dict(case1.patient.facts)
    del facts["age"]
    odd = dataclasses.replace(
        case1, title="No colon here", patient=Patient(MappingProxyType(facts))
    )
    assert case_label(odd) == "case1"


# -- patient_table -------------------------------------------------------------------------------
def test_patient_table_lists_every_fact_with_provenance(case1):
    styler = patient_table(case1)
    data = styler.data
    assert len(data) == len(case1.patient.facts)
    row = data.set_index("Fact").loc["Genetics"]
    assert row["Value"] == "TP53, DNMT3A"
    assert row["Provenance"] == PROVENANCE_LEGEND["report"]
    regimen = data.set_index("Fact").loc["Blinatumomab regimen"]
    assert regimen["Provenance"] == PROVENANCE_LEGEND["reconstructed"]
    assert "not verified" in regimen["Note"]


def test_patient_table_html_is_escaped_and_deterministic(case1):
    facts = dict(case1.patient.facts)
    facts["sex"] = Fact("male", "report", SCRIPT)
    odd = dataclasses.replace(case1, patient=Patient(MappingProxyType(facts)))
    html = patient_table(odd).to_html()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert html == patient_table(odd).to_html()
    assert 'id="T_patient-case1"' in html


# -- risk factors: data, loader, table -----------------------------------------------------------
def test_risk_data_holds_the_reference_figures():
    figures = load_risk_factors()
    assert all(isinstance(f, RiskFigure) for f in figures)
    by_text = {(f.finding, f.figure): f for f in figures}
    expected = {
        (
            "Age 65 years or over",
            "72% vs 49% with neurological events (65 or over vs under 65; crude comparison)",
        ),
        ("Prior neurological events", "HR 1.65 (retained in the multivariate model)"),
        ("More than 2 prior salvage therapies", "HR 2.48 (retained in the multivariate model)"),
        ("Non-white race", "HR 2.11 (retained in the multivariate model)"),
    }
    assert expected <= set(by_text)
    for key in expected:
        assert by_text[key].ref == "STEIN2019"
        assert by_text[key].group == "risk_factor"
    figures_text = {f.figure: f.ref for f in figures}
    assert figures_text["about 65%; most in the first 2 weeks"] == "BLINCYTO-USPI"
    assert figures_text["52%; median onset day 9"] == "STEIN2019"
    assert figures_text["53% any grade; 10% grade 3; 3% grade 4"] == "BLAST2018"
    assert figures_text["15% relapsed/refractory; 7% MRD-positive; 16% consolidation"] == (
        "BLINCYTO-USPI"
    )
    assert {f.group for f in figures} == set(RISK_GROUPS)


def test_the_authors_hypothesis_is_marked_as_a_hypothesis_only():
    (hypothesis,) = [f for f in load_risk_factors() if f.group == "hypothesis"]
    assert hypothesis.evidence == "hypothesis"
    assert hypothesis.ref == "MA2026"
    assert "not a finding" in hypothesis.note
    assert all(f.evidence == "published" for f in load_risk_factors() if f.group != "hypothesis")


# The loader of data/risk_factors.yaml is tested in tests/test_risk_factors.py.


def test_risk_table_shows_every_figure_with_its_source():
    figures = load_risk_factors()
    styler = risk_table(figures)
    assert len(styler.data) == len(figures)
    assert list(styler.data["Source"]) == [f.citation for f in figures]
    html = styler.to_html()
    for text in ("72% vs 49%", "HR 1.65", "HR 2.48", "HR 2.11", "median onset day 9"):
        assert text in html
    assert "hypothesis only, not a finding" in html
    assert html == risk_table(load_risk_factors()).to_html()
    assert 'id="T_risk-factors"' in html


def test_risk_table_sets_hypotheses_apart_and_escapes_text():
    odd = RiskFigure("hypothesis", SCRIPT, "none", "two cases", "hypothesis", "MA2026", "Ma")
    plain = RiskFigure("crs", "CRS", "day 2", "label", "published", "BLINCYTO-USPI", "label")
    html = risk_table([plain, odd]).to_html()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    italic = html.split("font-style: italic")[0].rsplit("}", 1)[-1]
    assert "row1" in italic and "row0" not in italic


def test_risk_table_needs_figures():
    with pytest.raises(ValueError, match="at least one figure"):
        risk_table([])
