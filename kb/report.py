"""Per-note summaries printed by `kb build` and `kb stats`."""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kb.model import Diagnostic, SourcePos
from kb.parts import NotePart

KINDS = ("qa", "concept", "formula", "cloze")


def summary_rows(parts: Sequence[NotePart]) -> list[dict]:
    """One row per note file (kb.parts.as_parts): cards by kind and by language, and what mojibake repair
    did. Read from the notes' heads: no note is decoded for it."""
    rows = []
    for part in parts:
        if not (part.has_note or part.ids):
            continue  # a note that could not be read (its error is reported)
        head = part.head
        rows.append({
            "file": part.file,
            "title": part.title,
            "cards": len(part.ids),
            **{kind: head["kinds"].get(kind, 0) for kind in KINDS},
            "langs": dict(sorted(head["langs"].items())),
            "repaired": head["repaired"],
            "uncertain": head["uncertain"],
        })
    return rows


def summary_table(rows: list[dict]):
    from rich.table import Table

    table = Table(title="kb: cards per note")
    for column in ("file", "title", "cards", *KINDS, "languages", "repaired", "uncertain"):
        table.add_column(column, justify="right" if column not in ("file", "title", "languages") else "left",
                         no_wrap=column in ("file", "title"))
    for row in rows:
        langs = " ".join(f"{k}:{v}" for k, v in row["langs"].items())
        table.add_row(row["file"], row["title"][:40], str(row["cards"]), *(str(row[k]) for k in KINDS),
                      langs, str(row["repaired"]), str(row["uncertain"]))
    return table


# ---- problems -----------------------------------------------------------------------------------------
# A build can meet the same problem thousands of times (every figure of a note whose images are missing),
# so problems are shown grouped by kind; `-v` lists each one and OUT/problems.json keeps them all for tools.

PLACES_SHOWN = 5     # lines of a group's first note shown in its summary line
NOTES_SHOWN = 2      # notes named in a group's summary line
GROUP_FROM = 4       # a kind met fewer times than this is listed one problem a line, as before
_DETAIL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|<[^<>\s]{1,40}>")


def problem_kind(message: str) -> str:
    """What kind of problem a message reports: its text before the first ': ' (messages read
    `what: detail`), with quoted parts (a formula, an HTML tag) taken out."""
    return _DETAIL.sub("…", message).split(": ", 1)[0]


def problem_dicts(diagnostics: Sequence[Diagnostic]) -> list[dict]:
    """Every problem as JSON data, for OUT/problems.json."""
    return [{"file": d.pos.file, "line": d.pos.line, "level": d.level, "kind": problem_kind(d.message),
             "message": d.message} for d in diagnostics]


def problems_from_dicts(rows: Sequence[dict]) -> list[Diagnostic]:
    """problem_dicts read back (the build stamp keeps a build's problems as these rows)."""
    return [Diagnostic(SourcePos(row["file"], row["line"]), row["message"], row["level"]) for row in rows]


def write_problems_json(out_dir: Path, rows: Sequence[dict]) -> Path:
    """OUT/problems.json from problem_dicts' rows."""
    from kb.atomic import write_text_atomic

    path = out_dir / "problems.json"
    write_text_atomic(path, json_rows(rows))
    return path


def json_rows(rows: Sequence[Any]) -> str:
    """A JSON list with one row a line: as readable as an indented list of flat rows, and written by json's C
    encoder (indent= takes the pure-Python one: 1.6 s for the 6,600 problems of a 500-note vault)."""
    if not rows:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"


def problem_lines(diagnostics: Sequence[Diagnostic], notes_dir: Path, *, verbose: bool = False,
                  levels: Sequence[str] = ("warning", "error"), more: str = "kb build -v lists all") -> list[str]:
    """The problems as lines a person reads: warnings, then errors (nearest the prompt), each kind met
    often as one line with its count and first places; every problem one line each when verbose."""
    lines = []
    for level in ("warning", "error"):
        if level not in levels:
            continue
        groups: dict[str, list[Diagnostic]] = {}
        for diag in diagnostics:
            if diag.level == level:
                groups.setdefault(problem_kind(diag.message), []).append(diag)
        for kind, group in groups.items():
            if verbose or len(group) < GROUP_FROM:
                lines.extend(f"{_where(d, notes_dir)}:{d.pos.line}: {level}: {d.message}" for d in group)
            else:
                lines.append(f"{level}: {len(group)} × {kind} in {_places(group, notes_dir)}; {more}")
    return lines


