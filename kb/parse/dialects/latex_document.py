"""A LaTeX document (lecture notes or beamer slides typed in `.tex`), read as the Markdown it would be:

- the preamble (`\\documentclass` to `\\begin{document}`) is set-up, never text; its `\\title{…}` names the
  note (a `# Title` line on the title's line);
- `\\part` … `\\paragraph` are headings one level under the title, in the order LaTeX nests them; a beamer
  frame's title (`\\begin{frame}{Title}`, `\\frametitle{Title}`) is a heading one level under the deepest
  sectioning the document uses;
- `\\item` lines are list items (`\\item[Term]` a bold term), nested as their lists are;
- a block's or a theorem's title (`\\begin{block}{Title}`, `\\begin{definition}[Name]`) is a bold line;
- math (`$…$`, `\\(…\\)`, `\\[…\\]`, amsmath environments) is kept as written: the math rules read it;
- `verbatim`, `lstlisting` and `minted` are fenced code; TikZ pictures are drawing code, not text;
- in text, `\\textbf`, `\\emph`, `\\texttt`, `\\href`, `\\url` and `\\includegraphics` become their Markdown,
  a comment (`% …`) is dropped, layout commands (`\\vspace{…}`, `\\centering`, `\\pause`, beamer's `<2->`
  overlays) are markup, and any other command shows its text argument (`\\textcolor{blue}{x}` is x).

Only a document is read so: one with `\\documentclass` or `\\begin{document}` at the start of a line, or a
LaTeX fragment (a chapter `\\input` by a main file) with two or more sectioning lines and no Markdown heading
or code fence. Every line stays on its line, unindented (an indented line would be Markdown code)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.macros.expand import closing_brace
from kb.parse.dialects.prose import code_lines

_DOCUMENT = re.compile(r"^[ \t]*\\(?:documentclass|begin\{document\})", re.M)
_SECTIONING_LINE = re.compile(r"^[ \t]*\\(?:part|chapter|section|subsection|subsubsection|begin\{frame\})\b", re.M)
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]|```|~~~)", re.M)
_MIN_FRAGMENT_SECTIONS = 2

_SECTIONS = ("part", "chapter", "section", "subsection", "subsubsection", "paragraph")
_HEADING = re.compile(r"^\\(?P<name>" + "|".join(_SECTIONS) + r")\*?(?:\[[^\]]*\])?\{")
_TITLE = re.compile(r"\\title(?:\[[^\]]*\])?\{")
_BEGIN = re.compile(r"\\begin\{(?P<env>[\w*]+)\}")
_END = re.compile(r"\\end\{(?P<env>[\w*]+)\}")
_FRAME_TITLE = re.compile(r"\\frametitle(?:<[^>]*>)?(?:\[[^\]]*\])?\{")
_ENVIRONMENT_ARGUMENTS = re.compile(r"^(?:\s*(?:<[^>]*>|\[[^\]]*\]|\{(?:[^{}]|\{[^{}]*\})*\}))+")
_MARKDOWN_ITEM = re.compile(r"^\s*(?:- |1\. )")
_ITEM = re.compile(r"^\\item(?:<[^>]*>)?(?:\[(?P<term>[^\]]*)\])?\s*")

_MATH_ENVIRONMENTS = frozenset(
    name + star for name in ("equation", "align", "gather", "multline", "eqnarray", "displaymath", "flalign",
                             "alignat", "math") for star in ("", "*"))
_CODE_ENVIRONMENTS = frozenset({"verbatim", "verbatim*", "lstlisting", "minted", "Verbatim"})
_DRAWING_ENVIRONMENTS = frozenset({"tikzpicture", "axis", "pgfpicture", "circuitikz", "forest"})
_LISTS = {"itemize": "- ", "enumerate": "1. ", "description": "- "}
_BLOCKS = frozenset({"block", "alertblock", "exampleblock"})
_THEOREMS = frozenset({"theorem", "definition", "lemma", "corollary", "proposition", "example", "remark",
                       "exercise", "problem", "note", "claim"})
_MAX_LEVEL = 6

# Set-up commands: their line is no text, nor are the lines their braces span (`\tikzset{` … `}`).
_SET_UP = re.compile(r"^\\(?:tikzset|tikzstyle|newcommand|renewcommand|providecommand|def|let|pgfplotsset|"
                     r"setbeamertemplate|setbeamercolor|setbeamerfont|usetikzlibrary|definecolor|newenvironment|"
                     r"renewenvironment|usepackage|setlength|DeclareMathOperator|newtheorem|hypersetup|lstset)\b")
_MACRO = re.compile(r"^[ \t]*\\(?:(?:re)?newcommand\*?\{?|def|DeclareMathOperator\*?\{)\\(?P<name>[A-Za-z]+)\}?\{", re.M)
# Commands whose arguments are markup (sizes, labels, references, set-up), dropped with them.
_DROPPED = frozenset({
    "vspace", "hspace", "vskip", "hskip", "label", "cite", "citep", "citet", "ref", "eqref", "pageref", "autoref",
    "cref", "Cref", "color", "setlength", "setcounter", "addtocounter", "usetheme", "usecolortheme", "usepackage",
    "newcommand", "renewcommand", "input", "include", "bibliography", "bibliographystyle", "setbeamercolor",
    "setbeamertemplate", "tikzstyle", "usetikzlibrary", "graphicspath", "thispagestyle", "pagestyle",
    "pgfplotsset", "definecolor", "column", "author", "date", "institute", "titlegraphic", "subtitle", "logo",
})
# Text commands with two arguments whose first is markup: the second is the text.
_SECOND_ARGUMENT = frozenset({"textcolor", "colorbox", "foreignlanguage", "resizebox", "scalebox"})
_WRAPPERS = {"textbf": "**", "bf": "**", "emph": "*", "textit": "*", "texttt": "`", "underline": ""}
_SYMBOLS = {"%": "%", "&": "&", "_": "_", "#": "#", "{": "{", "}": "}", "$": "\\$", ",": " ", ";": " ", " ": " ",
            "\\": " ", "ldots": "…", "dots": "…", "LaTeX": "LaTeX", "TeX": "TeX", "textbackslash": "\\",
            "quad": " ", "qquad": " ", "newline": "", "linebreak": ""}
_INLINE_MATH = re.compile(r"\$\$.+?\$\$|\$(?:\\.|[^$\\])+\$|\\\(.+?\\\)|\\\[.+?\\\]")
_COMMAND = re.compile(r"\\(?P<name>[A-Za-z]+\*?|[%&_#{}$,; \\])(?:<[^>]*>)?")
_QUOTES = (("``", "“"), ("''", "”"), ("<<", "«"), (">>", "»"), ("---", "—"), ("--", "–"), ("~", " "))


def rewrite(text: str) -> str:
    if not is_latex_document(text):
        return text
    lines = _macros_expanded(text).split("\n")
    reader = _Reader(levels=_levels(text), preamble=_preamble_end(lines))
    return "\n".join(reader.line(index, line) for index, line in enumerate(lines))


def _macros_expanded(text: str) -> str:
    """The author's own macros without arguments (`\\newcommand{\\R}{\\mathbb{R}}`, `\\def\\cond{\\mid}`,
    `\\DeclareMathOperator{\\sign}{sign}`) written out where they are used: neither Anki's MathJax nor kb's
    checks know them. A macro with arguments is left as written."""
    macros: dict[str, str] = {}
    for found in _MACRO.finditer(text):
        body, _ = _braced(text, found.end() - 1)
        operator = found.group(0).startswith("\\DeclareMathOperator")
        macros[found["name"]] = f"\\operatorname{{{body}}}" if operator else body
    for name, body in macros.items():
        text = re.sub(rf"\\{name}(?![A-Za-z])(?! *[\[{{])", lambda _, body=body: body, text)
    return text


def is_latex_document(text: str) -> bool:
    """A document's own lines say so; LaTeX shown in a Markdown note's code fence does not. Fences are looked
    for only when a document line is found (the test runs on every note)."""
    if "\\" not in text:
        return False
    if not _MARKDOWN.search(text):
        return bool(_DOCUMENT.search(text)) or len(_SECTIONING_LINE.findall(text)) >= _MIN_FRAGMENT_SECTIONS
    if not _DOCUMENT.search(text):
        return False
    lines = text.split("\n")
    code = code_lines(lines)
    return bool(_DOCUMENT.search("\n".join(line for index, line in enumerate(lines) if index not in code)))


def _preamble_end(lines: list[str]) -> int:
    """The index of the `\\begin{document}` line (0 when the file has none: all of it is body)."""
    return next((i for i, line in enumerate(lines) if line.lstrip().startswith("\\begin{document}")), 0)


def _levels(text: str) -> dict[str, int]:
    """The heading level of each sectioning command the document uses (the outermost at level 2, under the
    title) and of frame titles (one under the deepest)."""
    used = [name for name in _SECTIONS if re.search(rf"^[ \t]*\\{name}\*?[\[{{]", text, re.M)]
    levels = {name: min(2 + rank, _MAX_LEVEL) for rank, name in enumerate(used)}
    levels["frame"] = min(2 + len(used), _MAX_LEVEL)
    return levels


@dataclass
class _Reader:
    levels: dict[str, int]
    preamble: int
    code: str = ""                      # the verbatim environment open, or ""
    math: str = ""                      # the closing of the display math open: "\\]", "$$" or an environment
    skipped: str = ""                   # the drawing environment open
    depth: int = 0                      # braces a set-up command left open
    lists: list[str] = field(default_factory=list)

    def line(self, index: int, line: str) -> str:
        if self.code:
            return self._code_line(line)
        shown = self._line(index, line)
        if self.lists and shown and not _MARKDOWN_ITEM.match(shown):
            shown = " " * self._item_indent() + shown  # an item's display math or paragraph stays in the item
        return shown

    def _item_indent(self) -> int:
        return 2 * (len(self.lists) - 1) + len(self.lists[-1])

    def _line(self, index: int, line: str) -> str:
        line = _without_comment(line).strip()
        if index < self.preamble:
            return _title_line(line)
        if index == self.preamble and self.preamble:
            return ""
        if self.depth or _SET_UP.match(line):
            self.depth = max(0, self.depth + _brace_balance(line))
            return ""
        if self.skipped:
            if re.search(rf"\\end\{{{re.escape(self.skipped)}\}}", line):
                self.skipped = ""
            return ""
        if self.math:
            self._close_math(line)
            return line
        return self._text_line(line)

    def _code_line(self, line: str) -> str:
        if re.match(rf"\s*\\end\{{{re.escape(self.code)}\}}", line):
            self.code = ""
            return "```"
        return line

    def _close_math(self, line: str) -> None:
        closing = self.math if self.math in ("\\]", "$$") else f"\\end{{{self.math}}}"
        if closing in line:
            self.math = ""

    def _text_line(self, line: str) -> str:
        begin = _BEGIN.match(line)
        if begin and begin["env"] in _MATH_ENVIRONMENTS:
            if f"\\end{{{begin['env']}}}" not in line:
                self.math = begin["env"]
            return line
        if line.startswith("\\[") and "\\]" not in line:
            self.math = "\\]"
            return line
        if line.startswith("$$") and line.count("$$") == 1:
            self.math = "$$"
            return line
        if begin and begin["env"] in _CODE_ENVIRONMENTS:
            self.code = begin["env"]
            language = re.match(r"\{(\w+)\}", line[begin.end():]) if begin["env"] == "minted" else None
            return "```" + (language.group(1) if language else "")
        if begin and begin["env"] in _DRAWING_ENVIRONMENTS:
            if f"\\end{{{begin['env']}}}" not in line:
                self.skipped = begin["env"]
            return ""
        if _TITLE.match(line):
            return _title_line(line)
        heading = self._heading(line)
        return heading if heading is not None else self._body_line(line)

    def _heading(self, line: str) -> str | None:
        found = _HEADING.match(line)
        if found:
            title, _ = _braced(line, found.end() - 1)
            return "#" * self.levels[found["name"]] + " " + inline_text(title)
        frame = re.match(r"\\begin\{frame\}(?:<[^>]*>)?(?:\[[^\]]*\])?", line)
        if frame:
            rest = line[frame.end():].lstrip()
            named = _FRAME_TITLE.match(rest)
            if named or rest.startswith("{"):
                title = _braced(rest, named.end() - 1 if named else 0)[0]
                return "#" * self.levels["frame"] + " " + inline_text(title) if title.strip() else ""
            return ""
        found = _FRAME_TITLE.match(line)
        if found:
            return "#" * self.levels["frame"] + " " + inline_text(_braced(line, found.end() - 1)[0])
        return None

    def _body_line(self, line: str) -> str:
        prefix = ""
        while begin := _BEGIN.match(line):
            prefix, line = self._opened(begin["env"], line[begin.end():])
        ending = _END.match(line)
        if ending:
            if ending["env"] in _LISTS and self.lists:
                self.lists.pop()
            line = line[ending.end():].lstrip()
        item = _ITEM.match(line)
        if item:  # in a list, or in a list environment of the document's own (`wideitemize`)
            term = f"**{inline_text(item['term'])}** " if item["term"] else ""
            marker = "  " * max(0, len(self.lists) - 1) + (self.lists[-1] if self.lists else "- ")
            return marker + term + inline_text(line[item.end():])
        text = inline_text(_END.sub("", line))
        return (prefix + " " + text).strip() if prefix else text

    def _opened(self, env: str, rest: str) -> tuple[str, str]:
        """What an environment's opening shows (a bold title or nothing) and the rest of its line."""
        if env in _LISTS:
            self.lists.append(_LISTS[env])
        rest = rest.lstrip()
        if env in _BLOCKS and rest.startswith("{"):
            title, end = _braced(rest, 0)
            return (f"**{inline_text(title)}**" if title.strip() else ""), rest[end:].lstrip()
        if env in _THEOREMS and rest.startswith("["):
            name_end = rest.find("]")
            return f"**{inline_text(rest[1:name_end])}**", rest[name_end + 1:].lstrip()
        return "", _ENVIRONMENT_ARGUMENTS.sub("", rest, count=1).lstrip()  # a column's width, a table's columns


