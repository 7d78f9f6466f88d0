"""The shape of a saved answer for each notebook, built from data ids and compiled to a JSON Schema that the
store validates every file against, on saving and on reading. The store sits below this module: it imports
nothing from the domain, and this module registers the formats with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from reset_ledger.data import load
from reset_ledger.gamble import ADJUST_RANGE, FRAMINGS, POLICIES
from reset_ledger.ledger import OVERLAP_MARKS, VALUE_RANGE
from reset_ledger.responses import WHOLE_CHARACTERS, checker, register, schema_problems
from reset_ledger.schema import CERTAINTIES, IMPACT_RANGE, ROLES, SIDES
from reset_ledger.verdict import N_LINES, OWN_DEAL, STRENGTHS, TRANSFER_DEALS

MAX_TEXT = 4000  # characters in one free-text answer


@dataclass(frozen=True)
class Number:
    """A finite number within [low, high]."""

    low: float
    high: float
    integer: bool = False


@dataclass(frozen=True)
class Text:
    """Free text a student typed (stored as given, escaped wherever shown)."""

    max_chars: int = MAX_TEXT


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of strings."""

    options: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """True or false."""


@dataclass(frozen=True)
class Fields:
    """A record with named fields; every field must be present unless listed as optional."""

    fields: Mapping[str, Spec]
    optional: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Each:
    """A mapping from known ids (for example ledger item ids) to values of one shape."""

    keys: tuple[str, ...]
    value: Spec


@dataclass(frozen=True)
class ListOf:
    """A list of values of one shape, at most `max_items` long."""

    value: Spec
    max_items: int = 50


Spec = Number | Text | Choice | Flag | Fields | Each | ListOf


def json_schema(spec: Spec) -> dict:
    """The JSON Schema a spec stands for: types, bounds, lengths, required keys and no unknown keys."""
    if isinstance(spec, Number):
        return {"type": "integer" if spec.integer else "number", "minimum": spec.low, "maximum": spec.high}
    if isinstance(spec, Text):
        return {"type": "string", "maxLength": spec.max_chars, "pattern": WHOLE_CHARACTERS}
    if isinstance(spec, Choice):
        return {"enum": list(spec.options)}
    if isinstance(spec, Flag):
        return {"type": "boolean"}
    if isinstance(spec, ListOf):
        return {"type": "array", "items": json_schema(spec.value), "maxItems": spec.max_items}
    if isinstance(spec, Each):
        return {"type": "object", "propertyNames": {"enum": list(spec.keys)}, "additionalProperties": json_schema(spec.value)}
    return {
        "type": "object",
        "properties": {name: json_schema(value) for name, value in spec.fields.items()},
        "required": [name for name in spec.fields if name not in spec.optional],
        "additionalProperties": False,
    }


def problems(spec: Spec, value: object) -> list[str]:
    """Every way `value` breaks `spec`, each naming the field; empty when the value is valid."""
    return schema_problems(checker(json_schema(spec)), value, "answers")


def spec_for(notebook: str) -> Spec:
    """The answer spec of a notebook; its ids come from data/, so it is built when asked for."""
    if notebook not in SPECS:
        raise KeyError(f"notebook {notebook!r} saves no answers; known: {', '.join(SPECS)}")
    return SPECS[notebook]()


def _whole(low: int, high: int) -> Number:
    return Number(low, high, integer=True)


def _bets() -> Spec:
    """00: six forecasts (yes/no and a confidence of 50–100 %) and a 0–100 prior, locked once saved."""
    forecasts = tuple(load("forecasts")["forecast_id"])
    return Fields(
        {
            "bets": Fields(
                {
                    "forecasts": Each(forecasts, Fields({"answer": Choice(("yes", "no")), "confidence": _whole(50, 100)})),
                    "prior": _whole(0, 100),
                    "prior_why": Text(),
                }
            )
        }
    )


def _ledger() -> Spec:
    """02: a worth and a certainty for every ledger item, a reason each, and the group letter of each item the student
    judges to count the same thing as another (gives and takes alike)."""
    items = tuple(load("ledger_items")["item_id"])
    score = Fields({"value": _whole(-5, 5), "certainty": Choice(CERTAINTIES), "why": Text()})
    return Fields({"ledger": Fields({"scores": Each(items, score), "overlaps": Each(items, Choice(OVERLAP_MARKS))})})


