"""Write a realistic fake class of saved answers into a folder, to try the teacher notebook or test it.

    python tools/fake_class.py /tmp/demo-class        # then point notebook 90 at that folder
    python tools/fake_class.py /tmp/big-class 5000   # a class of 5,000 (make bench uses it)

Students answer some notebooks and not others, skip items, write reasons (one with HTML in it),
and a few broken files sit beside the good ones, as they would after a real lesson.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))

import reset_ledger.answers  # noqa: E402,F401  (registers every notebook's answer format with the store)
from reset_ledger.data import load  # noqa: E402
from reset_ledger.answer_codes import Session, hash_code  # noqa: E402
from reset_ledger.responses import Response, save  # noqa: E402
from reset_ledger.weighing import performance_matrix, weighted_scores, winner  # noqa: E402

DISCOUNT = {"delivered": 1.0, "promised": 0.5, "hoped-for": 0.25}
BROKEN = {
    "02-the-ledger--broken.json": "{this is not json",
    "02-the-ledger--future.json": '{"schema": "reset-ledger/response", "schema_version": 99}',
    "notes.txt": "a stray file",
}
CODE = "CAT-347"  # every made-up student shares one answer code: hashing one per student would take minutes


class FakeStudents:
    """Saves made-up students' answers: one session that knows the shared code, and its hash computed once."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.session, self.code_hash = folder, Session(), hash_code(CODE)

    def save(self, response: Response) -> None:
        """Save as that student would, under the shared answer code."""
        stamped = Response(response.notebook, response.pseudonym, response.answers, response.locked, code_hash=self.code_hash)
        save(stamped, self.folder, self.session, CODE)


@dataclass
class Truth:
    """What the generated class contains, computed independently of the package's class results."""

    students: dict[str, int] = field(default_factory=dict)
    balances: list[float] = field(default_factory=list)
    priors: list[int] = field(default_factory=list)
    briers: list[float] = field(default_factory=list)
    disputed: tuple[str, float] = ("", 0.0)  # the claim most often tagged unlike the reference, and that share
    lenses: dict[str, int] = field(default_factory=dict)
    shifts: list[tuple[int, int]] = field(default_factory=list)  # (prior, posterior) of students who gave both
    own_lenses: dict[str, int] = field(default_factory=dict)  # 07: the lens each verdict argued from
    refused: int = len(BROKEN)


def make_class(folder: Path, size: int = 30, seed: int = 2010) -> Truth:
    """Save `size` students' answers (some notebooks skipped, some items unscored) plus a few broken files;
    return the truth, computed here by hand rather than with the package's class results."""
    rng = random.Random(seed)
    students = FakeStudents(folder)
    items, forecasts, claims = load("ledger_items"), load("forecasts"), load("claims")
    came_true = {row.forecast_id: row.resolution == "yes" for row in forecasts.itertuples()}
    notebooks = ("00-start-here", "01-the-argument", "02-the-ledger", "03-weigh-it", "06-hindsight", "07-your-verdict")
    truth = Truth(students=dict.fromkeys(notebooks, 0))
    tags: dict[str, list[bool]] = {c: [] for c in claims["claim_id"]}
    for number in range(1, size + 1):
        pseudonym = f"student{number:02d}"
        prior = None
        if rng.random() < 0.9:
            prior = rng.randint(0, 100)
            bets = {f: {"answer": rng.choice(["yes", "no"]), "confidence": rng.choice(range(50, 101, 5))} for f in forecasts["forecast_id"]}
            answers = {"bets": {"forecasts": bets, "prior": prior, "prior_why": rng.choice(["", "Deals are deals."])}}
            students.save(Response("00-start-here", pseudonym, answers, locked=True))
            truth.students["00-start-here"] += 1
            truth.priors.append(prior)
            errors = [((b["confidence"] / 100 if b["answer"] == "yes" else 1 - b["confidence"] / 100) - came_true[f]) ** 2 for f, b in bets.items()]
            truth.briers.append(sum(errors) / len(errors))
        if rng.random() < 0.75:
            students.save(Response("01-the-argument", pseudonym, {"roles": _roles(rng, claims, tags)}))
            truth.students["01-the-argument"] += 1
        if rng.random() < 0.8:
            ledger, total = _ledger(rng, items)
            students.save(Response("02-the-ledger", pseudonym, {"ledger": ledger}))
            truth.students["02-the-ledger"] += 1
            truth.balances.append(total)
        if rng.random() < 0.7:
            weights = _weights(rng)
            students.save(Response("03-weigh-it", pseudonym, weights))
            truth.students["03-weigh-it"] += 1
            lens = weights["weights"]["lens"]
            truth.lenses[lens] = truth.lenses.get(lens, 0) + 1
        posterior = None
        if rng.random() < 0.6:
            posterior = rng.randint(0, 100)
            students.save(Response("06-hindsight", pseudonym, _hindsight(rng, posterior)))
            truth.students["06-hindsight"] += 1
        if rng.random() < 0.5:
            verdict = _verdict(rng)
            students.save(Response("07-your-verdict", pseudonym, verdict))
            truth.students["07-your-verdict"] += 1
            posterior = verdict["verdict"]["posterior"]  # the final opinion wins over 06's
            own = verdict["verdict"]["own_lens"]
            truth.own_lenses[own] = truth.own_lenses.get(own, 0) + 1
        if prior is not None and posterior is not None:
            truth.shifts.append((prior, posterior))
    shares = {c: sum(t) / len(t) for c, t in tags.items() if t}
    top = max(sorted(shares), key=lambda c: shares[c])
    truth.disputed = (top, shares[top])
    for name, content in BROKEN.items():
        (folder / name).write_text(content, encoding="utf-8")
    return truth


