"""Hindsight's arithmetic and tables: Brier scores worked out by hand, the class mean only for five or more,
every resolution, date and event read from data/, every forecast with its horizon, and outcomes on both sides."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import vl_convert

from reset_ledger.article import article_record
from reset_ledger.data import load
from reset_ledger.hindsight import (
    MIN_CLASS,
    PUTIN_RETURNS,
    Bet,
    after,
    after_table,
    after_timeline,
    bets_from_answers,
    brier,
    brier_chart,
    class_line,
    class_result,
    coin_toss,
    compare_line,
    decision_science,
    differences,
    gap_written,
    horizon,
    outcome_frame,
    outcomes,
    probability_of_yes,
    score_frame,
    sort_summary,
    squared_error,
    timing,
    working,
)
from reset_ledger.schema import READINGS
from reset_ledger.responses import Response
from reset_ledger.timeline import context_timeline, last_known_day

FORECASTS = load("forecasts")
HAPPENED = outcomes(FORECASTS)
# One student's bets, each worked out: chance of yes, what happened (1 or 0), squared error.
BETS = {
    "new-start-ratified": Bet("yes", 80),  # 0.8, happened 1: (0.8 − 1)² = 0.04
    "wto-member": Bet("no", 60),  # 0.4, happened 1: (0.4 − 1)² = 0.36
    "s300-halted": Bet("yes", 50),  # 0.5, happened 1: (0.5 − 1)² = 0.25
    "troops-leave-georgia": Bet("no", 90),  # 0.1, did not happen 0: (0.1 − 0)² = 0.01
    "khodorkovsky-acquitted": Bet("yes", 70),  # 0.7, did not happen 0: (0.7 − 0)² = 0.49
    "manas-2013": Bet("yes", 100),  # 1.0, happened 1: (1 − 1)² = 0
}
# Brier = (0.04 + 0.36 + 0.25 + 0.01 + 0.49 + 0) / 6 = 1.15 / 6 = 0.19167


def test_resolutions_are_read_from_the_forecasts_table():
    assert HAPPENED == dict(zip(FORECASTS["forecast_id"], FORECASTS["resolution"] == "yes"))
    assert HAPPENED == {
        "new-start-ratified": True, "wto-member": True, "s300-halted": True,
        "troops-leave-georgia": False, "khodorkovsky-acquitted": False, "manas-2013": True,
    }


@pytest.mark.parametrize(("bet", "chance"), [(Bet("yes", 80), 0.8), (Bet("no", 80), 0.2), (Bet("no", 50), 0.5), (Bet("yes", 100), 1.0)])
def test_a_bet_becomes_a_chance_of_yes(bet, chance):
    assert probability_of_yes(bet) == pytest.approx(chance)


def test_brier_score_by_hand():
    assert squared_error(0.4, True) == pytest.approx(0.36)
    assert squared_error(0.7, False) == pytest.approx(0.49)
    assert brier(BETS, HAPPENED) == pytest.approx(1.15 / 6)
    # Only the forecasts bet on count: (0.04 + 0.49) / 2 = 0.265.
    assert brier({k: BETS[k] for k in ("new-start-ratified", "khodorkovsky-acquitted")}, HAPPENED) == pytest.approx(0.265)
    assert brier({}, HAPPENED) is None


def test_the_coin_toss_scores_a_quarter_whatever_happened():
    # (0.5 − 1)² = (0.5 − 0)² = 0.25 for every forecast.
    assert coin_toss(HAPPENED) == 0.25
    assert coin_toss({"a": False, "b": False}) == 0.25


@pytest.mark.parametrize(("score", "words"), [(0.19, "better than a coin toss"), (0.3, "worse than a coin toss"), (0.25, "the same as a coin toss")])
def test_compare_line(score, words):
    assert words in compare_line(score, 0.25)


def test_the_working_is_shown_for_a_hand_check():
    line = working(Bet("no", 70), True)
    assert "a 30 % chance of yes" in line and "(0.30 − 1)² = 0.4900" in line and "(0.50 − 1)² = 0.2500" in line


def test_score_frame_and_chart():
    frame = score_frame(BETS, FORECASTS)
    assert list(frame["forecast_id"]) == list(FORECASTS["forecast_id"])
    assert frame["error"].tolist() == pytest.approx([0.04, 0.36, 0.25, 0.01, 0.49, 0.0])
    spec = brier_chart(frame, 0.25).to_dict()
    assert spec["title"]["text"] == "Your Brier score: 0.192 (a coin toss: 0.250)"
    assert "3 of 6 forecasts beat the coin toss" in spec["description"]  # 0.04, 0.01 and 0


def test_bets_come_from_notebook_00s_answers():
    saved = {"forecasts": {"wto-member": {"answer": "no", "confidence": 60}}, "prior": 40, "prior_why": ""}
    assert bets_from_answers(saved) == {"wto-member": Bet("no", 60)}


def _response(name: str, confidence: int) -> Response:
    forecasts = {f: {"answer": "yes", "confidence": confidence} for f in HAPPENED}
    return Response("00-start-here", name, {"bets": {"forecasts": forecasts, "prior": 50, "prior_why": ""}}, locked=True)


def test_class_mean_only_for_five_or_more_students():
    # "yes" at 100 % to all six: four right (0) and two wrong (1): 2 / 6 = 0.3333. At 50 %: 0.25.
    four = [_response(f"s{i}", 100) for i in range(MIN_CLASS - 1)]
    small = class_result(four, HAPPENED)
    assert small.count == 4 and small.mean is None
    assert "shown only for 5 or more" in class_line(small, 0.2)
    five = class_result([*four, _response("s4", 50)], HAPPENED, unreadable=2)
    # (4 × 1/3 + 0.25) / 5 = (1.3333 + 0.25) / 5 = 0.31667
    assert five.count == 5 and five.mean == pytest.approx((4 / 3 + 0.25) / 5)
    line = class_line(five, 0.19167)
    assert "Class mean Brier score: 0.317, over 5 students. Yours: 0.192." in line
    assert "2 file(s) could not be read" in line


def test_a_prediction_needs_a_short_sentence():
    assert not gap_written("")
    assert not gap_written("yes it did")
    assert gap_written("I think the Senate ratified it")


def test_after_keeps_only_what_a_reader_could_not_know():
    events, published = load("events"), article_record()["published"]
    later = after(events, published)
    assert (later["date"] > published).all() and len(later) > 0
    assert "F34" not in set(later["event_id"])  # the summit the article previews is not hindsight


OUTCOMES = load("outcomes")
# Events added for notebook 06 so that what went the reset's way, or was mixed, stands beside what went against it.
ADDED_EVENTS = ("H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08")


def test_every_forecast_question_names_its_horizon():
    for row in FORECASTS.itertuples():
        horizon = f"{row.deadline.day} {row.deadline:%B %Y}"
        assert horizon in row.question, f"{row.forecast_id}: the question should say '{horizon}'"
        assert row.resolved_on <= row.deadline, f"{row.forecast_id} was settled after its own horizon"


def test_every_resolution_rests_on_its_events_and_a_dated_source():
    sources = load("sources").set_index("source_id")
    for row in FORECASTS.itertuples():
        assert row.event_ids and any(pd.notna(sources.loc[s, "published"]) for s in row.source_ids), row.forecast_id


def test_every_added_event_has_sources_with_publisher_date_and_url():
    events, sources = load("events").set_index("event_id"), load("sources").set_index("source_id")
    for event in ADDED_EVENTS:
        cited = sources.loc[list(events.loc[event, "source_ids"])]
        assert cited["publisher"].str.len().gt(0).all() and cited["url"].str.startswith("http").all(), event
        assert cited["published"].notna().any(), f"{event} needs at least one dated source"
        assert events.loc[event, "date"] > article_record()["published"], f"{event} is hindsight: it must follow the article"


def test_outcomes_of_each_kind_and_neither_side_dominates():
    # Five went the reset's way, six against it, eight mixed: "mixed" may be the largest kind, but the two sides stay
    # within one card of each other.
    counts = OUTCOMES["reading"].value_counts()
    assert set(counts.index) == set(READINGS)
    assert counts.min() >= 5 and abs(counts["its-way"] - counts["against"]) <= 1, counts.to_dict()
    for side in ("take", "hope"):  # the two columns with most outcomes are not one-sided either
        assert OUTCOMES.loc[OUTCOMES["side"] == side, "reading"].nunique() >= 2, side


def test_both_sides_find_their_strongest_and_weakest_cases():
    shown = {e for ids in OUTCOMES["event_ids"] for e in ids}
    critics_best = {"F61", "F63", "C09", "B4", "F62"}  # Crimea, the invasion, election interference, Georgia bases, Syria
    defenders_best = {"F28", "F30", "H01", "H03", "H06"}  # New START, its extension, Afghan transit, Syria's chemicals, JCPOA
    assert critics_best <= shown and defenders_best <= shown
    reading = {e: r for ids, r in zip(OUTCOMES["event_ids"], OUTCOMES["reading"]) for e in ids}
    assert {reading[e] for e in critics_best} == {"against"} and {reading[e] for e in defenders_best} == {"its-way"}


def test_every_outcome_is_hindsight_with_both_views_and_sources():
    events, published = load("events").set_index("event_id"), article_record()["published"]
    for row in OUTCOMES.itertuples():
        assert all(events.loc[e, "date"] > published for e in row.event_ids), row.outcome_id
        assert row.reason.strip() and row.other_view.strip() and row.source_ids, row.outcome_id


def test_the_outcome_frame_dates_its_events_and_keeps_the_ledger_order():
    frame = outcome_frame(OUTCOMES, load("claims"), load("events"), load("sources"), horizon(load("futures")))
    assert list(dict.fromkeys(frame["side"])) == ["give", "take", "on-the-table", "hope"]
    transit = frame.set_index("outcome_id").loc["afghan-transit"]
    assert transit["events"].splitlines() == [
        "20 Nov 2010: NATO–Russia summit widens Afghan transit through Russia",
        "15 May 2015: Russia ends NATO military transit to Afghanistan",
    ]
    assert len(transit["sources"].splitlines()) == 6 and "https://www.nato.int/" in transit["sources"]
    assert transit["stake"] == load("claims").set_index("claim_id").loc["K1", "paraphrase"]
    # Every card says when it began against the futures' horizon and Putin's return (both dates from data).
    assert transit["when"] == "Began before the futures' horizon (20 Jan 2013), before Putin's return (7 May 2012)."


def test_an_outcome_is_timed_against_the_horizon_and_putins_return():
    judged, returned = pd.Timestamp("2013-01-20"), pd.Timestamp("2012-05-07")
    assert timing(pd.Timestamp("2014-03-18"), judged, returned).startswith("Began after the futures' horizon (20 Jan 2013), after")
    assert timing(pd.Timestamp("2012-06-01"), judged, returned).startswith("Began before the futures' horizon (20 Jan 2013), after")
    assert timing(pd.Timestamp("2013-01-20"), judged, returned).startswith("Began before the futures' horizon")  # judged that day
    assert horizon(load("futures")) == judged and load("events").set_index("event_id").loc[PUTIN_RETURNS, "date"] == returned


def test_a_sort_is_set_beside_ours_as_counts_never_as_a_mark():
    ours = {"a": "its-way", "b": "against", "c": "mixed", "d": "against"}
    placed = {"a": "its-way", "b": "mixed", "c": "unsure"}
    assert differences(placed, ours) == ["b", "c", "d"]
    summary = sort_summary(placed, ours).set_index("Reading")
    # Yours: one its way, one mixed, one can't tell; ours: one its way, one mixed, two against.
    assert summary["Your sort"].tolist() == [1, 1, 0, 1] and summary["Our reading"].tolist() == [1, 1, 2, 0]
    assert list(summary.index) == ["went the reset's way", "mixed", "went against it", "can't tell"]


def test_the_research_on_judging_decisions_is_cited_from_data():
    lines = decision_science(load("sources")).splitlines()
    assert len(lines) == 3 and "Outcome bias in decision evaluation" in lines[1] and "https://lccn.loc.gov/" in lines[2]


def test_the_timeline_after_the_article_reuses_the_chart_factory():
    spec = after_timeline().to_dict()
    published = article_record()["published"]
    dates = pd.to_datetime([row["date"] for rows in spec["datasets"].values() for row in rows if "theme" in row])
    assert (dates >= published).all()  # from the article's own day: the summit it looked ahead to comes after it
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert pd.Timestamp(domain[0]) < published and pd.Timestamp(domain[1]) > dates.max()
    assert spec["layer"][2]["mark"]["align"] == "left"  # the article's label sits inside the frame


def test_the_timeline_before_the_article_is_unchanged():
    spec = context_timeline().to_dict()
    assert any(p.get("name") == "only_named" for p in spec["params"])
    assert spec["layer"][2]["mark"]["align"] == "right"
    assert "drawn as larger diamonds" in spec["description"]


def _drawn_points(chart) -> list[str]:
    """The outlines of the point marks as the chart renders them (with vl-convert, no browser)."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    marks = re.search(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    return [d for d in re.findall(r'<path[^>]*\bd="([^"]*)"', marks.group(1)) if d and "NaN" not in d]


def test_both_timelines_draw_a_point_for_every_event():
    events, last = load("events"), last_known_day(article_record()["published"])
    assert len(_drawn_points(after_timeline())) == len(after(events, last))
    assert len(_drawn_points(context_timeline())) == int((events["end_date"].fillna(events["date"]) <= last).sum())
