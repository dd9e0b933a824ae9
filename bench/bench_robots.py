"""robots.txt checks: microseconds per URL on a 500 KiB file, the old matcher and Protego.

    python bench/bench_robots.py [--urls 2000] [--before efc4cc4] [--no-regex]

The file is built like the robots.txt of a large news site: a dozen user-agent groups,
thousands of section and tag paths (Arabic slugs raw and percent-encoded), `*` and
`$` patterns, Sitemap lines; it is cut at the 500 KiB a crawler must read. The URLs
checked are article, tag and search URLs of that site. "Before" is the regular-
expression matcher of `marsad/ingest/robots.py` at commit `--before` (read with
`git show`; `--no-regex` leaves it out, it takes 0.1 s per URL), "protego" is
`Protego.can_fetch` alone, "after" the current module (Protego's rules through the
index of `marsad/ingest/robots_index.py`). Three wildcard-heavy files are timed
without the regular-expression matcher: the news site with 95% of its rules `*`/`$`,
the 500 KiB file of the robots tests (2,000 `/*?print=N$` rules), and one made only
of `/*a*b`-like rules whose pieces have one or two characters (the worst case for the
index). The pathological pattern of issue 15
(`Disallow: /*a*a*a*a*a*a*a*a*a*a*b`) is timed for one URL in a child process that is
killed after `--patience` seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from protego import Protego

from marsad.ingest import robots as current

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "محليات", "دولي", "تقارير", "news", "sport"]
PATHOLOGICAL = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n"


def old_module(commit: str) -> types.ModuleType:
    """The robots module as it was at `commit`, loaded under its own name."""
    source = subprocess.run(
        ["git", "show", f"{commit}:marsad/ingest/robots.py"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    module = types.ModuleType("robots_before")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "robots_before.py", "exec"), module.__dict__)
    return module


def big_robots(rng: random.Random, wildcards: float) -> str:
    """A news site's robots.txt of exactly 500 KiB (cut like a crawler cuts it).

    `wildcards` is the share of rules with `*` or `$` (every one of them is tried
    against every URL; plain prefixes are ruled out together).
    """
    lines = ["# robots.txt of a large news site", "User-agent: marsad", "Disallow: /search"]
    lines += ["Disallow: /*?utm_source=", ""]
    agents = ["*", "Googlebot", "Bingbot", "marsad", "AhrefsBot", "GPTBot", "CCBot"]
    while sum(len(line) + 1 for line in lines) < current.MAX_ROBOTS_BYTES:
        lines.append(f"User-agent: {rng.choice(agents)}")
        for _ in range(400):
            section = rng.choice(SECTIONS)
            number = rng.randrange(1, 10**6)
            if rng.random() >= wildcards:
                plain = rng.choice(("Disallow: /{}/archive/{}/", "Allow: /{}/{}/amp"))
                lines.append(plain.format(section, number))
                continue
            kind = rng.random()
            if kind < 0.4:
                lines.append(f"Disallow: /*?{section}-print={number}")
            elif kind < 0.6:
                lines.append(f"Disallow: /files/{number}/*.pdf$")
            elif kind < 0.8:
                lines.append(f"Allow: /{section}/{number}/*/amp$")
            else:
                lines.append(f"Disallow: /tag/{section}*{number}")
        lines.append("Crawl-delay: 2")
        lines.append(f"Sitemap: https://news.example/sitemap-{len(lines)}.xml")
        lines.append("")
    text = "\n".join(lines)
    return text.encode("utf-8")[: current.MAX_ROBOTS_BYTES].decode("utf-8", "ignore")


def archive_with_print_rules() -> str:
    """The 500 KiB file of `tests/ingest/test_robots.py`: archive paths, every tenth
    number also `Disallow: /*?print=N$` (about 2,000 wildcard rules, each `$` rule
    counted twice by Protego, all with the literal prefix `/`)."""
    lines = ["User-agent: *"]
    size = number = 0
    while size < current.MAX_ROBOTS_BYTES - 200:
        new = [f"Disallow: /أرشيف/{number}/"]
        if number % 10 == 0:
            new.append(f"Disallow: /*?print={number}$")
        lines.extend(new)
        size += sum(len(line.encode()) + 1 for line in new)
        number += 1
    return "\n".join(lines) + "\n"


def short_pieces(rng: random.Random) -> str:
    """500 KiB of rules like `/*a*b$`: pieces too short to tell rules apart."""
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-_."
    lines = ["User-agent: *"]
    size = 0
    while size < current.MAX_ROBOTS_BYTES:
        pieces = ["".join(rng.choices(letters, k=rng.randrange(1, 3))) for _ in range(3)]
        lines.append(f"Disallow: /*{'*'.join(pieces)}{rng.choice(['', '$'])}")
        size += len(lines[-1]) + 1
    return "\n".join(lines)[: current.MAX_ROBOTS_BYTES]


def urls(rng: random.Random, count: int) -> list[str]:
    found = []
    for n in range(count):
        section = rng.choice(SECTIONS)
        kind = n % 4
        if kind == 0:
            found.append(f"https://news.example/{section}/2024/05/{n}/خبر-عاجل-عن-{section}.html")
        elif kind == 1:
            found.append(f"https://news.example/{section}/archive/{rng.randrange(10**6)}/")
        elif kind == 2:
            found.append(f"https://news.example/search?q={section}&page={n}")
        else:
            found.append(f"https://news.example/tag/{section}-{n}?utm_source=x")
    return found


def per_url(check: Callable[[str], bool], targets: list[str]) -> tuple[float, list[bool]]:
    """Microseconds per URL (the median of 3 passes) and the decisions."""
    timings = []
    decisions: list[bool] = []
    for _ in range(3):
        started = time.perf_counter()
        decisions = [check(url) for url in targets]
        timings.append((time.perf_counter() - started) / len(targets) * 1e6)
    return sorted(timings)[1], decisions


def _pathological_check(commit: str | None, pipe: Any) -> None:
    module = old_module(commit) if commit else current
    rules = module.parse_robots(PATHOLOGICAL, "marsad")
    url = "https://news.example/" + "a" * 40 + "/x.html"
    started = time.perf_counter()
    rules.allowed(url)
    pipe.send(time.perf_counter() - started)


def pathological(commit: str | None, patience: float) -> str:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_pathological_check, args=(commit, theirs))
    child.start()
    child.join(patience)
    if child.is_alive():
        child.kill()
        child.join()
        return f"> {patience:.0f} s (killed)"
    return f"{ours.recv() * 1e6:.1f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--before", default="efc4cc4")
    parser.add_argument("--no-regex", action="store_true")
    parser.add_argument("--patience", type=float, default=20.0)
    args = parser.parse_args()
    rng = random.Random(15)
    targets = urls(rng, args.urls)
    before = None if args.no_regex else old_module(args.before)
    print(f"URLs checked        {len(targets)}")
    files = [(f"{share:.0%} wildcards", big_robots(rng, share), before) for share in (0.1, 0.5)]
    files.append(("95% wildcards", big_robots(rng, 0.95), None))
    files.append(("archive rules and `/*?print=N$`", archive_with_print_rules(), None))
    files.append(("one- and two-character pieces", short_pieces(rng), None))
    for name, text, regex in files:
        size = len(text.encode("utf-8")) / 1024
        print(f"robots.txt          {size:.0f} KiB, {text.count(chr(10))} lines, {name}")
        time_matchers(text, targets, regex)
    if before is not None:
        print(f"pathological before {pathological(args.before, args.patience)}")
    print(f"pathological after  {pathological(None, args.patience)}")


def time_matchers(text: str, targets: list[str], regex: types.ModuleType | None) -> None:
    """Parse and check times of each matcher, and how many decisions differ from Protego's."""
    started = time.perf_counter()
    rules = current.parse_robots(text, "marsad")
    parse_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    parser = Protego.parse(text)
    protego_ms = (time.perf_counter() - started) * 1000
    checks: list[tuple[str, Callable[[str], bool], float]] = []
    if regex is not None:
        started = time.perf_counter()
        old_rules = regex.parse_robots(text, "marsad")
        checks.append(("before", old_rules.allowed, (time.perf_counter() - started) * 1000))
    checks.append(("protego", lambda url: bool(parser.can_fetch(url, rules.agent)), protego_ms))
    checks.append(("after", rules.allowed, parse_ms))
    decided: dict[str, list[bool]] = {}
    for label, check, parse in checks:
        micros, decided[label] = per_url(check, targets)
        print(
            f"  {label:<7} parse {parse:7.1f} ms   check {micros:10.1f} µs/URL"
            f"   allowed {sum(decided[label])}"
        )
    for label, decisions in decided.items():
        if label != "protego":
            differ = sum(1 for a, b in zip(decisions, decided["protego"], strict=True) if a != b)
            print(f"  decisions of {label} that differ from Protego's: {differ}")


if __name__ == "__main__":
    main()
