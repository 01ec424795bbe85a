"""The checking engine: reads note LaTeX, links note formulas to registry entries, checks identities and
worked numbers, and runs and caches every check.

It imports the registry (`kb.formulas`: the Formula type and one module per family), never the reverse;
the build imports the engine, never the reverse.
"""
