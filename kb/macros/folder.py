"""The macros a notes folder defines for all its notes, read from the configuration of the tools its notes are
written for (never executed):

- `kb.toml`, table `[macros]`: `vx = "\\mathbf{x}"`, `norm = ["\\left\\|#1\\right\\|", 1]`;
- LaTeX: `*.sty` files and `_macros.tex`, `macros.tex`, `preamble.tex` (Quarto and LaTeX projects keep their
  `\\newcommand`s there);
- MyST: `myst.yml`, `project: math: {"\\vx": "\\mathbf{x}"}`;
- Jupyter Book: `_config.yml`, `sphinx: config: mathjax3_config: tex: macros:` (also `mathjax_config`);
- Sphinx: `conf.py`, the dict assigned to `mathjax3_config` (or `mathjax_config`), read with `ast`.

A source applies to the notes in its folder and the folders under it (a book's `myst.yml` at the book's root); a
deeper folder's source overrides a shallower one's, a later source in one folder an earlier one in the order
above, and a note's own definitions override them all. These files are configuration: kb never reads them as
notes.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import yaml

from kb.macros.expand import Macro, MacroTable
from kb.macros.mathjax_config import MacroConfigError, macros_from_mapping
from kb.macros.tex_definitions import definitions

TEX_FILE_NAMES = ("_macros.tex", "macros.tex", "preamble.tex")
CONFIG_FILE_NAMES = ("myst.yml", "_config.yml", "conf.py") + TEX_FILE_NAMES


class FolderMacroError(ValueError):
    """A configuration file's macros cannot be read; the message names the file."""


def is_macro_config(rel: Path) -> bool:
    """Whether a file of the notes folder (path relative to it) is one this module reads, not a note."""
    return rel.name in CONFIG_FILE_NAMES or rel.suffix == ".sty"


FolderMacros = dict[str, MacroTable]   # a folder (relative to the notes folder, "" the notes folder) -> its macros


def folder_macros(notes_dir: Path) -> FolderMacros:
    """The macros each folder's configuration defines (see above), by folder and name."""
    folders: FolderMacros = {}
    for path, read in _sources(notes_dir):
        try:
            macros = read(path)
        except (MacroConfigError, SyntaxError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
            raise FolderMacroError(f"{path}: error: cannot read its macros: {exc}") from None
        folder = path.parent.relative_to(notes_dir).as_posix().removeprefix(".")
        folders.setdefault(folder, {}).update({macro.name: macro for macro in macros})
    return folders


def macros_for(folders: FolderMacros, rel: str) -> MacroTable:
    """The macros that apply to the note at `rel` (a path relative to the notes folder)."""
    parts = rel.split("/")[:-1]
    table: MacroTable = {}
    for depth in range(len(parts) + 1):
        table.update(folders.get("/".join(parts[:depth]), {}))
    return table


def _sources(notes_dir: Path) -> list[tuple[Path, object]]:
    found = []
    if (notes_dir / "kb.toml").is_file():
        found.append((notes_dir / "kb.toml", _kb_toml))
    for path in sorted(notes_dir.rglob("*")):
        rel = path.relative_to(notes_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if rel.suffix == ".sty" or rel.name in TEX_FILE_NAMES:
            found.append((path, _tex_file))
        elif rel.name == "myst.yml":
            found.append((path, _myst_yml))
        elif rel.name == "_config.yml":
            found.append((path, _jupyter_book_config))
        elif rel.name == "conf.py":
            found.append((path, _sphinx_conf))
    order = {_kb_toml: 0, _tex_file: 1, _myst_yml: 2, _jupyter_book_config: 3, _sphinx_conf: 4}
    return sorted(found, key=lambda item: order[item[1]])


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig", errors="replace")


def _kb_toml(path: Path) -> list[Macro]:
    return macros_from_mapping(tomllib.loads(_text(path)).get("macros", {}))


def _tex_file(path: Path) -> list[Macro]:
    return [macro for macro, _, _ in definitions(_text(path))]


def _myst_yml(path: Path) -> list[Macro]:
    data = yaml.safe_load(_text(path)) or {}
    return macros_from_mapping(_at(data, "project", "math") or {})


def _jupyter_book_config(path: Path) -> list[Macro]:
    config = _at(yaml.safe_load(_text(path)) or {}, "sphinx", "config") or {}
    return _mathjax_macros(config)


def _sphinx_conf(path: Path) -> list[Macro]:
    config = {}
    for node in ast.parse(_text(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ("mathjax3_config", "mathjax_config"):
            config[node.targets[0].id] = ast.literal_eval(node.value)
    return _mathjax_macros(config)


def _mathjax_macros(config: dict) -> list[Macro]:
    """The macros of Sphinx's `mathjax3_config` (MathJax 3: `tex.macros`) or `mathjax_config` (MathJax 2:
    `TeX.Macros`)."""
    macros = _at(config, "mathjax3_config", "tex", "macros") or _at(config, "mathjax_config", "TeX", "Macros") or {}
    return macros_from_mapping(macros)


def _at(data: object, *keys: str) -> object:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
