"""Write a realistic fake class of saved answers into a folder, to try the teacher notebook or test it.

    python tools/fake_class.py /tmp/demo-class        # then point notebook 90 at that folder

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

from reset_ledger.data import load  # noqa: E402
from reset_ledger.responses import Response, save  # noqa: E402

DISCOUNT = {"delivered": 1.0, "promised": 0.5, "hoped-for": 0.25}
BROKEN = {
    "02-the-ledger--broken.json": "{this is not json",
    "02-the-ledger--future.json": '{"schema": "reset-ledger/response", "schema_version": 99}',
    "notes.txt": "a stray file",
}


@dataclass
class Truth:
    """What the generated class contains, computed independently of the package's class results."""

    students: dict[str, int] = field(default_factory=dict)
    balances: list[float] = field(default_factory=list)
    priors: list[int] = field(default_factory=list)
    refused: int = len(BROKEN)


def make_class(folder: Path, size: int = 30, seed: int = 2010) -> Truth:
    """Save `size` students' answers (some incomplete) plus a few broken files; return the truth."""
    rng = random.Random(seed)
    items, forecasts = load("ledger_items"), load("forecasts")
    truth = Truth(students={"00-start-here": 0, "02-the-ledger": 0})
    for number in range(1, size + 1):
        pseudonym = f"student{number:02d}"
        if rng.random() < 0.9:
            prior = rng.randint(0, 100)
            bets = {
                f: {"answer": rng.choice(["yes", "no"]), "confidence": rng.choice(range(50, 101, 5))}
                for f in forecasts["forecast_id"]
            }
            answers = {"bets": {"forecasts": bets, "prior": prior, "prior_why": rng.choice(["", "Deals are deals."])}}
            save(Response("00-start-here", pseudonym, answers, locked=True), folder)
            truth.students["00-start-here"] += 1
            truth.priors.append(prior)
        if rng.random() < 0.8:
            scores, total = {}, 0.0
            for item in items.itertuples():
                if rng.random() < 0.15:
                    continue  # an item this student never scored
                value = max(-5, min(5, int(item.author_value) + rng.randint(-3, 3)))
                certainty = str(item.certainty) if rng.random() < 0.8 else rng.choice(list(DISCOUNT))
                why = rng.choice(["", "It matters for Afghanistan.", "<b>Allies</b> pay & Russia gains", "Too early to tell."])
                scores[str(item.item_id)] = {"value": value, "certainty": certainty, "why": why}
                total += value * DISCOUNT[certainty]
            flagged = ["iran-sanctions", "arms-sales", "rogue-states"] if rng.random() < 0.3 else []
            save(Response("02-the-ledger", pseudonym, {"ledger": {"scores": scores, "double_count": flagged}}), folder)
            truth.students["02-the-ledger"] += 1
            truth.balances.append(total)
    for name, content in BROKEN.items():
        (folder / name).write_text(content, encoding="utf-8")
    return truth


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("demo-class")
    target.mkdir(parents=True, exist_ok=True)
    made = make_class(target)
    print(f"Wrote a class of 30 into {target}: {made.students} answers, {made.refused} broken files.")
