"""The timelines split at the last day the article could report: the day before it appeared, since it looks ahead
to its own day's summit. Only what the article itself refers to is marked as named in it."""

from __future__ import annotations

from reset_ledger.article import article_record
from reset_ledger.data import load
from reset_ledger.hindsight import after
from reset_ledger.timeline import around_article, finished_by, last_known_day

SUMMIT_DAY = {"F33", "F34", "F38"}  # dated the day the article appeared: the budget, the meeting, the Boeing deal


def test_the_summit_day_falls_after_the_article_not_before_it():
    before, _, published = around_article(finished_by)
    later, _, _ = around_article(after)
    assert SUMMIT_DAY.isdisjoint(before["event_id"]) and SUMMIT_DAY <= set(later["event_id"])
    assert (before["end_date"].fillna(before["date"]) < published).all()
    assert {"F32", "F35"} <= set(before["event_id"])  # the day before: Silicon Valley, the White House briefing


def test_every_event_sits_on_exactly_one_side_of_the_cut():
    events = load("events")
    last = last_known_day(article_record()["published"])
    before, later = set(finished_by(events, last)["event_id"]), set(after(events, last)["event_id"])
    assert before.isdisjoint(later) and before | later == set(events["event_id"])


def test_only_events_the_article_refers_to_are_named():
    named = set(load("events").query("named_in_article")["event_id"])
    # Clinton's 1995 trip, the Georgia war, the second Khodorkovsky trial, Moscow's push on Manas, the missile-defence
    # decision, New START's signing, the nuclear deal before Congress, the Iran sanctions ('last month'), the Boeing
    # choice, the briefing it quotes, the Silicon Valley visit and 'Thursday's meeting'.
    assert named == {"F01", "F07", "F10", "F18", "F04", "F27", "F42", "F23", "F24", "F37", "F35", "F32", "F34"}
    assert "F16" not in named  # the article never mentions Alexeyeva
