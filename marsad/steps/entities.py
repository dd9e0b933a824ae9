"""Canonical entities: link names in the text to stable ids (داعش = تنظيم الدولة = org:isis).

Two sources of mentions:

* the curated actors file (marsad/resources/actors/actors.tsv), matched as an alias
  dictionary on folded text with clitics stripped (بداعش، والتحالف، لقسد، للتحالف),
  the longest alias winning;
* spans from a named-entity tagger, `(start, end, type)` with type PER/ORG/LOC/MISC.
  A tagger span that no alias covers still gets an id: a LOC that the gazetteer
  resolves becomes `loc:<geonameid>` (the same place as `marsad.steps.places` finds);
  anything else becomes `per:`/`org:`/`loc:`/`misc:` plus a slug of its folded,
  clitic-stripped name, so the same name in two articles gets the same id.

Two cleanups make the entity lists an analyst reads trustworthy:

* a stoplist (marsad/resources/actors/not_names.tsv) of religious formulae (الله،
  سبحانه وتعالى، صلى الله عليه وسلم) and bare titles or common words a tagger takes
  for names (الرئيس، اليوم): a tagger span that is one of them, or made only of the
  formulae's words, is no entity (`names.NotNames`);
* within one document, a person named in full once and by part of the name after
  (خالد محفوظ بحاح … خالد بحاح … بحاح) is one person: a tagged name whose words all
  appear, in order, in exactly one longer person name of the same text takes that
  name's id (`names.merge_name_variants`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from marsad.model import Article, EntitySpan
from marsad.resources import resource_path
from marsad.steps.entity_names import NotNames, load_not_names, merge_name_variants
from marsad.steps.places import (
    PlaceMatcher,
    clitic_variants,
    first_words,
    raw_prefix_length,
    scan_aliases,
)
from marsad.text.normalize import fold
from marsad.text.tokenize import tokenize, words

_TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})
_ARTICLE_CLITICS = ("وبال", "وال", "بال", "كال", "فال", "وكال", "فبال")


@dataclass(frozen=True, slots=True)
class Actor:
    """One canonical entity: id, type, Arabic and English names, and its aliases."""

    id: str
    type: str
    name: str
    name_en: str
    aliases: tuple[str, ...]  # Arabic, as written; the name itself included
    aliases_en: tuple[str, ...] = ()
    successor: str | None = None


def slug(name: str) -> str:
    """A stable id part: the folded words of a name joined by hyphens."""
    return "-".join(words(fold(name)))


def alias_key(name: str) -> str:
    """The folded, space-joined token form an alias is matched by."""
    return " ".join(fold(t.text) for t in tokenize(name))


def load_actors(path: Path) -> list[Actor]:
    """Read the curated actors file (see its header for the columns)."""
    actors: list[Actor] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 7 or fields[1] not in _TYPES:
            raise ValueError(f"{path.name}:{number}: expected 7 fields and a known type")
        ident, kind, name, name_en, aliases, aliases_en, successor = fields
        arabic = tuple(dict.fromkeys([name, *filter(None, aliases.split("|"))]))
        actors.append(
            Actor(
                ident,
                kind,
                name,
                name_en,
                arabic,
                tuple(filter(None, aliases_en.split("|"))),
                successor or None,
            )
        )
    return actors


class _Claimed:
    """The characters of a text that entities found so far cover.

    Asking whether a tagger span overlaps any of them costs the span's length, where
    comparing it with every entity found made texts with thousands of entities
    quadratic.
    """

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int, found: Sequence[EntitySpan]) -> bool:
        """Whether [start, end) overlaps an entity of `found` (the spans added here)."""
        if end <= start:  # an empty span overlaps only a span around its point
            return any(e.start < end and start < e.end for e in found)
        return self._marks.find(1, start, end) >= 0


class EntityLinker:
    """The alias dictionary of canonical entities, built once and shared (picklable)."""

    def __init__(
        self,
        actors: Iterable[Actor],
        places: PlaceMatcher | None = None,
        not_names: NotNames | None = None,
    ) -> None:
        self.actors = {actor.id: actor for actor in actors}
        self.not_names = not_names or NotNames()
        self.index: dict[str, str] = {}
        for actor in self.actors.values():
            for alias in actor.aliases:
                self.index.setdefault(alias_key(alias), actor.id)
        self.lengths = first_words(self.index)
        self.places = places

    @classmethod
    def load(cls, folder: Path | None = None, places: PlaceMatcher | None = None) -> EntityLinker:
        """The shipped curated actors."""
        folder = folder or resource_path("actors")
        not_names = folder / "not_names.tsv"
        stoplist = load_not_names(not_names) if not_names.exists() else NotNames()
        return cls(load_actors(folder / "actors.tsv"), places, stoplist)

    def link(
        self, text: str, tagger_spans: Sequence[tuple[int, int, str]] = ()
    ) -> list[EntitySpan]:
        """Entities in raw `text`: alias matches, then tagger spans that no alias covers."""
        found: list[EntitySpan] = []
        claimed = _Claimed(len(text))
        for hit in scan_aliases(text, self.index, self.lengths):
            actor = self.actors[self.index[hit.key]]
            found.append(
                EntitySpan(
                    text[hit.start : hit.end], hit.start, hit.end, actor.type, actor.id, actor.name
                )
            )
            claimed.add(hit.start, hit.end)
        for start, end, kind in tagger_spans:
            if kind not in _TYPES or claimed.overlaps(start, end, found):
                continue
            span = self._from_tagger(text, start, end, kind)
            if span is not None:
                found.append(span)
                claimed.add(span.start, span.end)
        ordered = sorted(found, key=lambda e: (e.start, e.end))
        return merge_name_variants(ordered, curated=self.actors.keys())

    def _from_tagger(self, text: str, start: int, end: int, kind: str) -> EntitySpan | None:
        start, name = _strip_clitics(text[start:end], start, self.index)
        written = text[start:end]
        if not slug(name):
            return None
        key = alias_key(name)
        if key in self.index:
            actor = self.actors[self.index[key]]
            return EntitySpan(written, start, end, actor.type, actor.id, actor.name)
        if self.not_names.excludes(name):
            return None
        if kind == "LOC" and self.places is not None:
            place = self.places.resolve(name)
            if place is not None:
                return EntitySpan(written, start, end, "LOC", f"loc:{place.id}", place.name)
        return EntitySpan(
            written, start, end, kind, f"{kind.lower()}:{slug(name)}", " ".join(name.split())
        )


def _strip_clitics(raw: str, start: int, index: dict[str, str]) -> tuple[int, str]:
    """Drop a conjunction or preposition glued to a tagger span's first word.

    Returns the new start and the name to link; للتحالف keeps its span (the ل and the
    article's alef are merged) but links as التحالف.

    Without a lexicon a leading و or ب may be part of the name (وليد، بدر), so a clitic
    is only dropped when the rest is a known alias, when it is glued to the article
    ال (والعراق → العراق) or to لل (للتحالف → التحالف), or when the word goes on with a
    hamza (وأحمد → أحمد), which no name starts with.
    """
    match = re.match(r"\S+", raw)
    if match is None:
        return start, raw
    first = fold(match.group())
    rest_tokens = alias_key(raw[match.end() :])
    for word, prefix in clitic_variants(first)[1:]:
        if " ".join(filter(None, [word, rest_tokens])) in index:
            return _cut(raw, start, prefix)
    for clitic in _ARTICLE_CLITICS:
        if first.startswith(clitic) and len(first) > len(clitic) + 2:
            return _cut(raw, start, clitic[:-2])
    if re.match("و[أإآو]|ف[أإآ]", match.group()) and len(first) > 3:
        return _cut(raw, start, first[0])  # no name starts with وأ or وو: و is a clitic
    if first.startswith(("لل", "ولل")) and len(first) > 4:
        conj = first[: first.index("لل")]
        _new_start, rest = _cut(raw, start, conj + "لل")
        return start + raw_prefix_length(raw, len(conj)), "ال" + rest
    return start, raw


def _cut(raw: str, start: int, prefix: str) -> tuple[int, str]:
    skip = raw_prefix_length(raw, len(prefix))
    return start + skip, raw[skip:]


def with_entities(
    article: Article, linker: EntityLinker, tagger_spans: Sequence[tuple[int, int, str]] = ()
) -> Article:
    """The article with its canonical entities linked."""
    return replace(article, entities=tuple(linker.link(article.text, tagger_spans)))
