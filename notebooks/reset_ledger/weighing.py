"""Weigh it: a weighted sum of anchored 0–100 scores with swing weights, and the checks that keep it
honest — where the verdict flips, how far each weight can move it, and how a decoy option reverses
the ranking once scores are rescaled against the options present.

Weights are raw swing weights (0–100 per criterion, as the sliders show them); every computation
renormalises them to shares that sum to one. Switching values are exact fractions, so the
answers to "what is the smallest change?" can be checked by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

WEIGHT_RANGE = (0, 100)
ALL_ZERO = "Every weight is 0, so nothing is being weighed: give at least one criterion a weight above 0."


class WeightError(ValueError):
    """The weights cannot be turned into shares (all zero, negative, or a criterion missing)."""


def performance_matrix(performance: pd.DataFrame, options: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """Scores as a table: one row per option, one column per criterion, both in the data's order."""
    wide = performance.pivot(index="option_id", columns="criterion_id", values="score").astype(int)
    return wide.loc[list(options["option_id"]), list(criteria["criterion_id"])].rename_axis(index=None, columns=None)


def lens_weights(weights: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Each lens's raw weight per criterion, lenses and criteria in the data's order."""
    return {
        lens: {row.criterion_id: int(row.weight) for row in group.itertuples()}
        for lens, group in weights.groupby("lens_id", sort=False)
    }


def shares(raw: Mapping[str, float]) -> dict[str, float]:
    """Renormalise raw weights so they sum to one: raising one weight lowers every other share."""
    if any(w < 0 for w in raw.values()):
        raise WeightError("Weights cannot be negative.")
    total = sum(raw.values())
    if total <= 0:
        raise WeightError(ALL_ZERO)
    return {criterion: w / total for criterion, w in raw.items()}


def _checked(matrix: pd.DataFrame, raw: Mapping[str, float]) -> None:
    missing = [c for c in matrix.columns if c not in raw]
    if missing:
        raise WeightError(f"No weight for {', '.join(missing)}.")


def weighted_scores(matrix: pd.DataFrame, raw: Mapping[str, float]) -> pd.Series:
    """Each option's weighted score (0–100): the sum of its scores times the criteria's shares, worked out as the
    scores times the raw weights, summed, over the total weight: one rounding, so a chart computing it in the page
    from whole numbers gets the very same number and writes it the same way."""
    _checked(matrix, raw)
    weights = pd.Series({c: raw[c] for c in matrix.columns})
    shares(weights.to_dict())
    return matrix.dot(weights) / weights.sum()


def ranking(scores: pd.Series) -> list[str]:
    """Options from best to worst; equal scores keep the data's order."""
    return list(scores.sort_values(ascending=False, kind="stable").index)


class _Exact:
    """The matrix as plain integers, for comparing options exactly and many times over. Options share
    one denominator (the sum of the weights), so comparing weighted sums is enough."""

    def __init__(self, matrix: pd.DataFrame):
        self.criteria = list(matrix.columns)
        self.rows = {option: [int(v) for v in row] for option, row in zip(matrix.index, matrix.to_numpy().tolist())}

    def top(self, raw: Mapping[str, Fraction | float]) -> list[str]:
        """The option(s) with the highest weighted sum (all of them when every weight is 0)."""
        weights = [Fraction(raw[c]) for c in self.criteria]
        sums = {option: sum(w * s for w, s in zip(weights, row)) for option, row in self.rows.items()}
        best = max(sums.values())
        return [option for option, total in sums.items() if total == best]

    def leader(self, raw: Mapping[str, Fraction | float]) -> str | None:
        """The option strictly ahead; None for a tie at the top or when every weight is 0."""
        top = self.top(raw)
        return top[0] if len(top) == 1 and sum(Fraction(raw[c]) for c in self.criteria) > 0 else None

    def tie(self, raw: Mapping[str, float], criterion: str, a: str, b: str) -> Fraction | None:
        """Where options a and b tie as `criterion`'s weight moves (see tie_weight)."""
        i = self.criteria.index(criterion)
        d = self.rows[a][i] - self.rows[b][i]
        if d == 0:
            return None
        gap = sum(Fraction(raw[c]) * (x - y) for j, (c, x, y) in enumerate(zip(self.criteria, self.rows[a], self.rows[b])) if j != i)
        return -gap / d


def leaders(matrix: pd.DataFrame, raw: Mapping[str, float]) -> list[str]:
    """The option(s) with the highest score, compared exactly (two or more means a tie at the top)."""
    _checked(matrix, raw)
    shares({c: raw[c] for c in matrix.columns})
    return _Exact(matrix).top(raw)


def winner(matrix: pd.DataFrame, raw: Mapping[str, float]) -> str | None:
    """The option that scores strictly highest, or None when the top is tied."""
    top = leaders(matrix, raw)
    return top[0] if len(top) == 1 else None


def tie_weight(matrix: pd.DataFrame, raw: Mapping[str, float], criterion: str, a: str, b: str) -> Fraction | None:
    """The raw weight of `criterion` at which options a and b score the same, the others held (None if never).

    With the other weights fixed, score(a) − score(b) = (G + x·d) / (S + x): G is the weighted gap on
    the other criteria, d the gap on this one, S the other weights' sum. It is zero at x = −G/d.
    """
    return _Exact(matrix).tie(raw, criterion, a, b)


def _moved(raw: Mapping[str, float], criterion: str, value: Fraction | int) -> dict[str, Fraction | float]:
    return {**raw, criterion: Fraction(value)}


@dataclass(frozen=True)
class Segment:
    """A stretch of one weight's range (low to high, ends excluded) over which one option leads throughout."""

    low: Fraction
    high: Fraction
    leader: str | None


def _leader_map(exact: _Exact, raw: Mapping[str, float], criterion: str) -> list[Segment]:
    low, high = (Fraction(v) for v in WEIGHT_RANGE)
    points = {low, high}
    options = list(exact.rows)
    for i, a in enumerate(options):
        for b in options[i + 1:]:
            tie = exact.tie(raw, criterion, a, b)
            if tie is not None and low < tie < high:
                points.add(tie)
    ordered = sorted(points)
    segments: list[Segment] = []
    for start, end in zip(ordered, ordered[1:]):
        leader = exact.leader(_moved(raw, criterion, (start + end) / 2))
        if segments and segments[-1].leader == leader:
            segments[-1] = Segment(segments[-1].low, end, leader)
        else:
            segments.append(Segment(start, end, leader))
    return segments


def leader_map(matrix: pd.DataFrame, raw: Mapping[str, float], criterion: str) -> list[Segment]:
    """Who leads as one weight moves across 0–100, the others held: the leader can change only where
    two options tie, so it is constant between consecutive tie points."""
    return _leader_map(_Exact(matrix), raw, criterion)


@dataclass(frozen=True)
class Change:
    """One weight moved from `current` to the whole slider value `to`, the others held, so that `leader` leads.

    `tie` is the exact switching value: where the old and the new leader score the same."""

    criterion: str
    current: int
    tie: Fraction
    to: int
    leader: str

    @property
    def size(self) -> int:
        """How far the slider moves."""
        return abs(self.to - self.current)


def change_to_lead(matrix: pd.DataFrame, raw: Mapping[str, float], criterion: str, option: str) -> Change | None:
    """The smallest move of one weight (to a whole value, the others held) that puts `option` strictly
    ahead, or None if no value in 0–100 does. `tie` is where it starts to lead."""
    exact = _Exact(matrix)
    current = int(raw[criterion])
    best: Change | None = None
    for segment in _leader_map(exact, raw, criterion):
        if segment.leader != option:
            continue
        wholes = sorted(range(math.ceil(segment.low), math.floor(segment.high) + 1), key=lambda v: (abs(v - current), v))
        to = next((v for v in wholes if exact.leader(_moved(raw, criterion, v)) == option), None)
        if to is None:
            continue
        tie = segment.low if to > current else segment.high if to < current else Fraction(current)
        if best is None or abs(to - current) < best.size:
            best = Change(criterion, current, tie, to, option)
    return best


def switching_values(matrix: pd.DataFrame, raw: Mapping[str, float], criterion: str) -> tuple[Change | None, Change | None]:
    """Lowering, then raising, one weight with the others held: the exact value at which the current
    winner stops leading, and the first whole slider value past it with another leader.
    None in a direction where the winner leads all the way to 0 or to 100."""
    now = winner(matrix, raw)
    if now is None:
        raise WeightError("The top is tied now, so any change decides it: there is no switching value to find.")
    exact = _Exact(matrix)
    current = int(raw[criterion])
    segment = next(s for s in _leader_map(exact, raw, criterion) if s.leader == now and s.low <= current <= s.high)

    def first_other(values: range, tie: Fraction) -> Change | None:
        for value in values:
            leader = exact.leader(_moved(raw, criterion, value))
            if leader not in (None, now):
                return Change(criterion, current, tie, value, leader)
        return None

    down = first_other(range(math.ceil(segment.low) - 1, WEIGHT_RANGE[0] - 1, -1), segment.low) if segment.low > WEIGHT_RANGE[0] else None
    up = first_other(range(math.floor(segment.high) + 1, WEIGHT_RANGE[1] + 1), segment.high) if segment.high < WEIGHT_RANGE[1] else None
    return down, up


def smallest_flips(matrix: pd.DataFrame, raw: Mapping[str, float]) -> list[Change]:
    """Every single-weight move of the smallest size (others held) after which another option leads, in
    the criteria's order, lowering before raising; empty if no single weight can flip the verdict.
    Two moves can tie, and a student should see both."""
    found = [change for c in matrix.columns for change in switching_values(matrix, raw, c) if change is not None]
    smallest = min((change.size for change in found), default=None)
    return [change for change in found if change.size == smallest]


def smallest_change_to_lead(matrix: pd.DataFrame, raw: Mapping[str, float], option: str) -> Change | None:
    """The puzzle's answer: the smallest single-weight move that puts `option` ahead (None if none can)."""
    found = [c for criterion in matrix.columns if (c := change_to_lead(matrix, raw, criterion, option)) is not None]
    return min(found, key=lambda c: c.size, default=None)


def margin(matrix: pd.DataFrame, raw: Mapping[str, float], a: str, b: str) -> float:
    """How far option a scores above option b (negative: below)."""
    scores = weighted_scores(matrix, raw)
    return float(scores[a] - scores[b])


def tornado(matrix: pd.DataFrame, raw: Mapping[str, float], a: str, b: str, low: int = 0, high: int = 100) -> pd.DataFrame:
    """One weight at a time from `low` to `high`, the others held at their values (and everything
    renormalised): a's lead over b at each end. Sorted by swing, widest first; a bar crossing zero flips
    the pair. A margin is NaN where every weight would be 0.

    With weight x on one criterion: lead = (G + x·d) / (S + x), as in tie_weight."""
    _checked(matrix, raw)
    gaps = {c: float(matrix.at[a, c] - matrix.at[b, c]) for c in matrix.columns}
    total_gap = sum(raw[c] * gaps[c] for c in matrix.columns)
    total = sum(raw[c] for c in matrix.columns)
    base = total_gap / total
    rows = []
    for c in matrix.columns:
        others_gap, others = total_gap - raw[c] * gaps[c], total - raw[c]
        ends = [(others_gap + x * gaps[c]) / (others + x) if others + x > 0 else float("nan") for x in (low, high)]
        rows.append({"criterion_id": c, "weight": raw[c], "margin_low": ends[0], "margin_high": ends[1], "swing": abs(ends[1] - ends[0])})
    frame = pd.DataFrame(rows).assign(margin_base=base)
    frame["flips"] = (frame[["margin_low", "margin_high"]] * (1 if base >= 0 else -1) < 0).any(axis=1)
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def spread(matrix: pd.DataFrame, raw: Mapping[str, float]) -> pd.DataFrame:
    """Keeney's check on 'importance' weights: per criterion, the share, how far apart the options
    score on it, and the most it can move the verdict between two options (share × spread)."""
    weights = shares({c: raw[c] for c in matrix.columns})
    frame = pd.DataFrame(
        {
            "criterion_id": list(matrix.columns),
            "share": [weights[c] for c in matrix.columns],
            "spread": [int(matrix[c].max() - matrix[c].min()) for c in matrix.columns],
        }
    )
    frame["reach"] = frame["share"] * frame["spread"]
    return frame


def heaviest_and_strongest(matrix: pd.DataFrame, raw: Mapping[str, float]) -> tuple[str, str]:
    """The criterion with the heaviest weight and the one that can move the verdict most (weight × spread), the
    first in the data's order on a tie; compared exactly, so a page recomputing them agrees to the last digit."""
    shares({c: raw[c] for c in matrix.columns})
    spreads = {c: int(matrix[c].max() - matrix[c].min()) for c in matrix.columns}
    heaviest = max(matrix.columns, key=lambda c: (Fraction(raw[c]), -list(matrix.columns).index(c)))
    strongest = max(matrix.columns, key=lambda c: (Fraction(raw[c]) * spreads[c], -list(matrix.columns).index(c)))
    return heaviest, strongest


def min_max(matrix: pd.DataFrame) -> pd.DataFrame:
    """Rescale each criterion to 0–100 against the options present: worst 0, best 100 (all 0 if they
    are level). The ends then depend on which options are on the table, not on anchors."""
    low, high = matrix.min(), matrix.max()
    width = (high - low).replace(0, 1)
    return (matrix - low) / width * 100


def rank_table(matrix: pd.DataFrame, raw: Mapping[str, float], decoy: str) -> pd.DataFrame:
    """Each option's score and rank with and without the decoy, on anchored scales and on min–max
    rescaled ones: anchored ranks cannot move when an option is added; min–max ranks can."""
    without = matrix.drop(index=decoy)
    rows = []
    for scaling, rescale in (("anchored", lambda m: m), ("min-max", min_max)):
        for present, table in (("without", without), ("with", matrix)):
            scores = weighted_scores(rescale(table), raw)
            order = ranking(scores)
            rows += [
                {"scaling": scaling, "decoy": present, "option_id": o, "score": float(scores[o]), "rank": order.index(o) + 1}
                for o in table.index
            ]
    return pd.DataFrame(rows)


def reversed_pairs(ranks: pd.DataFrame, scaling: str, decoy: str) -> list[tuple[str, str]]:
    """Pairs of the original options whose order swaps when the decoy is added (first: ahead before)."""
    chosen = ranks[(ranks["scaling"] == scaling) & (ranks["option_id"] != decoy)]
    before = chosen[chosen["decoy"] == "without"].set_index("option_id")["rank"]
    after = chosen[chosen["decoy"] == "with"].set_index("option_id")["rank"]
    options = list(before.sort_values().index)
    return [(a, b) for i, a in enumerate(options) for b in options[i + 1:] if after[a] > after[b]]


def decoy_order_line(ranks: pd.DataFrame, scaling: str, decoy: str, names: Mapping[str, str]) -> str:
    """The original options' order without and with the decoy, side by side: one order reads more easily than a
    list of swapped pairs."""
    chosen = ranks[(ranks["scaling"] == scaling) & (ranks["option_id"] != decoy)]
    order = {present: " > ".join(names[o] for o in group.sort_values("rank")["option_id"])
             for present, group in chosen.groupby("decoy")}
    return (f"Without the decoy: {order['without']}. With it: {order['with']}. The order changed, though none of these "
            "options changed and nobody would choose the decoy.")


def stretched(matrix: pd.DataFrame, decoy: str) -> list[str]:
    """The criteria whose min–max range the decoy widens (it scores below the worst or above the best)."""
    others = matrix.drop(index=decoy)
    return [c for c in matrix.columns if matrix.at[decoy, c] < others[c].min() or matrix.at[decoy, c] > others[c].max()]


def lens_cases(lenses: pd.DataFrame, weights: Mapping[str, Mapping[str, float]], matrix: pd.DataFrame) -> pd.DataFrame:
    """Each lens's case, the criteria it weighs most and the option its weights put first (None for a tie),
    so a student can choose a lens by its argument in any notebook that asks for one."""
    rows = []
    for lens in lenses.itertuples():
        raw = weights[lens.lens_id]
        heaviest = max(raw.values())
        rows.append(
            {
                "lens_id": lens.lens_id,
                "label": str(lens.label),
                "summary": str(lens.summary),
                "case": str(lens.justification),
                "weighs_most": [c for c in matrix.columns if raw[c] == heaviest],
                "leader": winner(matrix, raw),
                "scores": weighted_scores(matrix, raw),
            }
        )
    return pd.DataFrame(rows)


def lens_distance(raw: Mapping[str, float], other: Mapping[str, float]) -> float:
    """How many percentage points of weight would have to move for one set of shares to match the other
    (half the sum of absolute share differences): 0 = identical, 100 = nothing in common."""
    a, b = shares(raw), shares(other)
    return 50 * sum(abs(a[c] - b[c]) for c in a)