def _weighing() -> Spec:
    """03: raw swing weights per criterion (0–100), the lens preset they started from ('' if none), the leader
    and scores they give (computed when saved), why; the puzzle's one change; the decoy explanation."""
    criteria = tuple(load("criteria")["criterion_id"])
    options = load("options")
    policies = tuple(options.loc[options["kind"] == "policy", "option_id"])
    lenses = tuple(load("lenses")["lens_id"])
    return Fields(
        {
            "weights": Fields(
                {
                    "weights": Each(criteria, _whole(0, 100)),
                    "lens": Choice(lenses + ("",)),
                    "winner": Choice(policies + ("",)),
                    "scores": Each(policies, Number(0, 100)),
                    "winner_why": Text(),
                }
            ),
            "puzzle": Fields(
                {"criterion": Choice(criteria), "weight": _whole(0, 100), "confrontation_leads": Flag(), "smallest": Flag()}
            ),
            "decoy": Fields({"explanation": Text()}),
        }
    )


def _argument() -> Spec:
    """01: for each claim (keyed by internal id) a role and the claim it supports ('main' for the main claim), the
    student's own hidden warrant, the reference warrants they found close to it, a reason for each difference from
    the reference map; and for each checkable claim a verdict and the detail that decides it. The parents and the
    checks are optional, so answers saved before they existed still load."""
    # Imported here: the argument module draws charts, which answer checking never needs.
    from reset_ledger.argument import MAIN, checkable
    from reset_ledger.schema import CHECKS

    claims = load("claims")
    ids = tuple(claims["claim_id"])
    checked = tuple(checkable(claims)["claim_id"])
    warrants = tuple(load("warrants")["warrant_id"])
    return Fields(
        {
            "roles": Fields(
                {
                    "roles": Each(ids, Choice(ROLES)),
                    "parents": Each(ids, Choice(ids + (MAIN,))),
                    "warrants": ListOf(Choice(warrants), len(warrants)),
                    "own_warrant": Text(),
                    "explanations": Each(ids, Text()),
                },
                optional=frozenset({"parents"}),
            ),
            "checks": Fields({"verdicts": Each(checked, Choice(CHECKS)), "notes": Each(checked, Text())}),
        },
        optional=frozenset({"checks"}),
    )


def _who_pays() -> Spec:
    """04: a score for every party and item, who pays most and why; and the ratification game's last setting
    (senators for the treaty by party; senators and representatives against the nuclear deal; the president's choice)."""
    parties = tuple(load("stakeholders")["stakeholder_id"])
    items = tuple(load("ledger_items")["item_id"])
    congress = load("congress")
    senate = congress[congress["chamber"] == "senate"]
    seats = {house: int(congress.loc[congress["chamber"] == house, "seats"].sum()) for house in ("senate", "house")}
    return Fields(
        {
            "who_pays": Fields(
                {
                    "scores": Each(parties, Each(items, _whole(*IMPACT_RANGE))),
                    "discounted": Flag(),
                    "payer": Choice(parties + ("",)),
                    "why": Text(),
                }
            ),
            "win_set": Fields(
                {
                    "rule": Choice(tuple(load("ratification")["rule_id"])),
                    "support": Each(tuple(senate["bloc_id"]), _whole(0, int(senate["seats"].max()))),
                    "against": Fields({house: _whole(0, n) for house, n in seats.items()}),
                    "president_signs": Flag(),
                },
                optional=frozenset({"against", "president_signs"}),  # answers saved before the review game had them
            ),
        }
    )


def _gamble() -> Spec:
    """05: chances for the three futures (in %), where the reset's payoffs came from, the question on screen, the
    payoffs before and the student's changes after, choice and reasons, and the results notebook 07 reads for both
    questions (payoffs in use, expected values, and the switching chance when there is one)."""
    futures = tuple(load("futures")["future_id"])
    # A ledger of n items, and confrontation's m components, are each worth at most 5n (5m) either way.
    limit = VALUE_RANGE[1] * (len(load("ledger_items")) + len(load("confrontation")))

    def per_policy(value: Spec) -> Fields:
        return Fields({p: Fields({f: value for f in futures}) for p in POLICIES})

    switching = Fields({"future": Choice(futures), "probability": Number(0, 100), "reset_wins_above": Flag()})
    result = Fields(
        {
            "payoffs": per_policy(Number(-limit + ADJUST_RANGE[0], limit + ADJUST_RANGE[1])),
            "expected": Fields({p: Number(-limit + ADJUST_RANGE[0], limit + ADJUST_RANGE[1]) for p in POLICIES}),
            "switching": switching,
        },
        optional=frozenset({"switching"}),
    )
    return Fields(
        {
            "gamble": Fields(
                {
                    "probabilities": Fields({f: _whole(0, 100) for f in futures}),
                    "payoff_source": Choice(("ledger", "defaults")),
                    "framing": Choice(FRAMINGS),
                    "base_payoffs": Fields({q: per_policy(Number(-limit, limit)) for q in FRAMINGS}),
                    "adjustments": per_policy(Number(*ADJUST_RANGE)),
                    "adjust_why": Text(),
                    "choice": Choice(POLICIES),
                    "choice_why": Text(),
                    "results": Fields({q: result for q in FRAMINGS}),
                },
                optional=frozenset({"choice"}),
            )
        }
    )


