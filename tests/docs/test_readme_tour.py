"""The README's tour, run: every ```console block must print what it shows.

The demo database is built once per session with `marsad demo --no-serve --db PATH`,
exactly as a reader following the tour builds it. Each ```console block is one test;
blocks run in README order against that one database, as the reader would run them.

Rules for a ```console block:

- A line starting with `$ ` is a command; a command line ending in `\\` continues on
  the next line. Each command runs in `bash -c` with `set -o pipefail`, from the
  repository root, with this environment's `marsad` first on PATH, `MARSAD_DB` naming
  the demo database, no other `MARSAD_*` variable, and a private data folder. It must
  exit with status 0.
- The lines after a command, up to the next command or the end of the block, are its
  standard output. `…` stands for any text (the shortest that fits, possibly none);
  a whitespace run in the README matches any whitespace or none, so long lines may be
  wrapped or aligned differently, but text the README runs together must be printed
  together. The whole output must match, not only its start: end with `…` to show a
  truncated listing.
- A command with no lines shown after it must print nothing. To show a command without
  its output, write `…` as its output.
- Commands that serve, crawl or deliver alerts (`marsad serve`, `marsad crawl`,
  `marsad alerts run`, `marsad demo` without `--no-serve`, `marsad sources add URL`)
  do not belong in ```console blocks: they wait or need the network. Write them as
  plain text or in a ```sh block; a test below rejects them in ```console blocks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ANY_TEXT = "…"
COMMAND_PROMPT = "$ "
COMMAND_TIMEOUT_SECONDS = 300
DEMO_TIMEOUT_SECONDS = 900
NOT_FOR_THE_TOUR = re.compile(
    r"\bmarsad\s+(serve|crawl|alerts\s+run|sources\s+add)\b"
    r"|\bmarsad\s+demo\b(?!.*--no-serve)"
)


@dataclass(frozen=True)
class TourStep:
    """One command of a console block and the output the README shows for it."""

    command: str
    shown: str


@dataclass(frozen=True)
class ConsoleBlock:
    """A ```console block of the README: its first line number and its steps."""

    line: int
    steps: tuple[TourStep, ...]


def console_blocks(markdown: str) -> list[ConsoleBlock]:
    """Every ```console block of `markdown`, in order."""
    blocks: list[ConsoleBlock] = []
    body: list[str] | None = None
    start = 0
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence = line.strip()
        if body is None:
            if fence == "```console":
                body, start = [], number
        elif fence == "```":
            blocks.append(ConsoleBlock(start, tuple(_steps(body))))
            body = None
        else:
            body.append(line)
    if body is not None:
        raise AssertionError(f"README.md: the ```console block of line {start} is not closed")
    return blocks


def _steps(lines: list[str]) -> list[TourStep]:
    """Split a block's lines into commands (with continuations) and their outputs."""
    steps: list[TourStep] = []
    command: list[str] = []
    shown: list[str] = []
    continuing = False
    for line in lines:
        if continuing:
            command.append(line)
        elif line.startswith(COMMAND_PROMPT):
            if command:
                steps.append(TourStep("\n".join(command), "\n".join(shown)))
            command, shown = [line[len(COMMAND_PROMPT) :]], []
        elif command:
            shown.append(line)
        else:
            raise AssertionError(f"README.md: output before any command: {line!r}")
        continuing = bool(command) and not shown and line.endswith("\\")
    if command:
        steps.append(TourStep("\n".join(command), "\n".join(shown)))
    return steps


def output_pattern(shown: str) -> re.Pattern[str]:
    """The shown output as a pattern: `…` is any text, whitespace is elastic."""
    pieces = [
        r"\s*".join(re.escape(word) for word in part.split()) for part in shown.split(ANY_TEXT)
    ]
    return re.compile(r"\s*" + ".*?".join(pieces) + r"\s*", re.DOTALL)


def tour_environment(db: Path, home: Path) -> dict[str, str]:
    """The environment of a reader who set `MARSAD_DB` and nothing else of Marsad's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MARSAD_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["MARSAD_DB"] = str(db)
    env["XDG_DATA_HOME"] = str(home)
    env["PYTHONUTF8"] = "1"
    return env


def run_in_shell(
    command: str, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail\n{command}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tour_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo database, built as the README says, and the environment to use it."""
    assert (Path(sys.executable).parent / "marsad").exists(), "install Marsad in this environment"
    folder = tmp_path_factory.mktemp("tour")
    db = folder / "demo.db"
    env = tour_environment(db, folder / "data")
    built = run_in_shell(f"marsad demo --no-serve --db '{db}'", env, DEMO_TIMEOUT_SECONDS)
    assert built.returncode == 0, built.stderr
    return env


def test_the_readme_has_a_tour() -> None:
    assert BLOCKS, "README.md should hold ```console blocks"
    for block in BLOCKS:
        assert block.steps, f"README.md line {block.line}: a console block without a command"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README-line-{block.line}" for block in BLOCKS])
def test_console_blocks_hold_no_serving_or_network_command(block: ConsoleBlock) -> None:
    for step in block.steps:
        assert not NOT_FOR_THE_TOUR.search(step.command), (
            f"README.md line {block.line}: `{step.command}` waits or needs the network; "
            "write it as plain text, not in a ```console block"
        )


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README-line-{block.line}" for block in BLOCKS])
def test_console_block_prints_what_it_shows(block: ConsoleBlock, tour_env: dict[str, str]) -> None:
    for step in block.steps:
        if NOT_FOR_THE_TOUR.search(step.command):
            pytest.fail(f"README.md line {block.line}: `{step.command}` is not for the tour")
        ran = run_in_shell(step.command, tour_env, COMMAND_TIMEOUT_SECONDS)
        assert ran.returncode == 0, f"`{step.command}` failed:\n{ran.stderr}"
        matches = output_pattern(step.shown).fullmatch(ran.stdout) is not None
        assert matches, (
            f"README.md line {block.line}: `{step.command}` printed\n{ran.stdout}\n"
            f"which does not match what the README shows:\n{step.shown}"
        )


def test_the_pattern_ignores_wrapping_and_elides_with_the_ellipsis() -> None:
    shown = '{"title": "عنوان", "site": "x",\n "text": "بداية…", "lang": "ar"}'
    printed = '{"title": "عنوان", "site": "x", "text": "بداية النص كله", "lang": "ar"}\n'
    assert output_pattern(shown).fullmatch(printed)


def test_the_pattern_catches_a_changed_figure_and_unshown_lines() -> None:
    shown = "     3  alweeam ← was"
    assert output_pattern(shown).fullmatch("  3 alweeam ← was\n")
    assert not output_pattern(shown).fullmatch("     4  alweeam ← was\n")
    assert not output_pattern(shown).fullmatch("     3  alweeam ← was\n     2  alyaum\n")
    assert not output_pattern("3alweeam").fullmatch("3 alweeam")


def test_an_empty_output_means_nothing_printed_and_the_ellipsis_means_anything() -> None:
    assert output_pattern("").fullmatch("\n")
    assert not output_pattern("").fullmatch("something\n")
    assert output_pattern(ANY_TEXT).fullmatch("something\nmore\n")


def test_blocks_split_into_commands_outputs_and_continuations() -> None:
    markdown = "text\n```console\n$ a \\\n  --b\nout 1\n$ c\n```\n```sh\n$ d\n```\n"
    [block] = console_blocks(markdown)
    assert block.line == 2
    assert block.steps == (TourStep("a \\\n  --b", "out 1"), TourStep("c", ""))
