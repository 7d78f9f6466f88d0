"""A student who saved everything in notebooks 00–06, written as the notebooks write it (checked by the specs on save).

Chosen so that every number notebook 07 gathers can be checked by hand (see test_verdict.py)."""

from __future__ import annotations

from pathlib import Path

from reset_ledger.data import load
from reset_ledger.responses import Response, save

FORECASTS = ("new-start-ratified", "wto-member", "s300-halted", "troops-leave-georgia", "khodorkovsky-acquitted", "manas-2013")
# Scored in 02; every other item skipped, so it counts 0 at its certainty in the data.
LEDGER = {"missile-defence": (-3, "delivered"), "manas": (4, "delivered"), "new-start": (4, "promised"), "halt-adventures": (2, "hoped-for")}
WEIGHTS = {"security": 100, "stability": 0, "nuclear-risk": 100, "alliance-credibility": 0, "human-rights": 0, "economic-gain": 0}


def save_bets(folder: Path, pseudonym: str, prior: int = 30) -> None:
    """00: six bets and a first opinion, locked."""
    bets = {f: {"answer": "yes", "confidence": 50} for f in FORECASTS}
    save(Response("00-start-here", pseudonym, {"bets": {"forecasts": bets, "prior": prior, "prior_why": ""}}, locked=True), folder)


def save_ledger(folder: Path, pseudonym: str, values: dict[str, tuple[int, str]] = LEDGER) -> None:
    """02: only some items scored (a file may hold fewer items than the data)."""
    scores = {item: {"value": value, "certainty": certainty, "why": ""} for item, (value, certainty) in values.items()}
    save(Response("02-the-ledger", pseudonym, {"ledger": {"scores": scores, "double_count": []}}), folder)


def save_weights(folder: Path, pseudonym: str, weights: dict[str, int] = WEIGHTS, lens: str = "") -> None:
    """03: raw weights with no lens preset; the leader and scores as the exercise computes them."""
    answers = {
        "weights": {"weights": weights, "lens": lens, "winner": "reset", "scores": {"reset": 70.0, "confrontation": 37.5, "conditional": 62.5},
                    "winner_why": ""},
        "puzzle": {"criterion": "security", "weight": 100, "confrontation_leads": False, "smallest": False},
        "decoy": {"explanation": ""},
    }
    save(Response("03-weigh-it", pseudonym, answers), folder)


def save_gamble(folder: Path, pseudonym: str, choice: str = "reset") -> None:
    """05: the results notebook 07 reads and a choice. Reset worth 6, 0, −2 in the three futures at chances 20, 60, 20:
    expected (20 × 6 + 60 × 0 + 20 × −2) / 100 = 0.8. With no chance of partnership the other two share 100 as 75 : 25,
    so the reset's lead runs from −0.5 to 6 and crosses 0 at 100 × 0.5 / 6.5 = 7.69 %."""
    futures = tuple(load("futures")["future_id"])
    payoffs = {"reset": {"partner": 6.0, "partial": 0.0, "reversion": -2.0}, "confrontation": {f: 0.0 for f in futures}}
    answers = {
        "gamble": {
            "probabilities": {"partner": 20, "partial": 60, "reversion": 20},
            "payoff_source": "ledger",
            "base_payoffs": payoffs,
            "adjustments": {p: {f: 0.0 for f in futures} for p in payoffs},
            "adjust_why": "",
            "choice": choice,
            "choice_why": "",
            "results": {
                "payoffs": payoffs,
                "expected": {"reset": 0.8, "confrontation": 0.0},
                "switching": {"future": "partner", "probability": 7.69, "reset_wins_above": True},
            },
        }
    }
    save(Response("05-the-gamble", pseudonym, answers), folder)


def save_hindsight(folder: Path, pseudonym: str, posterior: int = 70) -> None:
    """06: every reveal open, a Brier score, and an opinion after hindsight."""
    bets = {f: {"answer": "yes", "confidence": 50} for f in FORECASTS}
    answers = {
        "hindsight": {"bets_source": "00-start-here", "bets": bets, "gaps": {}, "revealed": list(FORECASTS),
                      "results": {"brier": 0.25, "baseline": 0.25, "scored": 6}},
        "judgement": {"future": "reversion", "future_why": "", "decision": 60, "outcome": 30, "why": "", "posterior": posterior,
                      "posterior_why": ""},
    }
    save(Response("06-hindsight", pseudonym, answers), folder)


def save_everything(folder: Path, pseudonym: str) -> None:
    """A student who saved every notebook 07 reads."""
    save_bets(folder, pseudonym)
    save_ledger(folder, pseudonym)
    save_weights(folder, pseudonym)
    save_gamble(folder, pseudonym)
    save_hindsight(folder, pseudonym)
