"""The argument map: the roles a claim can play, a student's map (a role and a parent for every claim) set beside the
reference map, and the claims students check against the sources before they see our check.

Students see a claim by its neutral reference (`ref`: C01, C02… in reading order). The internal `claim_id` encodes
the reference map's role, so it keys answers and data but never reaches anything a student sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, short_cite
from reset_ledger.rendering import table
from reset_ledger.schema import ROLES
from reset_ledger.theme import COST, GAIN, OKABE_ITO
from reset_ledger.timeline import finished_by

ROLE_LABELS = {
    "thesis": "Thesis",
    "framing": "Framing",
    "give": "Give (a concession)",
    "take": "Take (a return)",
    "aim": "Aim",
    "evidence": "Evidence",
    "on-the-table": "On the table",
    "hope": "Hope",
    "counter-argument": "Counter-argument",
}
ROLE_HELP = {
    "thesis": "The main claim the whole piece argues for.",
    "framing": "Sets the scene or the mood; not itself argued for.",
    "give": "Something the US gave up or paid.",
    "take": "Something the US got back.",
    "aim": "What the policy is meant to achieve, or the reasoning behind it.",
    "evidence": "A fact, a quotation or an explanation offered in support of another claim.",
    "on-the-table": "A deal or offer still under discussion: neither given nor received yet.",
    "hope": "Something wished for, with no promise behind it.",
    "counter-argument": "A point against the thesis, or one that qualifies it.",
}
# Colour and shape both carry the role (never colour alone); gives and takes keep the ledger's colours.
ROLE_COLOURS = {
    "thesis": OKABE_ITO[6],
    "framing": OKABE_ITO[7],
    "give": COST,
    "take": GAIN,
    "aim": OKABE_ITO[4],
    "evidence": OKABE_ITO[5],
    "on-the-table": OKABE_ITO[1],
    "hope": OKABE_ITO[3],
    "counter-argument": "#F0E442",
}
ROLE_SHAPES = {
    "thesis": "diamond",
    "framing": "square",
    "give": "triangle-down",
    "take": "triangle-up",
    "aim": "cross",
    "evidence": "circle",
    "on-the-table": "triangle-right",
    "hope": "triangle-left",
    "counter-argument": "M-1,-1L1,1M-1,1L1,-1",
}
UNTAGGED = "Not tagged yet"
MAIN = "main"  # the parent a student gives the claim that supports no other: the main claim
CHECK_LABELS = {
    "supported": "supported: the sources bear it out",
    "loose": "loose: right in substance, wrong in a detail",
    "contested": "contested: it happened, but the sources dispute how the article frames it or why",
    "unverified": "unverified: the sources we have neither confirm nor deny it",
    "judgement": "a judgement: an opinion or estimate no source can settle",
}


def refs(claims: pd.DataFrame) -> dict[str, str]:
    """Each claim's neutral reference, by internal id: what a student sees instead of the id."""
    return {str(c): str(r) for c, r in zip(claims["claim_id"], claims["ref"])}


def reference_roles(claims: pd.DataFrame) -> dict[str, str]:
    """The reference map's role for every claim, so a student's tags can be set against it."""
    return {str(c): str(r) for c, r in zip(claims["claim_id"], claims["role"])}


def reference_parents(claims: pd.DataFrame) -> dict[str, str]:
    """The claim each claim supports or qualifies in the reference map (MAIN for the main claim)."""
    return {str(c): str(p) if p else MAIN for c, p in zip(claims["claim_id"], claims["parent_id"])}


def agreement_by_role(yours: Mapping[str, str | None], reference: Mapping[str, str]) -> pd.DataFrame:
    """Per role of the reference map: how many claims it holds, how many you tagged the same, the percentage,
    and how often you used the role yourself (over- or under-use shows up there)."""
    rows = []
    for role in ROLES:
        claims = [c for c, r in reference.items() if r == role]
        agreed = sum(1 for c in claims if yours.get(c) == role)
        rows.append(
            {
                "role": role,
                "label": ROLE_LABELS[role],
                "reference": len(claims),
                "agreed": agreed,
                "percent": 100 * agreed / len(claims) if claims else float("nan"),
                "yours": sum(1 for r in yours.values() if r == role),
            }
        )
    return pd.DataFrame(rows)


def overall_agreement(yours: Mapping[str, str | None], reference: Mapping[str, str]) -> float:
    """Percentage of all claims where your answer is the reference map's (an unanswered claim counts as different);
    works for roles and for parents alike."""
    return 100 * sum(1 for c, r in reference.items() if yours.get(c) == r) / len(reference)


def disagreements(yours: Mapping[str, str | None], reference: Mapping[str, str]) -> list[str]:
    """The claims you answered differently from the reference map, in the map's order."""
    return [c for c, r in reference.items() if yours.get(c) is not None and yours[c] != r]


