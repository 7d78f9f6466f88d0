"""Sentence starters (data/starters.csv) for the written answers: a 'Stuck? Try starting with…' box, so that a
student who cannot find the first words still writes the answer."""

from __future__ import annotations

from html import escape

from IPython.display import HTML

from reset_ledger.data import load
from reset_ledger.rendering import aside
from reset_ledger.schema import STARTER_KINDS


def starters_html(*kinds: str) -> str:
    """The box as HTML, for a widget to show: the starters of each kind, under the kind's name when there are several."""
    unknown = [kind for kind in kinds if kind not in STARTER_KINDS]
    if unknown:
        raise ValueError(f"no sentence starters for {', '.join(unknown)}; the kinds are: {', '.join(STARTER_KINDS)}")
    starters = load("starters")
    body = ""
    for kind in kinds:
        items = "".join(f"<li>{escape(str(s))}</li>" for s in starters.loc[starters["kind"] == kind, "starter"])
        label = f'<p style="margin: 0.2em 0 0;">{escape(STARTER_KINDS[kind])}:</p>' if len(kinds) > 1 else ""
        body += f'{label}<ul style="margin: 0.1em 0 0.3em;">{items}</ul>'
    purpose = ", ".join(STARTER_KINDS[kind].lower() for kind in kinds)
    return aside("Stuck? Try starting with…", body, "starters", name=f"Sentence starters: {purpose}")


def stuck(*kinds: str) -> HTML:
    """'Stuck? Try starting with…' under a written prompt: sentence starters for these kinds of answer."""
    return HTML(starters_html(*kinds))
