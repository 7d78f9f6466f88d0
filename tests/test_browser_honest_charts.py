"""Every chart and number a handout says follows its sliders does, as the package computes it: the built handouts of
02, 03 and 05, opened from disk with the network cut, each slider moved as a student would, and what the page then
shows read back from its charts (their text and each mark's accessible label) and compared with the package's own
Python functions for the same inputs."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

import pytest
from browser import RENDERED_CHART, offline_page

from reset_ledger.data import load
from reset_ledger.gamble import FRAMINGS, expected_values, hundred_futures, shares, tornado_frame
from reset_ledger.ledger import DISCOUNTS, SIDE_LABELS, Score, balance, ledger_frame, side_totals, verdict_line
from reset_ledger.sequence import SEQUENCE
from reset_ledger.weighing import ALL_ZERO, heaviest_and_strongest, lens_distance, spread, weighted_scores
from reset_ledger.weighing import shares as weight_shares
from tools.handouts import EDITIONS, build_notebook, handout_name

CHECKED = ("02", "03", "05")

# What the page shows: every chart's text (a text of several lines read line by line, joined by spaces) and every
# mark's accessible label (the charts give each bar and dot one that states its numbers).
SHOWN = """() => ({
  texts: [...document.querySelectorAll('.vega-embed svg.marks text')].map(t => {
    const lines = [...t.querySelectorAll('tspan')];
    return lines.length ? lines.map(l => l.textContent).join(' ') : t.textContent;
  }),
  labels: [...document.querySelectorAll('.vega-embed svg.marks [aria-label]:not(text)')].map(m => m.getAttribute('aria-label'))
})"""


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """The student handouts of 02, 03 and 05, built as `make handouts` builds them."""
    out = tmp_path_factory.mktemp("honest-charts")
    entries = [entry for entry in SEQUENCE if entry.number in CHECKED]
    built = {edition.name: set() for edition in EDITIONS} | {"student": {entry.file for entry in entries}}
    (out / "student").mkdir()
    for entry in entries:
        build_notebook(entry, out, built)
    return {entry.number: out / "student" / handout_name(entry) for entry in entries}


def open_handout(page, path) -> None:
    page.goto(path.as_uri())
    charts = page.locator(".reset-ledger-chart").count()
    page.wait_for_function(f"n => document.querySelectorAll({RENDERED_CHART!r}).length >= n", arg=charts, timeout=30_000)


def set_slider(page, name: str, value: int) -> None:
    """Move one of the page's range inputs as a student would (an input event)."""
    page.evaluate(
        """([name, value]) => { const input = document.querySelector(`input[type=range][name='${name}']`);
            input.value = value; input.dispatchEvent(new Event('input', {bubbles: true})); }""",
        [name, value],
    )


