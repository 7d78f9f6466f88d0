"""Exemplar verdicts for notebook 07: read from teacher/exemplars.toml, written out as teacher/exemplars.md.

Each exemplar is a verdict in the answer format notebook 07 saves, marked row by row against data/rubric.csv.
`python -m tools.exemplars` rewrites the page; `--check` only says whether the committed page is up to date.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCE = ROOT / "teacher" / "exemplars.toml"
PAGE = ROOT / "teacher" / "exemplars.md"
if str(NOTEBOOKS) not in sys.path:
    sys.path.insert(0, str(NOTEBOOKS))

from reset_ledger.citations import cite, display_date  # noqa: E402
from reset_ledger.data import load  # noqa: E402
from reset_ledger.verdict import EVEN, evidence_catalogue  # noqa: E402

# How the exemplars group totals (of the rubric's five rows at 0–2, so 10); a teacher may band differently.
BANDS = {"top": (9, 10), "middle": (5, 8), "low": (0, 4)}
CITED = re.compile(r"\[(event|item) ([\w.-]+)\]")
VERDICT_FIELDS = ("posterior", "strength", "unless", "claim", "reasoning", "own_lens", "rebuttal_lens", "rebuttal", "reply", "change_why")


@dataclass(frozen=True)
class Exemplar:
    """One marked verdict: its answers as notebook 07 saves them, a mark and a comment per rubric row, and a comment."""

    id: str
    title: str
    level: str
    verdict: dict
    marks: dict[str, int]
    comments: dict[str, str]
    comment: str

    @property
    def total(self) -> int:
        """The sum of the row marks."""
        return sum(self.marks.values())

    def texts(self) -> list[str]:
        """Everything the student wrote, part by part."""
        v = self.verdict
        return [v["claim"], v["unless"], v["reasoning"], v["rebuttal"], v["reply"], v["change_why"], *v["evidence_why"].values()]

    def cited(self) -> list[tuple[str, str]]:
        """Every ledger item and event the verdict cites: its evidence, then the ones named in its text, in order."""
        found = [tuple(e.split(":", 1)) for e in self.verdict["evidence"]]
        found += [match.groups() for text in self.texts() for match in CITED.finditer(text)]
        return list(dict.fromkeys(found))


def read(path: Path = SOURCE) -> list[Exemplar]:
    """The exemplars in the TOML file, each verdict shaped like notebook 07's saved answers."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)["exemplar"]
    exemplars = []
    for entry in raw:
        evidence = entry.get("evidence", [])
        verdict = {field: entry[field] for field in VERDICT_FIELDS}
        verdict |= {"evidence": [e["id"] for e in evidence], "evidence_why": {e["id"]: e["shows"] for e in evidence}}
        exemplars.append(Exemplar(
            id=entry["id"], title=entry["title"], level=entry["level"], verdict=verdict,
            marks={row: mark["mark"] for row, mark in entry["marks"].items()},
            comments={row: mark["comment"] for row, mark in entry["marks"].items()}, comment=entry["comment"],
        ))
    return exemplars


def row_max(rubric: pd.DataFrame) -> int:
    """The highest mark a rubric row gives: its top level column ('level_2' → 2)."""
    return max(int(column.removeprefix("level_")) for column in rubric.columns if column.startswith("level_"))


def direction(exemplar: Exemplar) -> str:
    """Which way the verdict goes, read from its final opinion on the 0–100 scale."""
    posterior = exemplar.verdict["posterior"]
    return "a good deal" if posterior > EVEN else "a bad deal" if posterior < EVEN else "even"


def _cited_line(kind: str, key: str, events: pd.DataFrame, items: pd.DataFrame, sources: pd.DataFrame) -> str:
    if kind == "event":
        event = events.loc[key]
        return (f"- **[event {key}]** {display_date(event['date'], event['precision'])}: {event['title']}. "
                f"Sources: {cite(event['source_ids'], sources).replace(chr(10), '; ')}")
    item = items.loc[key]
    return f"- **[item {key}]** {item['label']} (ledger item, notebook 02). Sources: {cite(item['source_ids'], sources).replace(chr(10), '; ')}"


