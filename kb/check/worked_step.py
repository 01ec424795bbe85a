"""A gradient step worked for one function: `x = x - \\eta \\cdot 2x = (1 - 2\\eta)x` under "gradient descent on
f(x) = x²", `\\theta = \\theta - \\alpha(\\theta - 3)` for J(θ) = (θ − 3)²/2.

An optimiser entry's gradient is an input of its own (g_t, ∇L), drawn apart from the parameter in its checks. A
step worked for one function writes that function's gradient out in the parameter's own letter (2x is the
derivative of x²), and no letter of the note stands for the gradient. Compared with a freely drawn gradient the
step is "wrong" wherever g is not 2x, though it is right for its function: kb cannot judge it without that
function. Such a step names the parameter before and after the step (its left side's letter is an input the
mapping binds) and binds none of the entry's spellings of the gradient: not_checkable with that reason, never
note_differs. A step that forgets the gradient altogether (w = w − η) is unsure so too: precision first.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# the entries' spellings of the last gradient (kb.formulas.optimizer_steps' note views): g_t, ∇L, ∇f(x_t)
_GRADIENT = re.compile(r"view:(?:g|g_t|nabla(?:_t(?:-1)?)?)")


def gradient_written_out(entry_variables: Iterable[str], mapping: Mapping[str, str], lhs: str) -> str:
    """Why the step cannot be judged against the entry ('' when it can): the entry has a gradient of its own, the
    note's left side is the parameter the step updates (a letter its right side reads too) and no note letter
    stands for the gradient."""
    gradients = [name for name in entry_variables if _GRADIENT.fullmatch(name)]
    updated = re.sub(r"[\\\s{}]", "", lhs)
    if not gradients or updated not in mapping.values() or any(name in mapping for name in gradients):
        return ""
    return (f"a step worked for one function, its gradient written out in the parameter's letter {lhs}: no letter "
            "stands for the gradient the entry takes as an input, so the general rule cannot judge it")
