"""Benchmark kb's build and verify; prints the issue's table (medians, peak memory, each target beside its
figure). Not a test: figures, not verdicts.

    .venv/bin/python -m kb.bench [--runs 3] [--growth | --scales 1,100] [--skip-verify] [--skip-new-machine]
    .venv/bin/python -m kb.bench --quick      # 1x, one run of each build: a smoke test, not a measurement

Each measurement runs `kb` in a fresh process (as a user would) and reads its wall time, its CPU time
(user + system, of the process and every worker it reaped) and the peak RSS of its largest process
(ru_maxrss of the process and its reaped workers), from wait4; and, sampled every 0.1 s, the memory of all
its processes together (the sum of their proportional set sizes: a page that forked workers share counts
once), which is what the machine must hold: the largest process alone understates a build that runs two
workers and writes its outputs in parallel. On a shared machine the wall time grows with other work while the CPU
time does not, so both are printed. Larger corpora are generated from notes/:
copy 0 is each note as it is; every other copy is a distinct note (see `vary`): about a third of its
longer words (ASCII and Cyrillic, never a LaTeX command) are swapped for other words of the same note,
about a third of its numbers get other digits, so headings, questions and formulas differ from copy to
copy (a changed number is often a formula the checks must link and judge anew), no two files share their
text, and neither the per-note cache nor any in-process memo can serve one copy for another. kb's modules
are byte-compiled first, as an installed package's are, so no run counts compiling them.
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
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kb.cli"]
NEW_MACHINE_MAX_SCALE = 10  # a first build on a new machine is measured up to this corpus size
LARGE_SCALE = 1000  # corpora this large are measured once, not `--runs` times
DEFAULT_SCALES = "1,100"  # the table; --growth adds 10x and 1000x
GROWTH_SCALES = "1,10,100,1000"
LEGEND = """\
  cold build: no output folder, so no per-note cache and no rendered-card memo; the per-user cache
    (formula decisions and check results, language-model tables: data that depends on kb's code) is one
    of the benchmark's own per corpus size, warmed by building notes/ once (not measured) before it, so
    neither a new machine's registry checks nor decisions the machine's cache kept from an earlier build
    of the same corpus count in a cold build (--quick keeps the machine's cache).
  peak memory: all of a build's processes together (sampled; shared pages counted once), and in brackets
    its largest process alone (ru_maxrss); the target is held against the first.
  cold, empty user cache: the same with an empty XDG_CACHE_HOME: a first build on a new machine.
  one note changed: a line appended to one note before each run.
  save to reload: `kb serve` running on the built corpus; seconds from a save to the rebuilt site being
    served (an open page polls every 0.25 s and reloads then)."""


def byte_compile_kb() -> int:
    """Byte-compile kb's modules (into their __pycache__ folders), as installing a package does; returns how
    many failed. kb installed for development (pip install -e) under PYTHONDONTWRITEBYTECODE never keeps its
    compiled modules, so every measured run compiled the modules it imports again: half a second of CPU,
    half of an edit's rebuild at x10, which no user's install pays."""
    import compileall
    import io
    from contextlib import redirect_stdout

    with redirect_stdout(io.StringIO()):   # compileall prints each folder it lists
        return 0 if compileall.compile_dir(ROOT / "kb", quiet=1) else 1


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
    """A distinct note made from data: words (and Chinese character pairs, _vary_chinese) swapped for others
    of the same note, numbers changed. Its lines and their layout stay as they were, so the copy is read as the
    same kind of note and yields about as many cards. Works on bytes and touches only ASCII, UTF-8 Cyrillic and
    whole Chinese characters, so a note in a legacy encoding or with damaged encoding keeps its damage and
    repair still has the same work to do."""
    def capitalised_as(word: bytes, other: bytes) -> bytes:
        return other[:1].upper() + other[1:] if word[:1].isupper() and other[:1].islower() else other

    def renumber(match: re.Match[bytes]) -> bytes:
        digits = match.group()
        if rng.random() >= SWAPPED:
            return digits
        return str(rng.randrange(1, 10 ** len(digits))).encode()

    return _vary_chinese(_NUMBER.sub(renumber, _swapped(_WORD, data, rng, capitalised_as)), rng)


# Two characters of the CJK Unified Ideographs block (U+4E00-U+9FFF) in UTF-8: what a copy swaps for another
# pair of the same note, as it swaps longer words, so each copy's Chinese headings and sentences are its own.
_CJK_PAIR = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2}")


def _vary_chinese(data: bytes, rng: random.Random) -> bytes:
    """data with a share of its two-character Chinese pairs swapped for others of the same note. In a note
    whose UTF-8 was misread through a single-byte code page the pairs are swapped in the bytes the page gives
    back, whole pairs only, so the copy keeps its damage (and the bytes it lost) where they were."""
    from kb.read.mojibake import DOUBLE_BYTE, detect_damage

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # a legacy encoding: no UTF-8 pairs to swap
    found = detect_damage(text)
    if found is None:
        return _swapped(_CJK_PAIR, data, rng)
    if found.codepage in DOUBLE_BYTE:
        return data
    # One byte per character (a character the page cannot write stands as "?", which no pair holds), so a pair
    # swapped in the bytes is the same six characters of the text.
    page_bytes = text.encode(found.codepage, errors="replace")
    swapped = _swapped(_CJK_PAIR, page_bytes, rng)
    return "".join(char if old == new else bytes([new]).decode(found.codepage)
                   for char, old, new in zip(text, page_bytes, swapped)).encode("utf-8")


def _swapped(pattern: re.Pattern[bytes], data: bytes, rng: random.Random,
             fit: Callable[[bytes, bytes], bytes] = lambda word, other: other) -> bytes:
    """data with a share (SWAPPED) of what `pattern` matches swapped for another of its matches in data, each
    made to `fit` the one it replaces."""
    vocabulary = sorted(set(pattern.findall(data)))

    def swap(match: re.Match[bytes]) -> bytes:
        word = match.group()
        return word if rng.random() >= SWAPPED else fit(word, rng.choice(vocabulary))

    return pattern.sub(swap, data)


LAST_TIMINGS: list[str] = []  # the stage lines (`kb build --timings`) of the last build run


class Figure(NamedTuple):
    """One measurement (or the median of several): wall and CPU seconds, peak RSS of the largest process
    and peak memory of all its processes together, in MiB (None: not known)."""
    wall: float
    cpu: float | None  # None: not known (a latency measured from outside)
    mib: float | None
    total_mib: float | None = None


def _tree_mib(root: int) -> float:
    """MiB held now by `root` and every process under it: the sum of their proportional set sizes (a page
    shared by n processes counts 1/n in each), or of their RSS where PSS cannot be read."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total_kib, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        for name, field in (("smaps_rollup", b"Pss:"), ("status", b"VmRSS:")):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as lines:
                    found = next((line for line in lines if line.startswith(field)), None)
            except OSError:
                continue
            if found is not None:
                total_kib += int(found.split()[1])
                break
    return total_kib / 1024


class _TreeSampler:
    """The largest _tree_mib of a process over its life, sampled every `interval` seconds in a thread
    (0 where /proc cannot be read)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        import threading

        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, _tree_mib(self.pid))
            except OSError:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(args: list[str], env: dict | None = None) -> Figure:
    """Wall seconds, CPU seconds (its own and its reaped workers') and peak RSS in MiB of one kb command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        sampler = _TreeSampler(proc.pid) if os.path.isdir("/proc") else None
        # Sampled until the process is reaped: waitid(WNOWAIT) waits for the exit without reaping, so the
        # sampler still sees the tree; wait4 then reads its usage.
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        total = sampler.stop() if sampler is not None else None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        timings = [line[len("timing:"):] for line in err.read().decode("utf-8", "replace").splitlines()
                   if line.startswith("timing:")]
    if timings:
        LAST_TIMINGS[:] = timings
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the build reported problems in notes
        raise RuntimeError(f"{' '.join(args)} exited with {status}")
    return Figure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, total or None)


def median_of(runs: int, fn) -> Figure:
    """The median wall and CPU seconds of `runs` runs, and the largest peak memory."""
    results = [fn() for _ in range(runs)]
    totals = [r.total_mib for r in results if r.total_mib is not None]
    return Figure(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
                  max(r.mib or 0 for r in results), max(totals) if totals else None)


def describe_corpus(notes_dir: Path, corpus: Path, scale: int) -> str:
    """How the corpus is made, and a count showing its notes are distinct."""
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    distinct = len({p.read_bytes() for p in files})
    per_copy = len(files) // scale
    return (f"corpus x{scale}: {len(files)} notes = {scale} cop{'y' if scale == 1 else 'ies'} of the {per_copy} notes "
            f"in {notes_dir} (copy 0 as it is; each other copy has a third of its longer words and of its Chinese "
            f"character pairs swapped for others of the note, and a third of its numbers changed); {distinct} of "
            f"{len(files)} texts distinct")


class Plan(NamedTuple):
    """What bench_scale measures besides the three builds of the table."""
    runs: int
    new_machine: bool = True     # a cold build with an empty per-user cache
    extras: bool = True          # kb serve's save-to-reload latency and the lower bounds


def bench_scale(notes_dir: Path, scale: int, plan: Plan, work: Path) -> dict[str, Figure | list[str] | str]:
    """The figures of one corpus size. Unless the plan is a smoke test, every kb command of it runs with a
    per-user cache of its own (XDG_CACHE_HOME), warmed by building notes/ alone: the machine's own cache may
    hold formula decisions for this very corpus from an earlier build (the corpus is the same for the same
    scale), which made a cold build at 100x look 40% cheaper than it is."""
    from unittest import mock

    if not plan.extras:
        return _bench_scale(notes_dir, scale, plan, work)
    cache = work / f"user-cache-x{scale}"
    cache.mkdir()
    with mock.patch.dict(os.environ, {"XDG_CACHE_HOME": str(cache)}):  # every command inherits it, kb serve too
        return _bench_scale(notes_dir, scale, plan, work)


def _bench_scale(notes_dir: Path, scale: int, plan: Plan, work: Path) -> dict[str, Figure | list[str] | str]:
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

    figures: dict[str, Figure | list[str] | str] = {"corpus": describe_corpus(notes_dir, corpus, scale)}
    if plan.new_machine:
        figures["cold, empty user cache"] = median_of(plan.runs, new_machine)
    warm = work / "out-warm-up"  # the per-user cache warm: a machine that has built notes/ before
    run([*KB, "build", "--notes", str(notes_dir), "--out", str(warm), "-q"])
    shutil.rmtree(warm, ignore_errors=True)
    figures["cold build"] = median_of(plan.runs, cold)
    figures["cold build stages"] = list(LAST_TIMINGS)
    run(build)
    figures["no-change rebuild"] = median_of(plan.runs, lambda: run(build))
    figures["one note changed"] = median_of(plan.runs, one_changed)
    figures["one note changed stages"] = list(LAST_TIMINGS)
    if plan.extras:
        figures["save to reload (kb serve)"] = Figure(median_of_latency(plan.runs, corpus, out), None, None)
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




def lower_bounds(corpus: Path, out: Path) -> dict[str, Figure]:
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
HEADINGS = {"one note changed": "one note changed", "no-change rebuild": "no change", "cold build": "cold",
            "peak memory": "peak memory", "save to reload (kb serve)": "save to reload"}


def table_lines(table: dict[int, dict]) -> list[str]:
    """The issue's table: each figure measured (wall seconds, then CPU seconds; peak memory in MB, the most
    any of the three builds took), its target beside it and whether the wall time meets it; then the growth
    between scales."""
    columns = [c for c in TABLE_COLUMNS if any(c in figures or c == "peak memory" for figures in table.values())]
    lines = ["| corpus | " + " | ".join(HEADINGS[c] for c in columns) + " |", "|---|" + "---|" * len(columns)]
    met = []
    for scale, figures in table.items():
        cells = []
        for column in columns:
            target = TARGETS.get(scale, {}).get(column)
            cells.append(_cell(column, figures, target))
            if target is not None and (measured := _measured(figures, column)) is not None:
                met.append(measured <= target)
        lines.append(f"| {scale}x ({_notes_in(figures)} notes) | " + " | ".join(cells) + " |")
    if met:
        lines.append(f"targets met: {sum(met)} of {len(met)} (wall seconds against the target; CPU seconds beside "
                     "them: the work done, summed over cores, which other work on the machine does not inflate)")
    scales = sorted(table)
    for small, large in zip(scales, scales[1:]):
        for name in ("cold build", "one note changed"):
            wall = table[large][name].wall / table[small][name].wall
            cpu = table[large][name].cpu / table[small][name].cpu
            lines.append(f"{name} growth x{small} -> x{large}: wall {wall:.1f} x, CPU {cpu:.1f} x "
                         f"(linear would be {large / small:.1f} x)")
    return lines


def _notes_in(figures: dict) -> str:
    found = re.search(r": (\d+) notes", figures.get("corpus", ""))
    return found.group(1) if found else "?"


BUILDS = ("cold build", "no-change rebuild", "one note changed")


def _measured(figures: dict, column: str) -> float | None:
    if column == "peak memory":
        totals = [figures[name].total_mib for name in BUILDS if figures[name].total_mib is not None]
        return (max(totals) if totals else max(figures[name].mib for name in BUILDS)) * 1.048576
    return figures[column].wall if column in figures else None


def _largest_process(figures: dict) -> float:
    return max(figures[name].mib for name in BUILDS) * 1.048576


def _cell(column: str, figures: dict, target: float | None) -> str:
    measured = _measured(figures, column)
    if measured is None:
        return "not measured"
    if column == "peak memory":
        largest = _largest_process(figures)
        text, unit = f"{measured:.0f} MB" + (f" all processes, {largest:.0f} MB largest" if largest != measured else ""), " MB"
    elif column == "save to reload (kb serve)":
        text, unit = f"{measured:.2f} s", " s"
    else:
        text, unit = f"{measured:.2f} s wall, {figures[column].cpu:.2f} s CPU", " s"
    if target is None:
        return text
    return f"{text} (target ≤ {target:g}{unit}: {'met' if measured <= target else 'MISSED'})"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=Path, default=ROOT / "notes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default=DEFAULT_SCALES, help=f"corpus sizes, copies of the notes ({DEFAULT_SCALES})")
    parser.add_argument("--growth", action="store_true",
                        help=f"also 10x and 1000x ({GROWTH_SCALES}), and how each figure grows between them")
    parser.add_argument("--quick", action="store_true",
                        help="1x, one run of each build, nothing else: a smoke test of the benchmark itself")
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument("--skip-new-machine", action="store_true",
                        help="leave out the first build on a new machine (it runs every formula check: minutes)")
    args = parser.parse_args(argv)
    scales = [int(s) for s in ("1" if args.quick else GROWTH_SCALES if args.growth else args.scales).split(",")]
    runs = 1 if args.quick else args.runs
    print(f"kb benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, medians of {runs} runs, "
          f"load average {_load()} (other work on the machine slows every wall time; CPU times much less)")
    print(LEGEND)
    if byte_compile_kb():
        print("kb's modules could not all be byte-compiled: every run compiles them again, and its CPU time counts it")
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        work = Path(tmp)
        table = {}
        for scale in scales:
            plan = Plan(1 if scale >= LARGE_SCALE or args.quick else runs,
                        new_machine=not (args.quick or args.skip_new_machine) and scale <= NEW_MACHINE_MAX_SCALE,
                        extras=not args.quick)
            figures = bench_scale(args.notes, scale, plan, work)
            table[scale] = figures
            print(f"\n{figures['corpus']}")
            print(f"measured{' once' if plan.runs == 1 else ''}; load average after it: {_load()}:")
            for name, figure in figures.items():
                if isinstance(figure, Figure):
                    print(f"  {name:<28} {figure.wall:8.2f} s wall"
                          + (f" {figure.cpu:8.2f} s CPU" if figure.cpu is not None else "")
                          + (f"   peak {figure.mib:7.0f} MiB" if figure.mib is not None else "")
                          + (f"   all processes {figure.total_mib:7.0f} MiB" if figure.total_mib is not None else ""))
            for stages in ("cold build stages", "one note changed stages"):
                print(f"  where the last {stages.removesuffix(' stages')}'s time went:")
                for line in figures[stages]:
                    print(f"    {line.rstrip()}")
            bound = sum(v.wall for k, v in figures.items() if k.startswith("bound"))
            if bound:
                print(f"  cold build / lower bound     {figures['cold build'].wall / bound:8.1f} x")
        print()
        print("\n".join(table_lines(table)))
        if not (args.skip_verify or args.quick):
            figure = median_of(runs, lambda: run([*KB, "verify", "--notes", str(args.notes), "--force", "--json"]))
            print(f"\nkb verify --force: {figure.wall:.2f} s wall, {figure.cpu:.2f} s CPU   peak {figure.mib:.0f} MiB")


if __name__ == "__main__":
    main()