def _title_line(line: str) -> str:
    found = _TITLE.search(line)
    return "# " + inline_text(_braced(line, found.end() - 1)[0]) if found else ""


def _brace_balance(line: str) -> int:
    unescaped = re.sub(r"\\[{}]", "", line)
    return unescaped.count("{") - unescaped.count("}")


def _without_comment(line: str) -> str:
    """The line up to an unescaped `%`."""
    found = re.search(r"(?<!\\)(?:\\\\)*%", line)
    return line[:found.start()] if found else line


def _braced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at `start` and the index after it (to the line's end when the
    group closes on a later line). An escaped character (`\\{`, `\\}`, `\\\\`) never nests."""
    end = closing_brace(text, start)
    return (text[start + 1:end], end + 1) if end is not None else (text[start + 1:], len(text))


def inline_text(text: str) -> str:
    """A line of LaTeX text as Markdown; its inline math is kept as written."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _commands(_INLINE_MATH.sub(keep, text))
    for latex, typed in _QUOTES:
        text = text.replace(latex, typed)
    text = " ".join(text.replace("{", "").replace("}", "").split())
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _commands(text: str) -> str:
    """Every command in a line of text replaced by what it shows, innermost first through its arguments."""
    out: list[str] = []
    position = 0
    for found in _COMMAND.finditer(text):
        if found.start() < position:
            continue
        out.append(text[position:found.start()])
        shown, position = _command(text, found)
        out.append(shown)
    out.append(text[position:])
    return "".join(out)


