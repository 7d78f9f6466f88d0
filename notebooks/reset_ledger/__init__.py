"""Reset Ledger: the tested code behind the notebooks (data, scoring, charts, exercises, saved answers)."""

from reset_ledger.rendering import setup

__all__ = ["setup"]