def eventually(page, check: Callable[[dict], None], timeout: float = 15) -> dict:
    """What the page shows once `check` passes on it (the charts redraw asynchronously); the last failure otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        shown = page.evaluate(SHOWN)
        shown = {"texts": [minus(t) for t in shown["texts"]], "labels": [minus(html.unescape(t)) for t in shown["labels"]]}
        try:
            check(shown)
            return shown
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(150)


def minus(text: str) -> str:
    """d3-format writes a true minus sign; Python a hyphen."""
    return text.replace("\u2212", "-")


def labelled(labels: list[str], pattern: str) -> dict[str, tuple[str, ...]]:
    """The marks whose accessible label matches `pattern`, by its first group: the other groups."""
    return {m.group(1): m.groups()[1:] for m in (re.fullmatch(pattern, label) for label in labels) if m}


# 02: one worth slider per ledger item; the bars, the balance, each side's total and the verdict follow them.

def ledger_expected(items, worths: dict[str, int]) -> tuple:
    frame = ledger_frame(items, {row.item_id: Score(worths[row.item_id], str(row.certainty)) for row in items.itertuples()})
    totals = side_totals(frame)
    summary = " · ".join(f"{SIDE_LABELS[side]} {totals[side]:+.2f}" for side in SIDE_LABELS)
    return frame, f"Balance: {balance(frame):+.2f}", f"{summary} {verdict_line(totals, balance(frame), 0)}"


def test_02_every_worth_slider_moves_its_bar_the_balance_the_side_totals_and_the_verdict(handouts):
    items = load("ledger_items")
    worths = {item: 0 for item in items["item_id"]}
    moves = [(item, (-5, 3, -2, 5, 1, -4, 2, -1, 4, -3)[n % 10]) for n, item in enumerate(items["item_id"])]
    with offline_page() as (page, offline):
        open_handout(page, handouts["02"])
        for item, worth in moves:
            set_slider(page, "worth_" + item.replace("-", "_"), worth)
            worths[item] = worth
            frame, total, summary = ledger_expected(items, worths)

            def check(shown, frame=frame, total=total, summary=summary):
                bars = labelled(shown["labels"], r"(.*): worth (-?\d+) × ([\d.]+) = ([+-]\d+\.\d\d)")
                assert {label: (int(w), float(d), float(c)) for label, (w, d, c) in bars.items()} == {
                    row.label: (row.value, DISCOUNTS[row.certainty], pytest.approx(row.contribution, abs=0.005))
                    for row in frame.itertuples()
                }
                assert total in shown["texts"] and summary in shown["texts"]

            eventually(page, check)
        print(f"02: {len(moves)} sliders moved, each followed by its bar, {total}, {summary!r}")
        assert offline.blocked == [] and offline.page_errors == []


# 03: one weight slider per criterion; the scores and shares, the ranges check and the lens chart follow them.

def weights_check(model, raw: dict[str, int]) -> Callable[[dict], None]:
    """What 03's page must show for these raw weights, as the package computes it."""
    labels, names = model.criterion_labels, model.option_labels
    matrix = model.policies
    zero = sum(raw.values()) == 0

    def check(shown):
        scores = {k: float(v[0]) for k, v in labelled(shown["labels"], r"(.*): weighted score (-?[\d.]+)").items()}
        share_bars = {k: float(v[0]) for k, v in labelled(shown["labels"], r"(.*): share ([\d.]+)%").items()}
        ranges = labelled(shown["labels"], r"(.*): weight (\d+) · share ([\d.]+)% · options (\d+) apart · can move ([\d.]+)")
        yours = {k: float(v[0]) for k, v in labelled(shown["labels"], r"You, (.*): ([\d.]+)%").items()}
        apart = labelled(shown["texts"], r"(.*): (\d+|—) points of weight from yours")
        if zero:
            assert set(scores.values()) == {0.0} and set(share_bars.values()) == {0.0} and set(yours.values()) == {0.0}
            assert ALL_ZERO in shown["texts"]
            assert {v[0] for v in apart.values()} == {"—"}
            return
        expected_scores = weighted_scores(matrix, raw)
        portion = weight_shares(raw)
        reach = spread(matrix, raw).set_index("criterion_id")
        assert scores == {names[o]: pytest.approx(expected_scores[o], abs=0.006) for o in matrix.index}
        assert share_bars == {labels[c]: pytest.approx(100 * portion[c], abs=0.006) for c in matrix.columns}
        assert yours == {labels[c]: pytest.approx(100 * portion[c], abs=0.06) for c in matrix.columns}
        assert {k: (int(w), float(s), int(d), float(r)) for k, (w, s, d, r) in ranges.items()} == {
            labels[c]: (raw[c], pytest.approx(100 * portion[c], abs=0.51), int(reach.at[c, "spread"]),
                        pytest.approx(reach.at[c, "reach"], abs=0.051))
            for c in matrix.columns
        }
        heaviest, strongest = heaviest_and_strongest(matrix, raw)
        from reset_ledger.exercises.weighing import range_message

        assert range_message(heaviest, strongest, labels) in shown["texts"]
        assert {k: float(v[0]) for k, v in apart.items()} == {
            model.lens_labels[lens]: pytest.approx(lens_distance(raw, weights), abs=0.51) for lens, weights in model.lens_weights.items()
        }

    return check


