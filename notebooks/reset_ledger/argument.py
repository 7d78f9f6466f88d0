"""The argument map: each claim's role, how far a student's roles agree with the reference map, the
map drawn as a tree, and the article's loose claims set beside their sources."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from pandas.io.formats.style import Styler

from reset_ledger.article import article_record
from reset_ledger.citations import cite, short_cite
from reset_ledger.data import load
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
    "evidence": "A fact or a quotation offered in support of another claim.",
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
LOOSE_CHECKS = ("loose", "contested", "unverified")
CHECK_LABELS = {
    "supported": "supported",
    "loose": "loose: true in substance, wrong in a detail",
    "contested": "contested: the event happened, its framing is disputed",
    "unverified": "unverified: we could not check the words",
    "judgement": "a judgement, tested in the notebooks",
}


def reference_roles(claims: pd.DataFrame) -> dict[str, str]:
    """The reference map's role for every claim, so a student's tags can be set against it."""
    return {str(c): str(r) for c, r in zip(claims["claim_id"], claims["role"])}


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
    """Percentage of all claims where your role is the reference role (an untagged claim counts as different)."""
    return 100 * sum(1 for c, r in reference.items() if yours.get(c) == r) / len(reference)


def disagreements(yours: Mapping[str, str | None], reference: Mapping[str, str]) -> list[str]:
    """The claims you tagged differently from the reference map, in the map's order."""
    return [c for c, r in reference.items() if yours.get(c) is not None and yours[c] != r]


def map_layout(claims: pd.DataFrame) -> pd.DataFrame:
    """The tree as an outline: one row per claim in depth-first order, indented by depth under its parent."""
    children: dict[str | None, list[str]] = {}
    for claim, parent in zip(claims["claim_id"], claims["parent_id"]):
        children.setdefault(str(parent) if pd.notna(parent) and parent else None, []).append(str(claim))
    rows: list[dict] = []

    def visit(claim: str, parent: dict | None) -> None:
        row = {
            "claim_id": claim,
            "parent_id": parent["claim_id"] if parent else None,
            "depth": parent["depth"] + 1 if parent else 0,
            "row": len(rows),
            "parent_depth": parent["depth"] if parent else None,
            "parent_row": parent["row"] if parent else None,
        }
        rows.append(row)
        for child in children.get(claim, []):
            visit(child, row)

    for root in children.get(None, []):
        visit(root, None)
    if len(rows) != len(claims):
        missing = sorted(set(claims["claim_id"]) - {r["claim_id"] for r in rows})
        raise ValueError(f"claims not reachable from a root (a cycle in parent_id?): {', '.join(missing)}")
    return pd.DataFrame(rows)


def _short(text: str, limit: int = 70) -> str:
    """A paraphrase cut to fit one line of the map."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def map_frame(claims: pd.DataFrame, roles: Mapping[str, str | None], reference: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The outline with each claim's role label, its line of text, and (once compared) whether it differs."""
    layout = map_layout(claims)
    indexed = claims.set_index("claim_id")
    frame = layout.copy()
    frame["role_label"] = [ROLE_LABELS[roles[c]] if roles.get(c) else UNTAGGED for c in frame["claim_id"]]
    frame["paraphrase"] = [str(indexed.loc[c, "paraphrase"]) for c in frame["claim_id"]]
    frame["differs"] = [bool(reference and roles.get(c) and roles[c] != reference[c]) for c in frame["claim_id"]]
    frame["text"] = [
        f"{c} · {label.split(' (')[0]}" + (f" (reference: {ROLE_LABELS[reference[c]].split(' (')[0]})" if differs else "")
        + f" — {_short(p)}"
        for c, label, p, differs in zip(frame["claim_id"], frame["role_label"], frame["paraphrase"], frame["differs"])
    ]
    return frame


