"""Horizontal rules between a formula's rows (`\\hline`, `\\cline{2-3}`), kept only where both renderers draw them.

Authors copy them from LaTeX tables into their math: a rule under the rows of a column sum in `aligned`, a rule
under an `eqnarray`'s first row. Anki's MathJax draws `\\hline` in every array-like environment but not outside one
(`Misplaced \\hline`), and does not define `\\cline` at all; the site's latex2mathml draws `\\hline` only in `array`,
the matrices, `cases`, `align` and `split`, and fails on the whole formula elsewhere. A rule is layout, never
math: where it cannot be drawn it is dropped (the rows stay), so the card renders and the checks read the rows.
"""
from __future__ import annotations

import re

# environments whose rows both MathJax 3 and latex2mathml rule with `\hline` (each tried in both)
_RULED = frozenset({"array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases",
                    "align", "align*", "split"})
_TOKEN = re.compile(r"\\(?:(?P<begin>begin)|end)\s*\{(?P<env>[^{}]*)\}|\\hline(?![A-Za-z])|\\cline\s*\{[^{}]*\}")


def drawable_rules(latex: str) -> str:
    """`latex` without `\\cline{..}`, and without the `\\hline`s that are not directly inside an environment
    both renderers rule (see above)."""
    if "\\hline" not in latex and "\\cline" not in latex:
        return latex
    out: list[str] = []
    environments: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(latex):
        if match["env"] is not None:
            if match["begin"]:
                environments.append(match["env"].strip())
            elif environments:
                environments.pop()
            continue
        if match.group(0).startswith("\\hline") and environments and environments[-1] in _RULED:
            continue
        out.append(latex[pos:match.start()] + " ")
        pos = match.end()
    return "".join(out) + latex[pos:]
