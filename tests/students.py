"""A student who saved everything in notebooks 00 and 02–06, written as the notebooks write it (checked by the specs on save).

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


def save_ledger(folder: Path, pseudonym: str, values: dict[str, tuple[int, str]] = LEDGER, overlaps: dict[str, str] | None = None) -> None:
    """02: only some items scored (a file may hold fewer items than the data), and any overlap groups."""
    scores = {item: {"value": value, "certainty": certainty, "why": ""} for item, (value, certainty) in values.items()}
    save(Response("02-the-ledger", pseudonym, {"ledger": {"scores": scores, "overlaps": overlaps or {}}}), folder)


def save_weights(folder: Path, pseudonym: str, weights: dict[str, int] = WEIGHTS, lens: str = "") -> None:
    """03: raw weights with no lens preset; the leader and scores as the exercise computes them."""
    answers = {
        "weights": {"weights": weights, "lens": lens, "winner": "reset", "scores": {"reset": 70.0, "confrontation": 37.5, "conditional": 62.5},
                    "winner_why": ""},
        "puzzle": {"criterion": "security", "weight": 100, "confrontation_leads": False, "smallest": False},
        "decoy": {"explanation": ""},
    }
    save(Response("03-weigh-it", pseudonym, answers), folder)


def save_who_pays(folder: Path, pseudonym: str, payer: str = "georgia") -> None:
    """04: who pays most and why (07 reads the payer); the matrix left at its defaults, the ratification game untouched."""
    answers = {
        "who_pays": {"scores": {}, "discounted": False, "payer": payer, "why": "Georgia bears the occupation."},
        "win_set": {"rule": "new-start", "support": {}},
    }
    save(Response("04-who-pays", pseudonym, answers), folder)


def save_gamble(folder: Path, pseudonym: str, choice: str = "reset") -> None:
    """05: the results notebook 07 reads and a choice, worked out from LEDGER at chances 20, 20, 60.
    The reset, question 1 (everything counts): −3 + 4 + 4 + 2 = 7, −3 + 4 + 4 + 1 = 6, −3 + 4 = 1; question 2 (the delivered
    −3 + 4 is sunk): 6, 5, 0. Confrontation: its defaults −4, −3, +3, with +4 added if Russia reverts → −4, −3, +7.
    Question 1: the reset (20 × 7 + 20 × 6 + 60 × 1) / 100 = 3.2 against (−80 − 60 + 420) / 100 = 2.8; its lead 11, 9, −6
    is (20 × 9 − 60 × 6) / 80 = −2.25 with no chance of partnership, so it crosses at 100 × 2.25 / 13.25 = 16.98 %.
    Question 2: the reset (120 + 100) / 100 = 2.2 against 2.8; its lead 10, 8, −7 crosses at 100 × 3.25 / 13.25 = 24.53 %."""
    futures = tuple(load("futures")["future_id"])
    confront = {"partner": -4.0, "partial": -3.0, "reversion": 3.0}
    base = {"made": {"reset": {"partner": 7.0, "partial": 6.0, "reversion": 1.0}, "confrontation": confront},
            "continued": {"reset": {"partner": 6.0, "partial": 5.0, "reversion": 0.0}, "confrontation": confront}}
    adjustments = {"reset": {f: 0.0 for f in futures}, "confrontation": {"partner": 0.0, "partial": 0.0, "reversion": 4.0}}
    used = {q: {"reset": base[q]["reset"], "confrontation": {"partner": -4.0, "partial": -3.0, "reversion": 7.0}} for q in base}
    answers = {
        "gamble": {
            "probabilities": {"partner": 20, "partial": 20, "reversion": 60},
            "payoff_source": "ledger",
            "framing": "made",
            "base_payoffs": base,
            "adjustments": adjustments,
            "adjust_why": "",
            "choice": choice,
            "choice_why": "",
            "results": {
                "made": {"payoffs": used["made"], "expected": {"reset": 3.2, "confrontation": 2.8},
                         "switching": {"future": "partner", "probability": 16.98, "reset_wins_above": True}},
                "continued": {"payoffs": used["continued"], "expected": {"reset": 2.2, "confrontation": 2.8},
                              "switching": {"future": "partner", "probability": 24.53, "reset_wins_above": True}},
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
    save_who_pays(folder, pseudonym)
    save_gamble(folder, pseudonym)
    save_hindsight(folder, pseudonym)