def argument_map_chart(frame: pd.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """The argument map as an indented tree: lines join each claim to the claim it supports or qualifies;
    colour and shape show the role, and the label names it in words."""
    domain = [ROLE_LABELS[r] for r in ROLES] + [UNTAGGED]
    colours = [ROLE_COLOURS[r] for r in ROLES] + ["#FFFFFF"]
    shapes = [ROLE_SHAPES[r] for r in ROLES] + ["circle"]
    joined = frame.dropna(subset=["parent_id"])
    # Each link is an elbow: down from the parent, then across to the claim; both segments in one layer.
    segments = pd.concat(
        [
            pd.DataFrame({"x": joined["parent_depth"], "x2": joined["parent_depth"], "y": joined["parent_row"], "y2": joined["row"]}),
            pd.DataFrame({"x": joined["parent_depth"], "x2": joined["depth"], "y": joined["row"], "y2": joined["row"]}),
        ]
    )
    y_scale = alt.Scale(domain=[-0.5, len(frame) - 0.5], reverse=True)
    x_scale = alt.Scale(domain=[-0.3, int(frame["depth"].max()) + 6])
    links = alt.Chart(segments).mark_rule(color="#888").encode(
        x=alt.X("x:Q", scale=x_scale, axis=None), x2="x2:Q", y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q"
    )
    layers = [links]
    if frame["differs"].any():
        layers.append(
            alt.Chart(frame[frame["differs"]])
            .mark_point(shape="circle", size=420, strokeWidth=2, color=OKABE_ITO[6])
            .encode(x="depth:Q", y="row:Q")
        )
    nodes = alt.Chart(frame).mark_point(filled=True, size=170, stroke="#333", strokeWidth=1, opacity=1).encode(
        x="depth:Q",
        y="row:Q",
        color=alt.Color("role_label:N", title="Role", scale=alt.Scale(domain=domain, range=colours), legend=alt.Legend(orient="right")),
        shape=alt.Shape("role_label:N", title="Role", scale=alt.Scale(domain=domain, range=shapes)),
        tooltip=[
            alt.Tooltip("claim_id:N", title="Claim"),
            alt.Tooltip("role_label:N", title="Role"),
            alt.Tooltip("paraphrase:N", title="In our words"),
        ],
    )
    labels = alt.Chart(frame).mark_text(align="left", dx=12, fontSize=12).encode(x="depth:Q", y="row:Q", text="text:N")
    tagged = int((frame["role_label"] != UNTAGGED).sum())
    differs = int(frame["differs"].sum())
    description = (
        f"Argument map of the article's {len(frame)} claims as an indented tree: the thesis at the top left, each claim "
        f"joined by a line to the claim it supports or qualifies. {tagged} of {len(frame)} claims carry a role, "
        "shown by colour, by shape and in words in each label."
        + (f" {differs} claims are ringed where your role differs from the reference map." if differs else "")
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


def loose_claims(
    claims: pd.DataFrame, events: pd.DataFrame, disputes: pd.DataFrame, sources: pd.DataFrame, moment: pd.Timestamp
) -> pd.DataFrame:
    """The claims our sources find loose, contested or unverified: what the article says, what the sources say,
    where the sources disagree about events up to `moment` (both versions; later ones would spoil notebook 06),
    and every source in full."""
    rows = []
    known = finished_by(events, moment)
    for claim in claims[claims["check"].isin(LOOSE_CHECKS)].itertuples():
        linked = known[[claim.claim_id in ids for ids in known["claim_ids"]]]["event_id"]
        versions = [
            f"{d.topic}: {d.version_a} ({short_cite(d.source_ids_a, sources)}) or {d.version_b} "
            f"({short_cite(d.source_ids_b, sources)})." + (f" Our note: {d.comment}" if pd.notna(d.comment) else "")
            for d in disputes[disputes["event_id"].isin(linked)].itertuples()
        ]
        rows.append(
            {
                "Claim": claim.claim_id,
                "The article says": f"“{claim.quote}” (Matthews, Newsweek)",
                "Our check": CHECK_LABELS[str(claim.check)],
                "What the sources say": str(claim.assessment),
                "Where the sources disagree": "\n".join(versions) or "—",
                "Sources": cite(claim.source_ids, sources),
            }
        )
    return pd.DataFrame(rows)


def role_glossary() -> Styler:
    """The nine roles a claim can play, in plain words, to keep beside the tagging exercise."""
    frame = pd.DataFrame({"Role": [ROLE_LABELS[r] for r in ROLES], "What it does in an argument": [ROLE_HELP[r] for r in ROLES]})
    return table(frame, "The roles a claim can play")


def loose_claims_table() -> Styler:
    """The article's loose, contested and unverified claims with their sources, ready to display."""
    moment = article_record()["published"]
    frame = loose_claims(load("claims"), load("events"), load("disagreements"), load("sources"), moment)
    return table(frame, f"{len(frame)} claims our sources find loose, contested or unverified")