def render(exemplars: list[Exemplar]) -> str:
    """The exemplars page: how to use it, the bands, then each verdict, its marks, and the sources it cites."""
    rubric = load("rubric").set_index("row_id")
    lenses = load("lenses").set_index("lens_id")["label"].astype(str)
    events, items, sources = load("events").set_index("event_id"), load("ledger_items").set_index("item_id"), load("sources")
    catalogue = evidence_catalogue(load("ledger_items"), load("events"), sources).set_index("evidence_id")
    most = row_max(rubric)
    top = most * len(rubric)
    lines = [
        "# Exemplar verdicts for notebook 07",
        "",
        "Four verdicts on the question of notebook 07, *was the reset a good deal for the United States?*, each marked row",
        f"by row against the rubric students see (`data/rubric.csv`: five parts, each 0, 1 or 2, so {top} in all).",
        "They were written by the Reset Ledger team to show the levels; they are not real students' work. Every fact",
        "they use is in the collection's data, with the sources listed under each verdict; the article is quoted only",
        "in phrases the argument map holds. Generated from `teacher/exemplars.toml` by `python -m tools.exemplars`.",
        "",
        "**The rubric grades reasoning, never the direction.** Exemplars A and B reach opposite verdicts and both",
        "score full marks: read them side by side with the class before a peer review.",
        "",
        "## How to use them",
        "",
        "- **Before writing (5 minutes):** show C beside A or B and ask what A does that C does not, part by part.",
        "- **Calibrating peer review:** students mark D and C with the rubric first, then compare their marks with the",
        "  ones below, before they mark each other's work.",
        "- **After writing:** ask students to find the one row where their verdict is most like C, and rewrite it.",
        "",
        "The notebook's checklist checks only that each part is there and long enough (C passes it); the rubric's",
        "levels are for a reader.",
        "",
        "| Band | Total | Exemplars |",
        "|---|---|---|",
    ]
    for band, (low, high) in BANDS.items():
        named = ", ".join(f"{e.id} ({direction(e)}, {e.total})" for e in exemplars if e.level == band)
        lines.append(f"| {band} | {low}–{high} of {top} | {named} |")
    for e in exemplars:
        v = e.verdict
        qualifier = v["strength"] or "(no strength chosen)"
        if v["unless"]:
            qualifier += f", unless {v['unless']}"
        lines += [
            "",
            f"## Exemplar {e.id} · {e.title}",
            "",
            f"**Level:** {e.level}, {e.total} of {top} · **Final opinion:** {v['posterior']} of 100 ({direction(e)})",
            "",
            "### The verdict",
            "",
            f"**Claim.** {v['claim']}",
            "",
            f"**Qualifier.** {qualifier}",
            "",
            "**Evidence.**",
            "",
        ]
        for n, evidence in enumerate(v["evidence"], start=1):
            row = catalogue.loc[evidence]
            lines.append(f"{n}. *{row['label']}*: {v['evidence_why'][evidence]}")
        lens = f" (through the {lenses[v['own_lens']]} lens)" if v["own_lens"] else ""
        other = f" (from the {lenses[v['rebuttal_lens']]} lens)" if v["rebuttal_lens"] else ""
        lines += [
            "",
            f"**Reasoning{lens}.** {v['reasoning'] or '(none)'}",
            "",
            f"**Rebuttal{other}.** {v['rebuttal'] or '(none)'}",
            "",
            f"**Reply.** {v['reply'] or '(none)'}",
            "",
            f"**What changed.** {v['change_why'] or '(none)'}",
            "",
            "### The marks",
            "",
            "| Part | Mark | Marker's comment |",
            "|---|---|---|",
        ]
        lines += [f"| {rubric.loc[row, 'part']} | {e.marks[row]} of {most} | {e.comments[row]} |" for row in rubric.index]
        lines += [
            f"| **Total** | **{e.total} of {top}** | |",
            "",
            f"**Marker's overall comment.** {e.comment}",
            "",
            "### What it cites",
            "",
        ]
        lines += [_cited_line(kind, key, events, items, sources) for kind, key in e.cited()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that teacher/exemplars.md is up to date")
    args = parser.parse_args(argv)
    page = render(read())
    if args.check:
        if PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run python -m tools.exemplars", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