def _command(text: str, found: re.Match) -> tuple[str, int]:
    name, end = found["name"], found.end()
    if name in _SYMBOLS:
        return _SYMBOLS[name], end
    options = re.match(r"\s*\[[^\]]*\]", text[end:])
    after_options = end + options.end() if options else end
    arguments: list[str] = []
    while after_options < len(text) and text[after_options] == "{":
        argument, after_options = _braced(text, after_options)
        arguments.append(argument)
    name = name.rstrip("*")
    if name in _DROPPED:
        return "", after_options
    if name == "includegraphics" and arguments:
        return f"![]({arguments[0]})", after_options
    if name == "href" and len(arguments) == 2:
        return f"[{_commands(arguments[1])}]({arguments[0]})", after_options
    if name == "url" and arguments:
        return f"<{arguments[0].strip()}>", after_options
    if name in _SECOND_ARGUMENT and len(arguments) >= 2:
        return _commands(arguments[-1]), after_options
    if name in _WRAPPERS and arguments:
        mark, shown = _WRAPPERS[name], " ".join(_commands(arguments[0]).split())
        return (f"{mark}{shown}{mark}" if shown else ""), after_options
    if name == "footnote" and arguments:
        return f" ({_commands(arguments[0])})", after_options
    return " ".join(_commands(argument) for argument in arguments), after_options
