"""One module per notebook exercise: widgets wired to the pure functions of the package."""
