"""robots.txt checks: microseconds per URL on a 500 KiB file, the old matcher and Protego.

    python bench/bench_robots.py [--urls 2000] [--before efc4cc4]

The file is built like the robots.txt of a large news site: a dozen user-agent groups,
thousands of section and tag paths (Arabic slugs raw and percent-encoded), `*` and
`$` patterns, Sitemap lines; it is cut at the 500 KiB a crawler must read. The URLs
checked are article, tag and search URLs of that site. "Before" is the regular-
expression matcher of `marsad/ingest/robots.py` at commit `--before` (read with
`git show`), "after" the current module. The pathological pattern of issue 15
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
    parser.add_argument("--patience", type=float, default=20.0)
    args = parser.parse_args()
    rng = random.Random(15)
    targets = urls(rng, args.urls)
    before = old_module(args.before)
    print(f"URLs checked        {len(targets)}")
    for share in (0.1, 0.5):
        text = big_robots(rng, share)
        size = len(text.encode("utf-8")) / 1024
        lines = text.count("\n")
        print(f"robots.txt          {size:.0f} KiB, {lines} lines, {share:.0%} wildcards")
        decided: list[list[bool]] = []
        for label, module in (("before", before), ("after", current)):
            started = time.perf_counter()
            rules = module.parse_robots(text, "marsad")
            parse_ms = (time.perf_counter() - started) * 1000
            micros, decisions = per_url(rules.allowed, targets)
            decided.append(decisions)
            print(
                f"  {label:<7} parse {parse_ms:7.1f} ms   check {micros:10.1f} µs/URL"
                f"   allowed {sum(decisions)}"
            )
        differ = sum(1 for old, new in zip(*decided, strict=True) if old != new)
        print(f"  decisions that differ: {differ}")
    print(f"pathological before {pathological(args.before, args.patience)}")
    print(f"pathological after  {pathological(None, args.patience)}")


if __name__ == "__main__":
    main()
