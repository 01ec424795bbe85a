"""Macros in the shape MathJax's `tex.macros` option gives them, which KaTeX, MyST (`myst.yml`'s `math`), Jupyter
Book and Sphinx (`mathjax3_config`) share: a name mapped to its body, or to `[body, number of arguments]`, or to
`[body, number of arguments, default of the first]`. kb.toml's `[macros]` table takes the same shape."""
from __future__ import annotations

from kb.macros.expand import Macro


class MacroConfigError(ValueError):
    """A macro's entry has the wrong shape; the message names it."""


def macros_from_mapping(mapping: object) -> list[Macro]:
    """The macros of a `{name: body | [body, count] | [body, count, default]}` mapping (a leading backslash
    on a name is allowed, as MyST writes them)."""
    if not isinstance(mapping, dict):
        raise MacroConfigError("macros must be a table of name = body")
    return [_macro(str(name).lstrip("\\"), value) for name, value in mapping.items()]


def _macro(name: str, value: object) -> Macro:
    if not name.isalpha() or not name.isascii():
        raise MacroConfigError(f"macro name '{name}' must be letters only")
    if isinstance(value, str):
        return Macro(name, value)
    if isinstance(value, (list, tuple)) and 2 <= len(value) <= 3 and isinstance(value[0], str) \
            and isinstance(value[1], int) and 0 <= value[1] <= 9 and (len(value) == 2 or isinstance(value[2], str)):
        return Macro(name, value[0], value[1], value[2] if len(value) == 3 else None)
    raise MacroConfigError(f"macro '{name}' must be a body, or [body, number of arguments(, default)]")