def map_layout(order: Sequence[str], parents: Mapping[str, str | None]) -> pd.DataFrame:
    """Any map as an outline: one row per claim in depth-first order, indented under its parent. Claims with no
    parent yet (or MAIN) start at the left in reading order; a claim whose chain of parents loops back on itself
    is marked `loop` and set at the left too, so a half-built or tangled map still draws."""
    children: dict[str, list[str]] = {}
    roots = []
    for claim in order:
        parent = parents.get(claim)
        if parent in order and parent != claim:
            children.setdefault(parent, []).append(claim)
        else:
            roots.append(claim)
    looped = {claim for claim in order if _in_loop(claim, parents, set(order))}
    rows: list[dict] = []
    placed = set(roots)

    def visit(claim: str, parent: dict | None) -> None:
        row = {
            "claim_id": claim,
            "depth": parent["depth"] + 1 if parent else 0,
            "row": len(rows),
            "parent_depth": parent["depth"] if parent else None,
            "parent_row": parent["row"] if parent else None,
            "loop": claim in looped,
        }
        rows.append(row)
        for child in children.get(claim, []):
            if child not in placed:
                placed.add(child)
                visit(child, row)

    for root in roots:
        visit(root, None)
    for claim in order:  # what is left hangs from a loop: draw each loop from its first claim in reading order
        if claim not in placed:
            placed.add(claim)
            visit(claim, None)
    return pd.DataFrame(rows)


def _in_loop(claim: str, parents: Mapping[str, str | None], known: set[str]) -> bool:
    """Whether following the claim's parents leads back to it."""
    seen, current = set(), parents.get(claim)
    while current in known and current not in seen:
        if current == claim:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _short(text: str, limit: int = 70) -> str:
    """A paraphrase cut to fit one line of the map."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def differences(
    roles: Mapping[str, str | None], parents: Mapping[str, str | None],
    other_roles: Mapping[str, str | None], other_parents: Mapping[str, str | None],
    claims: pd.DataFrame, whose: str,
) -> dict[str, str]:
    """Per claim where the other map differs: a note such as '(reference: Give; under C04)', naming the other map's
    role and parent by neutral reference, for the labels of a map."""
    named = refs(claims)
    notes = {}
    for claim in named:
        parts = []
        if roles.get(claim) and other_roles.get(claim) and roles[claim] != other_roles[claim]:
            parts.append(ROLE_LABELS[str(other_roles[claim])].split(" (")[0])
        if parents.get(claim) and other_parents.get(claim) and parents[claim] != other_parents[claim]:
            other = other_parents[claim]
            parts.append("the main claim" if other == MAIN else f"under {named[str(other)]}")
        if parts:
            notes[claim] = f"({whose}: {'; '.join(parts)})"
    return notes


def map_frame(
    claims: pd.DataFrame, roles: Mapping[str, str | None], parents: Mapping[str, str | None],
    notes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A map ready to draw: the outline, each claim's neutral reference, role label and line of text, and a ring
    where `notes` says another map differs. It holds no internal claim id."""
    layout = map_layout(list(claims["claim_id"]), parents)
    indexed = claims.set_index("claim_id")
    notes = notes or {}
    frame = layout.assign(
        ref=[str(indexed.loc[c, "ref"]) for c in layout["claim_id"]],
        role_label=[ROLE_LABELS[str(roles[c])] if roles.get(c) else UNTAGGED for c in layout["claim_id"]],
        paraphrase=[str(indexed.loc[c, "paraphrase"]) for c in layout["claim_id"]],
        ringed=[c in notes for c in layout["claim_id"]],
    )
    frame["text"] = [
        f"{ref} · {label.split(' (')[0]}" + (" (in a loop)" if loop else "") + (f" {notes[c]}" if c in notes else "")
        + f" — {_short(p)}"
        for c, ref, label, loop, p in zip(frame["claim_id"], frame["ref"], frame["role_label"], frame["loop"], frame["paraphrase"])
    ]
    return frame.drop(columns="claim_id")


