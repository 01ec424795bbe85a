"""Benchmark kb's build and verify; prints medians and peak memory. Not a test: figures, not verdicts.

    .venv/bin/python -m kb.bench [--runs 3] [--scales 1,10,100,1000] [--skip-verify] [--skip-new-machine]

Each measurement runs `kb` in a fresh process (as a user would) and reads its wall time and peak RSS
(ru_maxrss of the process and its reaped workers, from wait4). Larger corpora are generated from notes/:
copy 0 is each note as it is; every other copy is a distinct note (see `vary`): about a third of its
longer words (ASCII and Cyrillic, never a LaTeX command) are swapped for other words of the same note,
about a third of its numbers get other digits, so headings, questions and formulas differ from copy to
copy (a changed number is often a formula the checks must link and judge anew), no two files share their
text, and neither the per-note cache nor any in-process memo can serve one copy for another.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kb.cli"]
NEW_MACHINE_MAX_SCALE = 10  # a first build on a new machine is measured up to this corpus size
LARGE_SCALE = 1000  # corpora this large are measured once, not `--runs` times
LEGEND = """\
  cold build: no output folder, so no per-note cache and no rendered-card memo; the per-user cache
    (formula decisions and check results, language-model tables: data that depends on kb's code) is kept.
  cold, empty user cache: the same with an empty XDG_CACHE_HOME: a first build on a new machine.
  one note changed: a line appended to one note before each run.
  save to reload: `kb serve` running on the built corpus; seconds from a save to the rebuilt site being
    served (an open page polls every 0.25 s and reloads then)."""


def make_corpus(notes_dir: Path, target: Path, scale: int, seed: int = 0) -> Path:
    """Write `scale` varied copies of every note into target."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in notes_dir.iterdir() if p.is_file()):
        data = path.read_bytes()
        for copy in range(scale):
            name = path.name if copy == 0 else f"copy{copy:03d}_{path.name}"
            (target / name).write_bytes(data if copy == 0 else vary(data, copy, rng))
    return target


_WORD = re.compile(rb"(?<![A-Za-z\\])[A-Za-z]{5,}(?![A-Za-z])|(?:[\xd0\xd1][\x80-\xbf]){5,}")  # ASCII, Cyrillic
_NUMBER = re.compile(rb"\d+")
SWAPPED = 0.3     # share of longer words swapped, and of numbers changed, in each copy


def vary(data: bytes, copy: int, rng: random.Random) -> bytes:
    """A distinct note made from data: words swapped for other words of the same note, numbers changed.
    Its lines and their layout stay as they were, so the copy is read as the same kind of note and yields
    about as many cards. Works on bytes and touches only ASCII and UTF-8 Cyrillic, so a note in a legacy
    encoding or with damaged encoding keeps its damage and repair still has the same work to do."""
    vocabulary = sorted(set(_WORD.findall(data)))

    def swap(match: re.Match[bytes]) -> bytes:
        word = match.group()
        if rng.random() >= SWAPPED:
            return word
        other = rng.choice(vocabulary)
        return other[:1].upper() + other[1:] if word[:1].isupper() and other[:1].islower() else other

    def renumber(match: re.Match[bytes]) -> bytes:
        digits = match.group()
        if rng.random() >= SWAPPED:
            return digits
        return str(rng.randrange(1, 10 ** len(digits))).encode()

    return _NUMBER.sub(renumber, _WORD.sub(swap, data))


LAST_TIMINGS: list[str] = []  # the stage lines (`kb build --timings`) of the last build run


def run(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one kb command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        timings = [line[len("timing:"):] for line in err.read().decode("utf-8", "replace").splitlines()
                   if line.startswith("timing:")]
    if timings:
        LAST_TIMINGS[:] = timings
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the build reported problems in notes
        raise RuntimeError(f"{' '.join(args)} exited with {status}")
    return seconds, usage.ru_maxrss / 1024


def median_of(runs: int, fn) -> tuple[float, float]:
    results = [fn() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench_scale(notes_dir: Path, scale: int, runs: int, work: Path, new_machine_max: int = NEW_MACHINE_MAX_SCALE
                ) -> dict[str, tuple[float, float]]:
    corpus = make_corpus(notes_dir, work / f"notes-x{scale}", scale)
    out = work / f"out-x{scale}"
    build = [*KB, "build", "--notes", str(corpus), "--out", str(out), "-q", "--timings"]

    def cold():
        shutil.rmtree(out, ignore_errors=True)
        return run(build)

    def one_changed():
        victim = sorted(corpus.iterdir())[0]
        victim.write_bytes(victim.read_bytes() + f"\nEdited at {time.time_ns()}.\n".encode())
        return run(build)

    def new_machine():
        shutil.rmtree(out, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix="kb-bench-cache-") as cache:
            return run(build, env={"XDG_CACHE_HOME": cache})

    figures = {}
    if scale <= new_machine_max:
        figures["cold, empty user cache"] = median_of(runs, new_machine)
    figures["cold build"] = median_of(runs, cold)
    figures["cold build stages"] = list(LAST_TIMINGS)
    run(build)
    figures["no-change rebuild"] = median_of(runs, lambda: run(build))
    figures["one note changed"] = median_of(runs, one_changed)
    figures["save to reload (kb serve)"] = (median_of_latency(runs, corpus, out), None)
    figures.update(lower_bounds(corpus, out))
    return figures


def median_of_latency(runs: int, corpus: Path, out: Path) -> float:
    """Seconds from saving a note to `kb serve` serving the rebuilt site (its state's version changes;
    an open page polls every kb.serve.POLL_SECONDS and reloads then), median of `runs` saves."""
    import json
    import re
    import urllib.request

    proc = subprocess.Popen([*KB, "serve", "--notes", str(corpus), "--out", str(out), "--port", "0"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in proc.stderr:
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url = found.group(1)
                break
        if url is None:
            raise RuntimeError("kb serve did not start")

        def version() -> int:
            with urllib.request.urlopen(url + "__kb/state.json", timeout=30) as response:
                return json.load(response)["version"]

        latencies = []
        victim = sorted(corpus.iterdir())[0]
        for _ in range(runs):
            before = version()
            saved = time.perf_counter()
            victim.write_bytes(victim.read_bytes() + f"\nSaved at {time.time_ns()}.\n".encode())
            while version() == before:
                time.sleep(0.01)
            latencies.append(time.perf_counter() - saved)
        return statistics.median(latencies)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def lower_bounds(corpus: Path, out: Path) -> dict[str, tuple[float, float]]:
    """markdown-it-py parsing the corpus alone, and genanki writing as many notes alone."""
    import json

    count = len(json.loads((out / "cards.json").read_text(encoding="utf-8")))
    parse = ("from pathlib import Path; from markdown_it import MarkdownIt; md = MarkdownIt('commonmark');"
             f"[md.parse(p.read_text(encoding='utf-8', errors='replace')) for p in sorted(Path({str(corpus)!r}).iterdir())]")
    anki = ("import genanki; m = genanki.Model(1607392319, 'm', fields=[{'name': 'Q'}, {'name': 'A'}],"
            "templates=[{'name': 'c', 'qfmt': '{{Q}}', 'afmt': '{{A}}'}]); d = genanki.Deck(2059400110, 'd');"
            f"[d.add_note(genanki.Note(model=m, fields=[f'q{{i}}', f'a{{i}}'])) for i in range({count})];"
            f"genanki.Package(d).write_to_file({str(out / 'bound.apkg')!r})")
    return {"bound: markdown-it parse": run([sys.executable, "-c", parse]),
            f"bound: genanki {count} notes": run([sys.executable, "-c", anki])}


# The targets on a 2-core machine (seconds; peak memory in MB), per corpus size.
TARGETS = {
    1: {"one note changed": 1.0, "no-change rebuild": 0.3, "cold build": 4.0, "peak memory": 250,
        "save to reload (kb serve)": 1.0},
    100: {"one note changed": 3.0, "no-change rebuild": 0.5, "cold build": 60.0, "peak memory": 700,
          "save to reload (kb serve)": 3.0},
}
TABLE_COLUMNS = ("one note changed", "no-change rebuild", "cold build", "peak memory", "save to reload (kb serve)")


def print_table(table: dict[int, dict]) -> None:
    """The issue's table: each figure measured, beside its target and whether it is met (wall seconds; peak
    memory in MB, the most any of the builds took); then the growth between scales."""
    print("\n| corpus | one note changed | no change | cold | peak memory | save to reload |")
    print("|---|---|---|---|---|---|")
    for scale, figures in table.items():
        cells = [_cell(column, _measured(figures, column), TARGETS.get(scale, {}).get(column)) for column in TABLE_COLUMNS]
        print(f"| {scale}x | " + " | ".join(cells) + " |")
    met = [_measured(table[scale], column) <= target for scale, targets in TARGETS.items() if scale in table
           for column, target in targets.items()]
    if met:
        print(f"targets met: {sum(met)} of {len(met)}")
    scales = sorted(table)
    for small, large in zip(scales, scales[1:]):
        for name in ("cold build", "one note changed"):
            growth = table[large][name][0] / table[small][name][0]
            print(f"{name} growth x{small} -> x{large}: {growth:.1f} x (linear would be {large / small:.1f} x)")


def _measured(figures: dict, column: str) -> float:
    if column == "peak memory":
        return max(figures[name][1] for name in ("cold build", "no-change rebuild", "one note changed")) * 1.048576
    return figures[column][0]


def _cell(column: str, measured: float, target: float | None) -> str:
    unit = " MB" if column == "peak memory" else " s"
    text = f"{measured:.0f}{unit}" if column == "peak memory" else f"{measured:.2f}{unit}"
    if target is None:
        return text
    return f"{text} (target ≤ {target:g}{unit}: {'met' if measured <= target else 'MISSED'})"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=Path, default=ROOT / "notes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument("--skip-new-machine", action="store_true",
                        help="leave out the first build on a new machine (it runs every formula check: minutes)")
    args = parser.parse_args()
    print(f"kb benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, medians of {args.runs} runs, "
          f"load average {_load()} (other work on the machine slows every figure)")
    print(LEGEND)
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        work = Path(tmp)
        table = {}
        for scale in (int(s) for s in args.scales.split(",")):
            runs = 1 if scale >= LARGE_SCALE else args.runs
            figures = bench_scale(args.notes, scale, runs, work, 0 if args.skip_new_machine else NEW_MACHINE_MAX_SCALE)
            table[scale] = figures
            bound = sum(v[0] for k, v in figures.items() if k.startswith("bound"))
            print(f"\ncorpus x{scale}{' (one run)' if runs == 1 else ''}; load average after it: {_load()}:")
            stages = figures.pop("cold build stages")
            for name, (seconds, mib) in figures.items():
                print(f"  {name:<28} {seconds:8.2f} s" + (f"   peak {mib:7.0f} MiB" if mib is not None else ""))
            print("  where the last cold build's time went:")
            for line in stages:
                print(f"    {line.rstrip()}")
            print(f"  cold build / lower bound     {figures['cold build'][0] / bound:8.1f} x")
        print_table(table)
        if not args.skip_verify:
            seconds, mib = median_of(args.runs, lambda: run([*KB, "verify", "--notes", str(args.notes), "--force", "--json"]))
            print(f"\nkb verify --force (CPU): {seconds:.2f} s   peak {mib:.0f} MiB")


if __name__ == "__main__":
    main()
