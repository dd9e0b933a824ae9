"""Entity hygiene at linking time: words that are no names, and one person's names.

A name tagger trained on news still tags religious formulae (الله، سبحانه وتعالى)
and bare titles (الرئيس) as entities; left in, "الله" becomes the most-mentioned
entity of an Arabic archive. And news names a person in full once and by part of
the name after (خالد محفوظ بحاح, then خالد بحاح, then بحاح), which the tagger's
slug ids turn into three people. Both are fixed here, on the linked spans of one
document, before they reach the store.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from marsad.model import EntitySpan
from marsad.text.normalize import fold
from marsad.text.tokenize import words

_KINDS = ("formula", "common")


def _key(text: str) -> tuple[str, ...]:
    return tuple(words(fold(text)))


@dataclass(frozen=True, slots=True)
class NotNames:
    """Phrases never linked as entities (folded word tuples) and the formulae's words."""

    phrases: frozenset[tuple[str, ...]] = frozenset()
    formula_words: frozenset[str] = field(default_factory=frozenset)

    def excludes(self, name: str) -> bool:
        """Whether the tagged `name` is no entity; a conjunction or preposition left
        glued to it (بالله، والله) does not hide it."""
        return any(self._excludes_key(key) for key in _without_proclitics(_key(name)))

    def _excludes_key(self, key: tuple[str, ...]) -> bool:
        if key in self.phrases:
            return True
        return all(word in self.formula_words for word in key)


_PROCLITICS = "وفبلك"


def _without_proclitics(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key`, then `key` with up to two one-letter proclitics cut from its first word."""
    if not key:
        return []
    found = [key]
    first = key[0]
    for _ in range(2):
        if len(first) > 3 and first[0] in _PROCLITICS:
            first = first[1:]
            found.append((first, *key[1:]))
    return found


def not_names_of(rows: Iterable[tuple[str, str]]) -> NotNames:
    """`NotNames` from (phrase, kind) pairs; kind is "formula" or "common"."""
    phrases: set[tuple[str, ...]] = set()
    formula_words: set[str] = set()
    for phrase, kind in rows:
        if kind not in _KINDS:
            raise ValueError(f"unknown kind {kind!r} for {phrase!r}: expected formula or common")
        key = _key(phrase)
        phrases.add(key)
        if kind == "formula":
            formula_words.update(key)
    return NotNames(frozenset(phrases), frozenset(formula_words))


def load_not_names(path: Path) -> NotNames:
    """Read the stoplist file: `phrase<TAB>kind` per line, `#` comments."""
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip():
            raise ValueError(f"{path.name}:{number}: expected a phrase and a kind")
        rows.append((fields[0].strip(), fields[1].strip()))
    return not_names_of(rows)


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def merge_name_variants(
    spans: Sequence[EntitySpan], *, curated: Collection[str] = ()
) -> list[EntitySpan]:
    """`spans` with each partial person name given the id and name of its full form.

    A person span whose id came from its own words (not a curated actor of
    `curated`) takes the id and name of the longer person name of this document
    that holds all its words in order, when exactly one such longest name exists:
    بحاح ⊂ خالد بحاح ⊂ خالد محفوظ بحاح all become خالد محفوظ بحاح, but محمد beside both
    محمد مرسي and محمد بن سلمان stays as it is (it could be either).
    """
    names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for span in spans:
        if span.type == "PER":
            names.setdefault(span.id, (span.name, _key(span.name)))
    if len(names) < 2:
        return list(spans)
    target: dict[str, str] = {}
    for ident, (_name, key) in names.items():
        if ident in curated or not key:
            continue
        holders = [
            other
            for other, (_n, other_key) in names.items()
            if other != ident and len(other_key) > len(key) and _is_subsequence(key, other_key)
        ]
        longest = [
            holder
            for holder in holders
            if not any(
                other != holder
                and len(names[other][1]) > len(names[holder][1])
                and _is_subsequence(names[holder][1], names[other][1])
                for other in holders
            )
        ]
        if len(longest) == 1:
            target[ident] = longest[0]
    if not target:
        return list(spans)
    return [
        replace(span, id=target[span.id], name=names[target[span.id]][0])
        if span.type == "PER" and span.id in target
        else span
        for span in spans
    ]