@pytest.mark.parametrize("targets", [(0, 100, 35, 5, 60, 20, 100), (100, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0)],
                         ids=["spread-out", "one-criterion", "all-zero"])
def test_03_every_weight_slider_moves_the_scores_shares_ranges_check_and_lens_chart(handouts, targets):
    from reset_ledger.exercises.weighing import load_model

    model = load_model()
    raw = dict(model.author)
    with offline_page() as (page, offline):
        open_handout(page, handouts["03"])
        eventually(page, weights_check(model, raw))
        for criterion, value in zip(model.policies.columns, targets):
            set_slider(page, "weight_" + criterion.replace("-", "_"), value)
            raw[criterion] = value
            eventually(page, weights_check(model, dict(raw)))
        print(f"03: weights {raw}: scores, shares, ranges check and lens chart as the package computes them")
        assert offline.blocked == [] and offline.page_errors == []


# 05: one slider per future; the chances, both questions' expected values, the tornado and the 100 futures follow them.

def gamble_check(gamble, weights: dict[str, int]) -> Callable[[dict], None]:
    """What 05's page must show for these slider values, as the package computes it."""
    made = gamble.author["made"]
    chances = shares(weights)

    def check(shown):
        texts = shown["texts"]
        shown_chances = {k: float(v[0]) for k, v in labelled(texts, r"(.*): ([\d.]+)%").items()}
        assert shown_chances == {gamble.labels[f]: pytest.approx(c, abs=0.051) for f, c in chances.items()}
        values = {k: float(v[0]) for k, v in labelled(texts, r"(Q\d .*): ([+-]\d+\.\d\d)").items()}
        assert values == {
            f"{short} · {label}": pytest.approx(expected_values(chances, gamble.author[framing])[policy], abs=0.006)
            for framing, short in zip(FRAMINGS, ("Q1 worth making", "Q2 worth continuing"))
            for policy, label in (("reset", "The reset"), ("confrontation", "Confrontation"))
        }
        futures = hundred_futures(weights, made, gamble.labels)
        wins = int((futures["better"] == "the reset").sum())
        assert f"100 futures: the reset does better in {wins} of them" in texts
        for key in dict.fromkeys(futures["key"]):
            assert key in texts
        expected = tornado_frame(chances, made, gamble.labels)
        bars = {}
        for label in shown["labels"]:
            match = re.fullmatch(r"(.*), (input lowered|input raised) to .*: ([+-]\d+\.\d\d)", label)
            if match:
                bars[(match.group(1), match.group(2))] = float(match.group(3))
        assert bars == {
            **{(row.input, "input lowered"): pytest.approx(row.low, abs=0.006) for row in expected.itertuples()},
            **{(row.input, "input raised"): pytest.approx(row.high, abs=0.006) for row in expected.itertuples()},
        }

    return check


@pytest.mark.parametrize("weights", [{"partner": 80, "partial": 10, "reversion": 10}, {"partner": 0, "partial": 0, "reversion": 0},
                                     {"partner": 7, "partial": 50, "reversion": 13}])
def test_05_every_chance_slider_moves_the_chances_expected_values_tornado_and_futures(handouts, weights):
    from reset_ledger.exercises.gamble import GambleExercise

    gamble = GambleExercise()
    now = dict(gamble.start)
    with offline_page() as (page, offline):
        open_handout(page, handouts["05"])
        eventually(page, gamble_check(gamble, dict(now)))
        for future, value in weights.items():
            set_slider(page, "chance_" + future.replace("-", "_"), value)
            now[future] = value
            eventually(page, gamble_check(gamble, dict(now)))
        print(f"05: chances {now}: expected values, tornado and 100 futures as the package computes them")
        assert offline.blocked == [] and offline.page_errors == []
