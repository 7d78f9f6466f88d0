"""The order of the notebooks: one list that the README, the navigation links and the handout index follow."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notebook:
    """One notebook of the sequence."""

    number: str
    file: str
    title: str
    minutes: int
    summary: str

    @property
    def label(self) -> str:
        """How links and the README name it: '02 · The ledger'."""
        return f"{self.number} · {self.title}"


SEQUENCE = (
    Notebook("00", "00-start-here.ipynb", "Start here: place your bets", 55,
             "How the collection works, the article's context on a timeline, and six forecasts locked before reading."),
    Notebook("01", "01-the-argument.ipynb", "The argument, taken apart", 90,
             "Build your own map of the argument and a hidden warrant, compare with the reference map, check claims against the sources."),
    Notebook("02", "02-the-ledger.ipynb", "The ledger", 55,
             "Score every give, take, deal on the table and hoped-for return; judge which items may count the same thing twice."),
    Notebook("03", "03-weigh-it.ipynb", "Weigh it", 70,
             "Core: swing weights, one theory lens, the smallest change that flips the verdict. "
             "Extension: switching values, the tornado, rank reversal, every lens."),
    Notebook("04", "04-who-pays.ipynb", "Who pays?", 60,
             "A stakeholder-by-item matrix, the net for each party, and a two-level ratification game."),
    Notebook("05", "05-the-gamble.ipynb", "The gamble", 60,
             "Three futures; the reset worth making, and worth continuing once what is done for good is sunk; expected value, "
             "the switching probability and 100 futures."),
    Notebook("06", "06-hindsight.ipynb", "Hindsight", 70,
             "The decision judged as it looked then, your forecasts against what happened, a Brier score, what went the "
             "reset's way or against it, and good decisions versus good outcomes."),
    Notebook("07", "07-your-verdict.ipynb", "Your verdict", 85,
             "Your own numbers in a claim-evidence-reasoning-rebuttal write-up, prior against posterior."),
)
TEACHER = (
    Notebook("90", "90-teacher-class-results.ipynb", "Teacher: class results", 35,
             "Gather saved answers into class results, privately (k ≥ 5)."),
)


# The core path: three 50-minute lessons, one notebook each, that stand on their own (teacher/lesson-plans.md).
# Activities marked `core` in data/activities.csv are the ones its lessons do in class.
CORE_PATH = ("00", "02", "07")
LESSON_MINUTES = 50


def neighbours(file: str) -> tuple[Notebook | None, Notebook | None]:
    """The previous and next notebooks of the student sequence (None at either end)."""
    files = [nb.file for nb in SEQUENCE]
    index = files.index(file)
    return (
        SEQUENCE[index - 1] if index > 0 else None,
        SEQUENCE[index + 1] if index + 1 < len(SEQUENCE) else None,
    )