def argument_map_chart(frame: pd.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """A map as an indented tree: lines join each claim to the claim it supports or qualifies; colour and shape
    show the role, and the label names it in words."""
    domain = [ROLE_LABELS[r] for r in ROLES] + [UNTAGGED]
    colours = [ROLE_COLOURS[r] for r in ROLES] + ["#FFFFFF"]
    shapes = [ROLE_SHAPES[r] for r in ROLES] + ["circle"]
    joined = frame.dropna(subset=["parent_row"])
    # Each link is an elbow: down from the parent, then across to the claim; both segments in one layer.
    segments = pd.concat(
        [
            pd.DataFrame({"x": joined["parent_depth"], "x2": joined["parent_depth"], "y": joined["parent_row"], "y2": joined["row"]}),
            pd.DataFrame({"x": joined["parent_depth"], "x2": joined["depth"], "y": joined["row"], "y2": joined["row"]}),
        ]
    )
    # One explicit scale for every layer, not rounded to nice numbers, so row 0 sits at the top.
    y_scale = alt.Scale(domain=[-0.5, len(frame) - 0.5], reverse=True, nice=False)
    x_scale = alt.Scale(domain=[-0.3, int(frame["depth"].max()) + 6], nice=False)
    x, y = alt.X("depth:Q", scale=x_scale, axis=None), alt.Y("row:Q", scale=y_scale, axis=None)
    points = frame[["ref", "depth", "row", "role_label", "paraphrase", "text", "ringed"]]
    links = alt.Chart(segments).mark_rule(color="#888").encode(
        x=alt.X("x:Q", scale=x_scale, axis=None), x2="x2:Q", y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q"
    )
    layers = [links]
    if points["ringed"].any():
        layers.append(
            alt.Chart(points[points["ringed"]])
            .mark_point(shape="circle", size=420, strokeWidth=2, color=OKABE_ITO[6])
            .encode(x=x, y=y)
        )
    nodes = alt.Chart(points).mark_point(filled=True, size=170, stroke="#333", strokeWidth=1, opacity=1).encode(
        x=x,
        y=y,
        color=alt.Color("role_label:N", title="Role", scale=alt.Scale(domain=domain, range=colours), legend=alt.Legend(orient="right")),
        shape=alt.Shape("role_label:N", title="Role", scale=alt.Scale(domain=domain, range=shapes)),
        tooltip=[
            alt.Tooltip("ref:N", title="Claim"),
            alt.Tooltip("role_label:N", title="Role"),
            alt.Tooltip("paraphrase:N", title="In our words"),
        ],
    )
    labels = alt.Chart(points).mark_text(align="left", dx=12, fontSize=12).encode(x=x, y=y, text="text:N")
    tagged = int((points["role_label"] != UNTAGGED).sum())
    ringed = int(points["ringed"].sum())
    description = (
        f"Argument map of the article's {len(frame)} claims as an indented tree: each claim is joined by a line to the "
        f"claim it supports or qualifies, and claims that support nothing yet stand at the left. {tagged} of "
        f"{len(frame)} claims carry a role, shown by colour, by shape and in words in each label; {len(joined)} hang "
        f"under another claim." + (f" {ringed} claims are ringed where the other map differs." if ringed else "")
    )
    return alt.layer(*layers, nodes, labels).properties(
        width=720, height=24 * len(frame), title=alt.Title(title, subtitle=subtitle), description=description
    )


def agreement_chart(table: pd.DataFrame) -> alt.LayerChart:
    """One bar per role: the share of the reference map's claims you tagged the same way, with the count printed."""
    frame = table.assign(share=lambda t: t["percent"].fillna(0), text=lambda t: [f"{a} of {r}" for a, r in zip(t["agreed"], t["reference"])])
    order = list(frame["label"])
    base = alt.Chart(frame).encode(y=alt.Y("label:N", sort=order, title=None))
    bars = base.mark_bar(color=GAIN).encode(
        x=alt.X("share:Q", title="Claims you tagged as the reference map does (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("label:N", title="Role"), alt.Tooltip("text:N", title="Agreed"), alt.Tooltip("share:Q", title="%", format=".0f")],
    )
    text = base.mark_text(align="left", dx=4).encode(x="share:Q", text="text:N")
    overall = 100 * frame["agreed"].sum() / frame["reference"].sum()
    return alt.layer(bars, text).properties(
        width=420,
        height=24 * len(frame),
        title=alt.Title(f"Agreement with the reference map: {overall:.0f}% overall", subtitle="Per role of the reference map"),
        description=(
            "Bar chart, one bar per role: the percentage of the reference map's claims in that role that you tagged the "
            "same way; each bar is labelled with the count, for example '2 of 3'. "
            + "; ".join(f"{l}: {t}" for l, t in zip(frame["label"], frame["text"]))
        ),
    )


def checkable(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims students check against the sources: those with evidence, in reading order."""
    return claims[claims["evidence"].fillna("") != ""]


def source_disputes(claim_id: str, events: pd.DataFrame, disputes: pd.DataFrame, sources: pd.DataFrame, moment: pd.Timestamp) -> list[str]:
    """Where the sources disagree about events behind a claim, both versions with their sources; only events
    finished by `moment` (a later dispute would reveal what notebook 06 resolves)."""
    linked = finished_by(events, moment)
    linked = linked[[claim_id in ids for ids in linked["claim_ids"]]]["event_id"]
    return [
        f"{d.topic}: {d.version_a} ({short_cite(d.source_ids_a, sources)}) or {d.version_b} "
        f"({short_cite(d.source_ids_b, sources)})." + (f" Our note: {d.comment}" if pd.notna(d.comment) and d.comment else "")
        for d in disputes[disputes["event_id"].isin(linked)].itertuples()
    ]


def check_key(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Our check of every checkable claim with its reasons and sources: what students see after their own verdict."""
    rows = checkable(claims)
    return pd.DataFrame(
        {
            "Claim": rows["ref"].astype(str),
            "Our check": [CHECK_LABELS[str(c)] for c in rows["check"]],
            "Why": rows["assessment"].astype(str),
            "Sources": [cite(ids, sources) for ids in rows["source_ids"]],
        }
    )


def role_glossary() -> Styler:
    """The nine roles a claim can play, in plain words, to keep beside the tagging exercise."""
    frame = pd.DataFrame({"Role": [ROLE_LABELS[r] for r in ROLES], "What it does in an argument": [ROLE_HELP[r] for r in ROLES]})
    return table(frame, "The roles a claim can play")
