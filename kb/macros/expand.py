"""Writing macros out: `\\name{a}{b}` becomes the macro's body with #1 and #2 replaced, as TeX does."""
from __future__ import annotations

import re
from dataclasses import dataclass

# a macro that uses itself, or one that grows without end, stops being written out after this many rounds
_MAX_DEPTH = 12
_COMMAND = re.compile(r"[A-Za-z]+")
_PARAMETER = re.compile(r"#([1-9])")


@dataclass(frozen=True)
class Macro:
    name: str                  # without the backslash
    body: str                  # TeX, with #1 .. #9 for its arguments
    arguments: int = 0
    default: str | None = None  # `\newcommand{\x}[2][d]{..}`: the first argument is optional, d when left out

    def to_dict(self) -> dict:
        return {"name": self.name, "body": self.body, "arguments": self.arguments, "default": self.default}


MacroTable = dict[str, Macro]


def expand(text: str, macros: MacroTable, depth: int = 0) -> str:
    """`text` with every use of a macro in `macros` written out (arguments read as TeX reads them: a braced
    group or one token); `\\\\` (a row break) and commands not in the table are kept as they are."""
    if not macros or "\\" not in text or depth > _MAX_DEPTH:
        return text
    out: list[str] = []
    pos = 0
    while (start := text.find("\\", pos)) >= 0:
        out.append(text[pos:start])
        name = _COMMAND.match(text, start + 1)
        if name is None:                      # `\\`, `\{`, `\,`: a control symbol, kept with its character
            out.append(text[start:start + 2])
            pos = start + 2
            continue
        macro = macros.get(name.group(0))
        used = _use(macro, text, name.end()) if macro is not None else None
        if used is None:
            out.append(name.group(0).join(("\\", "")))
            pos = name.end()
            continue
        body, pos = used
        out.append(expand(body, macros, depth + 1))
    out.append(text[pos:])
    return "".join(out)


def _use(macro: Macro, text: str, pos: int) -> tuple[str, int] | None:
    """The macro's body with its arguments read from `text` at `pos`, and where the use ends (None when its
    arguments are not there)."""
    arguments: list[str] = []
    if macro.default is not None:
        optional = _bracketed(text, pos)
        arguments.append(optional[0] if optional else macro.default)
        pos = optional[1] if optional else pos
    while len(arguments) < macro.arguments:
        argument = _argument(text, pos)
        if argument is None:
            return None
        arguments.append(argument[0])
        pos = argument[1]
    body = _PARAMETER.sub(lambda m: arguments[int(m.group(1)) - 1] if int(m.group(1)) <= len(arguments)
                          else m.group(0), macro.body)
    # `\vx_i`: a body that is a command run straight into letters would change the command's name
    if macro.arguments == 0 and re.search(r"\\[A-Za-z]+$", body) and pos < len(text) and text[pos].isalpha():
        body += " "
    return body, pos


def _argument(text: str, pos: int) -> tuple[str, int] | None:
    """One undelimited argument at `pos` (spaces before it skipped): a braced group's content, a command, or
    one character."""
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    if pos >= len(text):
        return None
    if text[pos] == "{":
        end = closing_brace(text, pos)
        return None if end is None else (text[pos + 1:end], end + 1)
    if text[pos] == "\\":
        name = _COMMAND.match(text, pos + 1)
        end = name.end() if name else pos + 2
        return text[pos:end], end
    return (None if text[pos] == "}" else (text[pos], pos + 1))


def _bracketed(text: str, pos: int) -> tuple[str, int] | None:
    """`[..]` at `pos`: its content and where it ends (None when there is none)."""
    if not text.startswith("[", pos):
        return None
    depth = 0
    for index in range(pos, len(text)):
        char = text[index]
        depth += char == "{"
        depth -= char == "}"
        if char == "]" and depth == 0:
            return text[pos + 1:index], index + 1
    return None


def closing_brace(text: str, start: int) -> int | None:
    """Where the brace opened at `start` closes (escaped braces skipped), None when it never does."""
    depth, pos = 0, start
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return pos
        pos += 1
    return None
