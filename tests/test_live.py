"""Results that change in place: a slider step sends the chart already on the page its new numbers, keeps its spec
(so the page never draws it again), and adds or takes away nothing around it (which would make the page rebuild
every chart after the change)."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from reset_ledger.exercise import SLIDER_HINT, Exercise
from reset_ledger.exercises.gamble import GambleExercise
from reset_ledger.exercises.ledger import LedgerExercise
from reset_ledger.exercises.verdict import VerdictExercise
from reset_ledger.exercises.weighing import PuzzleExercise, WeighExercise
from reset_ledger.exercises.who_pays import WhoPaysExercise, WinSetExercise
from reset_ledger.live import Bound, Live, LiveChart, stable_spec


def bars(values: list[int], title: str = "Total") -> alt.Chart:
    frame = pd.DataFrame({"item": list("abc"[: len(values)]), "value": values})
    return alt.Chart(frame).mark_bar().encode(x="value:Q", y="item:N").properties(title=title, description=f"{sum(values)}")


def test_the_same_chart_with_new_numbers_has_the_same_spec_apart_from_its_data():
    one, two = stable_spec(bars([1, 2, 3])), stable_spec(bars([3, 2, 1]))
    assert list(one["datasets"]) == ["d0"] and one["data"] == {"name": "d0"}
    assert {k: v for k, v in one.items() if k not in ("datasets", "description")} == \
           {k: v for k, v in two.items() if k not in ("datasets", "description")}


def test_a_chart_takes_new_rows_a_new_title_and_description_in_place_and_a_new_encoding_as_a_new_spec():
    chart = LiveChart(bars([1, 2, 3], "Total 6"))
    spec = chart.spec
    chart.update(bars([4, 5, 6], "Total 15"))
    assert chart.spec == spec  # not drawn again
    assert [r["value"] for r in chart.data["d0"]] == [4, 5, 6]
    assert chart.signals["reset_ledger_title"] == "Total 15" and chart.description == "15"
    chart.update(bars([4, 5, 6], "Total 15").encode(color="item:N"))
    assert chart.spec != spec and "color" in chart.spec["encoding"]


def test_a_bound_chart_names_its_controls_for_the_page_and_takes_their_values():
    worth, kind = widgets.IntSlider(value=2), widgets.ToggleButtons(options=[("A", "a"), ("B", "b")], value="b")
    chart = bars([1, 2, 3]).add_params(alt.param(name="worth", value=0), alt.param(name="kind", value="a"))
    live = LiveChart(Bound(chart, {"worth": worth, "kind": kind}))
    assert live.signals == {"worth": 2, "kind": "b", "reset_ledger_title": "Total"}
    assert live.inputs == {"worth": {"model": worth, "values": None}, "kind": {"model": kind, "values": ["a", "b"]}}
    worth.value = 4
    live.update(Bound(chart, {"worth": worth, "kind": kind}))
    assert live.signals["worth"] == 4 and {p["name"]: p["value"] for p in live.current["params"]}["worth"] == 4


def test_a_bound_chart_tells_the_page_which_controls_it_keeps_adding_up_to_100():
    a, b, c = (widgets.IntSlider(value=v) for v in (33, 34, 33))
    chart = bars([1, 2, 3]).add_params(*(alt.param(name=n, value=0) for n in "abc"), alt.param(name="d", value=0))
    live = LiveChart(Bound(chart, {"a": a, "b": b, "c": c, "d": widgets.IntSlider()}, ("a", "b", "c")))
    assert [name for name, spec in live.inputs.items() if spec.get("balance")] == ["a", "b", "c"]


def test_a_box_reuses_its_chart_and_text_widgets_for_new_items():
    box = Live()
    box.show(["Total 6", bars([1, 2, 3])])
    text, chart = box.children
    box.show(["Total 15", bars([4, 5, 6])])
    assert box.children == (text, chart) and text.value == "Total 15"


def _boxes(exercise: object) -> list[Live]:
    """Every Live box an exercise shows its results in."""
    found = []
    for value in vars(exercise).values():
        if isinstance(value, dict):
            found += [v for v in value.values() if isinstance(v, Live)]
        elif isinstance(value, Live):
            found.append(value)
    return found


SLIDER_STEPS = {
    "02 a worth": (LedgerExercise, lambda e: next(iter(e.values.values()))),
    "03 a weight": (WeighExercise, lambda e: next(iter(e.inputs().values()))),
    "04 a score": (WhoPaysExercise, lambda e: next(c for c in e.inputs().values() if hasattr(c, "max"))),
    "04 a bloc": (WinSetExercise, lambda e: next(c for c in e.inputs().values() if hasattr(c, "max"))),
    "05 a chance": (GambleExercise, lambda e: next(iter(e.chances.values()))),
    "07 the final opinion": (VerdictExercise, lambda e: e.posterior),
}


@pytest.mark.parametrize("case", SLIDER_STEPS, ids=list(SLIDER_STEPS))
def test_a_slider_step_changes_numbers_in_place_and_nothing_around_the_charts(case, tmp_path, monkeypatch):
    monkeypatch.setenv("RESET_LEDGER_RESPONSES", str(tmp_path))
    make, slider_of = SLIDER_STEPS[case]
    exercise = make()
    slider = slider_of(exercise)
    boxes = _boxes(exercise)
    before = [box.children for box in boxes]
    charts = [c for box in boxes for c in box.children if isinstance(c, LiveChart)]
    specs, numbers = [c.spec for c in charts], [(c.data, c.signals) for c in charts]
    assert charts, "no chart follows this slider"
    step = slider.step if slider.value + 2 * slider.step <= slider.max else -slider.step
    for _ in range(2):  # the first step also marks the slider as moved; the second is an ordinary step
        slider.value += step
    assert [box.children for box in boxes] == before
    assert [c.spec for c in charts] == specs
    assert [(c.data, c.signals) for c in charts] != numbers


def test_the_slider_hint_shows_once_per_notebook_above_the_first_exercise_with_sliders(monkeypatch):
    monkeypatch.setattr(Exercise, "hinted", None)
    first, second = WeighExercise(), PuzzleExercise()
    assert [h.data for h in first.slider_hint()] == [SLIDER_HINT]
    assert second.slider_hint() == []
    assert [h.data for h in WeighExercise().slider_hint()] == [SLIDER_HINT]  # its cell run again shows it again
