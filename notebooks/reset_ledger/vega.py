"""Vega expressions written from Python, for charts whose numbers are computed in the page."""

from __future__ import annotations

import json
from collections.abc import Mapping


def choose(subject: str, cases: Mapping[str, str], otherwise: str = "0") -> str:
    """The expression of the case whose key `subject` equals, else `otherwise`: how a chart's row (or a param naming
    an option) picks its own param among many, which Vega has no lookup for."""
    return "".join(f"{subject} == {json.dumps(key)} ? ({expr}) : " for key, expr in cases.items()) + f"({otherwise})"