def _hindsight() -> Spec:
    """06: the bets scored (from 00, or made with hindsight and marked so), the prediction written before each reveal,
    the reveals opened, the Brier score once all are open; each outcome after the article placed by the student (the
    reset's way, mixed, against it, can't tell) and the hardest one; then the decision judged as it looked then (with
    its reason, and whether it was fixed before the first reveal), the future that came closest, the outcome judged by
    what happened, and the opinion now (the posterior to set beside 00's prior). Files saved before the outcomes and the
    decision's reason were asked for stay readable: those parts are optional."""
    # Imported here (as for 07): hindsight.py reads saved answers through responses.py, which imports this module.
    from reset_ledger.hindsight import UNSURE
    from reset_ledger.schema import READINGS  # kept inside this spec so that changes for 06 stay in one place

    forecasts = tuple(load("forecasts")["forecast_id"])
    bet = Fields({"answer": Choice(("yes", "no")), "confidence": _whole(50, 100)})
    results = Fields({"brier": Number(0, 1), "baseline": Number(0, 1), "scored": _whole(1, len(forecasts))})
    hindsight = Fields(
        {
            "bets_source": Choice(("00-start-here", "hindsight", "none")),
            "bets": Each(forecasts, bet),
            "gaps": Each(forecasts, Text()),
            "revealed": ListOf(Choice(forecasts), len(forecasts)),
            "results": results,
        },
        optional=frozenset({"results"}),
    )
    outcomes = Fields(
        {"placed": Each(tuple(load("outcomes")["outcome_id"]), Choice((*READINGS, UNSURE))), "hardest": Text()}
    )
    judgement = Fields(
        {
            "future": Choice(tuple(load("futures")["future_id"])),
            "future_why": Text(),
            "decision": _whole(0, 100),
            "decision_why": Text(),
            "decision_made": Choice(("before-reveals", "after-reveals")),
            "outcome": _whole(0, 100),
            "why": Text(),
            "posterior": _whole(0, 100),
            "posterior_why": Text(),
        },
        optional=frozenset({"future", "decision_why", "decision_made"}),
    )
    return Fields({"hindsight": hindsight, "outcomes": outcomes, "judgement": judgement}, optional=frozenset({"outcomes"}))


def _verdict() -> Spec:
    """07: the final opinion (the posterior notebook 90 reads), the claim and its qualifier, the evidence picked and
    what each shows, the reasoning through the student's own lens, the rebuttal from a different lens and the reply,
    why the opinion changed; and the 'now you try' deal with its small ledger and verdict."""
    lenses = tuple(load("lenses")["lens_id"]) + ("",)
    evidence = tuple(f"item:{i}" for i in load("ledger_items")["item_id"]) + tuple(f"event:{e}" for e in load("events")["event_id"])
    line = Fields({"label": Text(200), "side": Choice(SIDES), "value": _whole(*VALUE_RANGE), "certainty": Choice(CERTAINTIES)})
    return Fields(
        {
            "verdict": Fields(
                {
                    "posterior": _whole(0, 100),
                    "strength": Choice(STRENGTHS + ("",)),
                    "unless": Text(),
                    "claim": Text(),
                    "evidence": ListOf(Choice(evidence), len(evidence)),
                    "evidence_why": Each(evidence, Text()),
                    "reasoning": Text(),
                    "own_lens": Choice(lenses),
                    "rebuttal_lens": Choice(lenses),
                    "rebuttal": Text(),
                    "reply": Text(),
                    "change_why": Text(),
                }
            ),
            "transfer": Fields(
                {
                    "deal": Choice(TRANSFER_DEALS + (OWN_DEAL, "")),
                    "own_deal": Text(300),
                    "lines": ListOf(line, N_LINES),
                    "verdict": Text(),
                }
            ),
        }
    )


SPECS: dict[str, Callable[[], Spec]] = {
    "00-start-here": _bets,
    "01-the-argument": _argument,
    "02-the-ledger": _ledger,
    "03-weigh-it": _weighing,
    "04-who-pays": _who_pays,
    "05-the-gamble": _gamble,
    "06-hindsight": _hindsight,
    "07-your-verdict": _verdict,
}


register({notebook: (lambda notebook=notebook: json_schema(spec_for(notebook))) for notebook in SPECS})
