"""The `kb` command: a thin shell over the library's functions."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group()
@click.version_option(package_name="kb")
def main() -> None:
    """kb: study cards, Anki decks and a site from your notes."""


@main.command()
@click.option("--notes", "notes_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("notes"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("flashcards"), show_default=True)
@click.option("--strict", is_flag=True, help="Exit non-zero when any warning is reported.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and a one-line summary.")
@click.option("--verbose", "-v", is_flag=True, help="List every problem on its own line instead of grouped by kind.")
@click.option("--timings", is_flag=True, help="Print where the build's time went, per stage, to stderr.")
def build(notes_dir: Path, out_dir: Path, strict: bool, quiet: bool, verbose: bool, timings: bool) -> None:
    """Build cards.json, Anki decks and the site from NOTES into OUT."""
    from kb.build import build as run_build
    from kb.emit.json import load_summary
    from kb.parts import as_parts
    from kb.report import problem_lines, summary_line, summary_rows, summary_table

    if not notes_dir.is_dir():
        raise click.ClickException(f"{notes_dir}: notes folder not found")
    from kb.config import ConfigError

    try:
        result = run_build(notes_dir, out_dir, progress=not quiet and sys.stderr.isatty())
    except ConfigError as exc:  # nothing was written: the last outputs stay as they were
        click.echo(str(exc), err=True)
        sys.exit(1)
    if not quiet:
        for line in result.skipped:
            click.echo(line, err=True)
    if result.skipped:
        click.echo(f"skipped {len(result.skipped)} cards the author asked to skip (kb.toml, <!-- kb:skip -->)", err=True)
    levels = ("error",) if quiet else ("warning", "error")
    for line in problem_lines(result.diagnostics, notes_dir, verbose=verbose, levels=levels):
        click.echo(line, err=True)
    if not quiet:
        rows = load_summary(out_dir) if result.up_to_date else summary_rows(as_parts(result.notes, result.cards))
        _console().print(summary_table(rows))
        if result.up_to_date:
            click.echo(f"up to date: {out_dir} (nothing changed since the last build)")
        else:
            for path in result.outputs:
                click.echo(f"wrote {path}")
        if result.retired or result.revived:
            click.echo(f"cards: {result.retired} retired (their source is gone; in Anki: tag:kb::retired), "
                       f"{result.revived} revived; {result.retired_in_all} retired in all")
    cards = None if result.up_to_date else len(result.cards)
    click.echo(summary_line(result.diagnostics, cards, result.notes_from_cache if result.up_to_date
                            else len(result.notes), out_dir), err=True)
    if timings:
        for stage, wall, cpu in result.timings:
            click.echo(f"timing: {wall:8.2f} s wall {cpu:8.2f} s CPU  {stage}", err=True)
    errors = [d for d in result.diagnostics if d.level == "error"]
    if result.failed_outputs or errors or (strict and result.diagnostics):
        sys.exit(1)


def _console():
    """Rich output that keeps table rows on one line when piped (rich assumes 80 columns there)."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 140)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print {text, repairs: [{offset, char, alternatives, certain}]} instead of the text.")
def read(file: Path, as_json: bool) -> None:
    """Print the text kb reads from FILE after repair and extraction, as Markdown."""
    from kb.read import read_bytes
    from kb.read.mojibake_report import repairs_json

    source = read_bytes(file.read_bytes(), file.name)
    if as_json:
        sys.stdout.write(json.dumps(repairs_json(source), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(source.text)
    for diag in source.diagnostics:
        click.echo(f"{file}:{diag.pos.line}: {diag.level}: {diag.message}", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def repair(file: Path) -> None:
    """Repair FILE's damaged encoding in place (the original is kept beside it) and list the guesses."""
    from kb.read.mojibake_fix import repair_file

    try:
        result = repair_file(file)
    except ValueError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    if result is None:
        click.echo(f"{file}: no damaged encoding found; left as it is")
        return
    report, backup, listing = result
    click.echo(f"{file}: restored {report.chars_restored} characters ({report.codepage} damage), "
               f"{report.chars_uncertain} of them guessed; original kept as {backup}")
    for line in listing:
        click.echo(f"{file}:{line}")


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("flashcards"), show_default=True)
def stats(out_dir: Path) -> None:
    """Print the per-note summary of an existing build (OUT/cards.json)."""
    from kb.emit.json import load_summary
    from kb.report import summary_table

    try:
        rows = load_summary(out_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    _console().print(summary_table(rows))


@main.command()
@click.option("--notes", "notes_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("notes"), show_default=True)
@click.option("--only", "only", default=None, help="Run only the checks of this formula id.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON on stdout, nothing else.")
@click.option("--force", is_flag=True, help="Re-run every check, ignoring cached results.")
@click.option("--verbose", "-v", is_flag=True, help="Also print a table of every check.")
def verify(notes_dir: Path, only: str | None, device: str, as_json: bool, force: bool, verbose: bool) -> None:
    """Run every formula check (registry and the notes' own formulas) and report."""
    from kb.build import collect
    from kb.cache import JsonCache, user_cache_dir
    from kb.check.runner import run_checks
    from kb.report import verify_lines, verify_table

    # the parsed notes are cached per user like the check results, so an unchanged verify reads no note again
    notes = collect(notes_dir, JsonCache(user_cache_dir() / "notes"))[0] if notes_dir.is_dir() else None
    results = run_checks(notes, only=only, device=device, force=force, progress=not as_json)
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1) + "\n")
    else:
        if verbose:
            _console().print(verify_table(results))
        for line in verify_lines(results):
            click.echo(line)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


@main.command()
@click.option("--notes", "notes_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("notes"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("flashcards"), show_default=True)
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
def serve(notes_dir: Path, out_dir: Path, port: int) -> None:
    """Build, serve the site on localhost, rebuild on every save and reload the open page."""
    from kb.serve import serve as run_serve

    if not notes_dir.is_dir():
        raise click.ClickException(f"{notes_dir}: notes folder not found")
    run_serve(notes_dir, out_dir, port, echo=lambda line: click.echo(line, err=True))


if __name__ == "__main__":
    main()
