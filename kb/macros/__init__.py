"""The author's own LaTeX macros: defined in a note (`\\newcommand{\\vx}{\\mathbf{x}}`), in kb.toml's `[macros]`, or
in the notes folder's tool configuration (a LaTeX preamble or `.sty`, MyST's `myst.yml`, Jupyter Book's
`_config.yml`, Sphinx's `conf.py`). Neither Anki's MathJax nor the site's renderer nor kb's checks know them, so
kb writes them out where they are used, once, before cards are made: cards render, and formulas written with
them are checked like any other.
"""
from kb.macros.expand import Macro, MacroTable, expand

__all__ = ["Macro", "MacroTable", "expand"]