def _roles(rng: random.Random, claims, tags: dict[str, list[bool]]) -> dict:
    """Roles for most claims: mostly the reference's, some not, and G1's motive often read as framing."""
    roles, explanations = {}, {}
    options = sorted(set(claims["role"].astype(str)))
    for claim in claims.itertuples():
        if rng.random() < 0.1:
            continue  # left untagged
        differ = rng.random() < (0.6 if claim.claim_id == "G1" else 0.2)
        role = ("framing" if claim.claim_id == "G1" else rng.choice([o for o in options if o != claim.role])) if differ else str(claim.role)
        roles[str(claim.claim_id)] = role
        tags[str(claim.claim_id)].append(differ)
        if differ:
            explanations[str(claim.claim_id)] = "It reads to me as setting the scene."
    return {"roles": roles, "warrants": ["W2"], "own_warrant": "", "explanations": explanations}


def _ledger(rng: random.Random, items) -> tuple[dict, float]:
    """A ledger near the author's, some items unscored; and its balance worked out by hand."""
    scores, total = {}, 0.0
    for item in items.itertuples():
        if rng.random() < 0.15:
            continue  # an item this student never scored
        value = max(-5, min(5, int(item.author_value) + rng.randint(-3, 3)))
        certainty = str(item.certainty) if rng.random() < 0.8 else rng.choice(list(DISCOUNT))
        why = rng.choice(["", "It matters for Afghanistan.", "<b>Allies</b> pay & Russia gains", "Too early to tell."])
        scores[str(item.item_id)] = {"value": value, "certainty": certainty, "why": why}
        total += value * DISCOUNT[certainty]
    overlaps = {item: "A" for item in ("iran-sanctions", "arms-sales", "rogue-states")} if rng.random() < 0.3 else {}
    return {"scores": scores, "overlaps": overlaps}, total


def _weights(rng: random.Random) -> dict:
    """Swing weights that started from a lens (or none), nudged, with the scores and leader they give."""
    lenses = load("lens_weights")
    lens = rng.choice(sorted(set(lenses["lens_id"])) + [""])
    start = dict(zip(lenses.loc[lenses["lens_id"] == (lens or "author"), "criterion_id"], lenses.loc[lenses["lens_id"] == (lens or "author"), "weight"]))
    weights = {c: max(0, min(100, int(w) + rng.randint(-20, 20))) for c, w in start.items()}
    weights[next(iter(weights))] = max(weights[next(iter(weights))], 10)  # never all zero
    options = load("options")
    matrix = performance_matrix(load("performance"), options[options["kind"] == "policy"], load("criteria"))
    scores = weighted_scores(matrix, weights)
    return {
        "weights": {"weights": weights, "lens": lens, "winner": winner(matrix, weights) or "",
                    "scores": {o: round(float(v), 2) for o, v in scores.items()}, "winner_why": "Security first."},
        "puzzle": {"criterion": next(iter(weights)), "weight": 50, "confrontation_leads": False, "smallest": False},
        "decoy": {"explanation": ""},
    }


def _verdict(rng: random.Random) -> dict:
    """A verdict from one lens, rebutted from another, with a qualifier; no 'now you try' deal."""
    lenses = sorted(set(load("lenses")["lens_id"]))
    own = rng.choice(lenses)
    verdict = {
        "posterior": rng.randint(0, 100), "strength": rng.choice(["probably", "on balance", "possibly", ""]),
        "unless": "", "claim": "On balance the reset was a fair deal.", "evidence": ["item:new-start", "item:manas"],
        "evidence_why": {}, "reasoning": "Security comes first.", "own_lens": own,
        "rebuttal_lens": rng.choice([lens for lens in lenses if lens != own]), "rebuttal": "Georgia paid.", "reply": "", "change_why": "",
    }
    return {"verdict": verdict, "transfer": {"deal": "", "own_deal": "", "lines": [], "verdict": ""}}


def _hindsight(rng: random.Random, posterior: int) -> dict:
    """The judgement part of 06 (the bets part left empty, as for a student who fetched none)."""
    judgement = {"future_why": "", "decision": rng.randint(0, 100), "outcome": rng.randint(0, 100), "why": "",
                 "posterior": posterior, "posterior_why": rng.choice(["", "Crimea changed my mind."])}
    return {"hindsight": {"bets_source": "none", "bets": {}, "gaps": {}, "revealed": []}, "judgement": judgement}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("demo-class")
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    target.mkdir(parents=True, exist_ok=True)
    made = make_class(target, size)
    print(f"Wrote a class of {size} into {target}: {made.students} answers, {made.refused} broken files.")
