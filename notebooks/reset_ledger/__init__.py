"""Reset Ledger: the tested code behind the notebooks (data, scoring, charts, exercises, saved answers)."""


def __getattr__(name: str) -> object:
    """`reset_ledger.setup` is imported on first use: importing Altair while this package is still being
    initialised makes a notebook's first cell about a second slower in a kernel (measured by make bench)."""
    if name == "setup":
        from reset_ledger.rendering import setup

        return setup
    raise AttributeError(f"module 'reset_ledger' has no attribute {name!r}")