def _where(diag: Diagnostic, notes_dir: Path) -> Path:
    """A note's problems name the note's path; problems of kb itself (line 0) name what they are about."""
    return notes_dir / diag.pos.file if diag.pos.line else Path(diag.pos.file)


def _places(group: Sequence[Diagnostic], notes_dir: Path) -> str:
    """`notes/a.md (lines 3, 26, …)`, or `12 notes: notes/a.md (lines …), notes/b.md (lines …), …`."""
    by_file: dict[str, list[int]] = {}
    for diag in group:
        by_file.setdefault(diag.pos.file, []).append(diag.pos.line)
    shown = []
    for file, numbers in list(by_file.items())[:NOTES_SHOWN]:
        numbers = list(dict.fromkeys(numbers))
        listed = ", ".join(map(str, numbers[:PLACES_SHOWN])) + (", …" if len(numbers) > PLACES_SHOWN else "")
        where = _where(Diagnostic(SourcePos(file, numbers[0]), ""), notes_dir)
        shown.append(f"{where} (line{'s' if len(numbers) > 1 else ''} {listed})" if numbers[0] else str(where))
    if len(by_file) == 1:
        return shown[0]
    return f"{len(by_file)} notes: " + ", ".join(shown) + (", …" if len(by_file) > NOTES_SHOWN else "")


def summary_line(diagnostics: Sequence[Diagnostic], cards: int | None, notes: int, out_dir: Path) -> str:
    """One line on what the build made and met: all that `kb build -q` prints besides errors."""
    counts = Counter(d.level for d in diagnostics)
    made = f"{cards} cards from {notes} notes" if cards is not None else f"{notes} notes up to date"
    problems = ", ".join(f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}"
                         for level in ("error", "warning") if counts[level]) or "no problems"
    return f"kb build: {made} in {out_dir}; {problems} (listed in {out_dir / 'problems.json'})"


# ---- kb verify --------------------------------------------------------------------------------------------
# A verify run has hundreds of rows; what needs the reader is the few that failed or where a note differs.

IDS_SHOWN = 4


def verify_lines(results: Sequence) -> list[str]:
    """Failures, then notes that differ from the registry, one line each; then one line per reason checks
    were skipped; then the summary. `results` are kb verify's rows (CheckResult)."""
    lines = []
    for status in ("failed", "note_differs"):
        for row in results:
            if row.status == status:
                caught = f", {row.mutants_caught}/{row.mutants_total} mutants caught" if row.mutants_total else ""
                lines.append(f"{status.replace('_', ' ')}: {row.id} ({_row_where(row)}{caught}): {row.detail}".rstrip(": "))
    skipped: dict[str, list[str]] = {}
    for row in results:
        if row.status == "skipped":
            skipped.setdefault(row.detail or "no reason given", []).append(row.id)
    for reason, ids in skipped.items():
        shown = ", ".join(ids[:IDS_SHOWN]) + (", …" if len(ids) > IDS_SHOWN else "")
        lines.append(f"{len(ids)} check{'s' if len(ids) != 1 else ''} skipped ({shown}): {reason}")
    lines.append(verify_summary(results))
    return lines


def _row_where(row) -> str:
    return f"{row.source['file']}:{row.source['line']}" if row.source else "registry"


def verify_summary(results: Sequence) -> str:
    counts = Counter(row.status for row in results)
    seconds = sum(row.seconds for row in results)
    return (f"{len(results)} checks: {counts['verified']} verified, {counts['note_differs']} note differs, "
            f"{counts['failed']} failed, {counts['skipped']} skipped ({seconds:.1f} s of checking)")


def verify_table(results: Sequence):
    """Every row of a verify run (`kb verify -v`)."""
    from rich.markup import escape
    from rich.table import Table

    style = {"verified": "green", "note_differs": "yellow", "failed": "bold red", "skipped": "dim"}
    table = Table(title="kb verify", show_lines=False)
    for column in ("id", "title", "source", "status", "device", "examples tried", "mutants caught", "time"):
        table.add_column(column, justify="right" if column in ("examples tried", "mutants caught", "time") else "left")
    for row in results:
        mutants = f"{row.mutants_caught}/{row.mutants_total}" if row.mutants_total else "-"
        table.add_row(escape(row.id), escape(row.title), escape(_row_where(row)),
                      f"[{style[row.status]}]{row.status.replace('_', ' ')}[/]", row.device, str(row.examples), mutants,
                      f"{row.seconds:.2f}s")
    return table
