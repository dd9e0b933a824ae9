"""Token features for the Arabic named-entity tagger.

ANERcorp is small (125k tokens) and Arabic glues clitics to names (وبواشنطن,
للرئيس), so the CRF cannot rely on the surface token alone. Each token gets:

* its surface, folded and clitic-stripped forms, the light stem, affixes and shape;
* gazetteer hits (single words and multi-word phrases, also after stripping clitics);
* the class of nearby trigger words (السيد, مدينة, وكالة ...);
* distributional word clusters learnt from unlabeled news, at three granularities,
  which carry what was learnt about seen names over to unseen ones;
* clusters of in-domain word vectors (skip-gram on 16 M tokens of 2015–2018 news,
  `scripts/ner_word_vectors.py`), for the word and its ±2 neighbours;
* name parts: whether the word is part of a known PER / ORG / LOC name, or a MISC
  word (`scripts/ner_name_parts.py`);
* the same compact signals for the ±2 neighbours, and bigrams.

Everything that depends only on the word is computed once per distinct word within a
call (`FeatureExtractor.sentence_features` keeps a per-call dict), because words
repeat a lot and that work dominates tagging time.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.steps.ner_foreign import ForeignNameModel
from marsad.steps.ner_memory import WordMemory
from marsad.text.analyzer import stem
from marsad.text.normalize import fold

# Proclitic sequences, longest first: conjunction + preposition + article.
_PROCLITICS = (
    "وبال", "وكال", "ولل", "فبال", "فلل", "وال", "فال", "بال", "كال", "لل",
    "ال", "و", "ف", "ب", "ك", "ل",
)  # fmt: skip
_ENCLITICS = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ي", "ك")
_MIN_CORE = 2
_MAX_PHRASE = 5
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


def _typed(words: str, kind: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), kind)


# Words that announce an entity of a given type nearby; folded forms.
TRIGGERS: Mapping[str, str] = {
    **_typed(
        "سيد السيد السيده الرئيس رئيس وزير الوزير الملك الملكه الشيخ الامير الاميره "
        "الدكتور د الزعيم المستشار المستشاره النائب الجنرال العقيد اللواء العميد "
        "الفريق المشير البابا الامام الحاخام قال قالت اعلن اعلنت اكد اكدت صرح اوضح "
        "اضاف اضافت المتحدث الناطق مدرب المدرب اللاعب لاعب الفنان الفنانه المطرب "
        "الكاتب الشاعر المخرج الممثل الممثله السفير المبعوث الامين زعيم نائب "
        "ولي سمو فخامه معالي السلطان الحاكم المرشح مستشار",
        "PER",
    ),
    **_typed(
        "مدينه المدينه العاصمه عاصمه قريه منطقه محافظه ولايه دوله جزيره جزر نهر "
        "بحر مقاطعه اقليم بلده جمهوريه مملكه اماره حي شارع مخيم ميناء مطار جبل "
        "صحراء بلاد شمال جنوب شرق غرب وسط الى الي من في",
        "LOC",
    ),
    **_typed(
        "وكاله منظمه شركه جامعه حزب جمعيه مؤسسه بنك مصرف وزاره مجلس حركه جبهه "
        "اتحاد نادي فريق صحيفه جريده مجله قناه هيئه لجنه منتخب معهد مركز مستشفى "
        "جماعه تنظيم محكمه برلمان اذاعه تلفزيون مجموعه الشركه المنظمه الوكاله "
        "الحزب الجامعه الاتحاد النادي الهيئه اللجنه",
        "ORG",
    ),
    **_typed(
        "مهرجان بطوله كاس كأس دوري جائزه مؤتمر قمه مباراه اولمبياد كتاب فيلم "
        "روايه صحيفه اتفاقيه معاهده مسابقه",
        "MISC",
    ),
}


def core_form(token: str) -> str:
    """The folded token without surrounding punctuation (ANERcorp has tokens like «(د»)."""
    folded = fold(token)
    start, end = 0, len(folded)
    while start < end and not folded[start].isalnum():
        start += 1
    while end > start and not folded[end - 1].isalnum():
        end -= 1
    return folded[start:end] if end > start else folded


def strip_clitics(core: str) -> list[str]:
    """Candidate bare forms of a folded word, most stripped first (وبالقاهره → قاهره ...).

    Without a lexicon ب/ك/ل/ف can be a clitic or the first letter of a name, so every
    plausible reading is returned and the gazetteer/cluster lookups try each.
    """
    found: list[str] = []
    for prefix in _PROCLITICS:
        if core.startswith(prefix) and len(core) - len(prefix) >= _MIN_CORE:
            bare = core[len(prefix) :]
            if prefix.endswith("لل"):
                found.append("ال" + bare)  # لل = ل + ال: للرئيس → الرئيس
            found.append(bare)
    return found


def strip_enclitic(core: str) -> str:
    """The word without a pronoun suffix (حكومته → حكومت), for trigger matching."""
    for suffix in _ENCLITICS:
        if core.endswith(suffix) and len(core) - len(suffix) >= 3:
            return core[: -len(suffix)]
    return core


def name_types(table: Mapping[str, tuple[str, ...]], core: str, bare: list[str]) -> list[str]:
    """Gazetteer types of the word, or else of any of its clitic-stripped forms, sorted."""
    own = table.get(core)
    if own is not None:
        return list(own)
    found: set[str] = set()
    for form in bare:
        found.update(table.get(form, ()))
    return sorted(found)


def trigger_class(core: str, bare_forms: list[str]) -> str:
    """The class of trigger word (PER, LOC, ORG, MISC) the word is, or ""."""
    kind = TRIGGERS.get(core) or TRIGGERS.get(strip_enclitic(core))
    if kind:
        return kind
    for form in bare_forms:
        kind = TRIGGERS.get(form)
        if kind:
            return kind
    return ""


def shape(token: str) -> str:
    """Collapsed character classes: A Arabic, L Latin, D digit, P other (e.g. «AP», «D»)."""
    classes: list[str] = []
    for char in token:
        if "\u0600" <= char <= "\u06ff":
            kind = "A" if char.isalpha() else ("D" if char.isdigit() else "P")
        elif char.isdigit():
            kind = "D"
        elif char.isalpha():
            kind = "L"
        else:
            kind = "P"
        if not classes or classes[-1] != kind:
            classes.append(kind)
    return "".join(classes)


def length_bucket(length: int) -> str:
    if length <= 3:
        return str(length)
    return "4-5" if length <= 5 else ("6-8" if length <= 8 else "9+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Gazetteer names and word clusters: the word lists the tagger ships with.

    `names` maps a folded, space-joined name to its types; `parts` maps every word of
    a multi-word name (first names, family names) to the types it occurs in;
    `starts` holds the first words of multi-word names, so phrase matching only looks
    further where a name can begin; `clusters` maps a folded word to its cluster ids
    at each granularity, then its frequency band in the unlabeled text; `vectors`
    maps a folded word to the ids of its word-vector clusters, coarse to fine;
    `name_parts` maps a folded word to the name types it is a part of.
    """

    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    starts: frozenset[str] = frozenset()
    clusters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    foreign: ForeignNameModel | None = None
    vectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    name_parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_files(
        cls,
        gazetteer: Path | None,
        clusters: Path | None,
        foreign: Path | None = None,
        vectors: Path | None = None,
        name_parts: Path | None = None,
    ) -> Lexicon:
        """Read `type<TAB>name` gazetteer and `word<TAB>c1<TAB>c2...` cluster TSVs (gzip),
        the foreign-name letter model, the `word<TAB>k1...` word-vector cluster TSV and
        the `type<TAB>word` name-part TSV."""
        entries = [(row[0], row[1]) for row in _read_tsv(gazetteer)] if gazetteer else []
        table: dict[str, tuple[str, ...]] = {}
        if clusters is not None:
            for rank, row in enumerate(_read_tsv(clusters)):  # rows are by frequency
                table[row[0]] = (*row[1:], _frequency_band(rank))
        letters = ForeignNameModel.load(foreign) if foreign else None
        vector_table = {row[0]: tuple(row[1:]) for row in _read_tsv(vectors)} if vectors else {}
        parts: dict[str, set[str]] = {}
        for kind, word in (row[:2] for row in _read_tsv(name_parts)) if name_parts else ():
            parts.setdefault(word, set()).add(kind)
        return cls.from_entries(
            entries, table, letters, vectors=vector_table, name_parts=_sorted_values(parts)
        )

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[tuple[str, str]],
        clusters: Mapping[str, tuple[str, ...]],
        foreign: ForeignNameModel | None = None,
        *,
        vectors: Mapping[str, tuple[str, ...]] | None = None,
        name_parts: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Lexicon:
        """A lexicon of (type, folded name) gazetteer entries, a cluster table and,
        optionally, word-vector clusters and name parts."""
        names: dict[str, set[str]] = {}
        parts: dict[str, set[str]] = {}
        starts: set[str] = set()
        for kind, name in entries:
            names.setdefault(name, set()).add(kind)
            pieces = name.split()
            if len(pieces) > 1:
                starts.add(pieces[0])
                for piece in pieces:
                    if len(piece) > 2:
                        parts.setdefault(piece, set()).add(kind)
        return cls(
            _sorted_values(names),
            _sorted_values(parts),
            frozenset(starts),
            clusters,
            foreign,
            vectors or {},
            name_parts or {},
        )

    def with_entries(self, entries: Iterable[tuple[str, str]]) -> Lexicon:
        """The same word tables with another gazetteer."""
        return Lexicon.from_entries(
            entries,
            self.clusters,
            self.foreign,
            vectors=self.vectors,
            name_parts=self.name_parts,
        )

    def entries(self) -> list[tuple[str, str]]:
        """The gazetteer as sorted (type, name) pairs."""
        return sorted((kind, name) for name, kinds in self.names.items() for kind in kinds)


def _frequency_band(rank: int) -> str:
    """Coarse frequency of a word in unlabeled news: names are rarely among the top."""
    for limit in (100, 1000, 5000, 15000):
        if rank < limit:
            return f"r{limit}"
    return "rare"


def _sorted_values(mapping: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(value)) for key, value in mapping.items()}


def _read_tsv(path: Path) -> list[list[str]]:
    """Rows of a gzip TSV after its header line."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle, None)
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


_OFFSETS = (-2, -1, 1, 2)
_PREFIX_NAMES = ("", "p1=", "p2=", "p3=", "p4=")
_SUFFIX_NAMES = ("", "s1=", "s2=", "s3=", "s4=")
# What an absent neighbour "tells" a word near the start or end of a sentence.
PADDING = tuple((f"{offset}w=<pad>",) for offset in _OFFSETS)


@dataclass(frozen=True, slots=True)
class WordFacts:
    """Per-word facts, computed once per distinct word and reused by its neighbours."""

    own: tuple[str, ...]  # features of the word at position 0
    around: tuple[tuple[str, ...], ...]  # what it contributes at offsets -2, -1, +1, +2
    core: str
    cluster: str  # mid-granularity cluster id, or the shape when unknown
    heads: tuple[str, ...]  # its forms that can begin a multi-word gazetteer name


class FeatureExtractor:
    """Turns a sentence of tokens into CRF feature strings, using a `Lexicon`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._memory = WordMemory(self._word)

    def word(self, token: str, cache: dict[str, Any]) -> WordFacts:
        """The facts of one token; `cache` collects this call's words (by token)."""
        facts: WordFacts | None = cache.get(token)
        if facts is None:
            facts = cache[token] = self._memory(token)
        return facts

    def sentence_features(
        self, tokens: Sequence[str], cache: dict[str, Any] | None = None
    ) -> list[list[str]]:
        """Features of every token of one sentence; pass `cache` to share across sentences."""
        memo: dict[str, Any] = {} if cache is None else cache
        facts = [self.word(token, memo) for token in tokens]
        far_left = [*PADDING[:1] * 2, *[word.around[0] for word in facts]]
        left = [PADDING[1], *[word.around[1] for word in facts]]
        right = [*[word.around[2] for word in facts[1:]], PADDING[2]]
        far_right = [*[word.around[3] for word in facts[2:]], *PADDING[3:] * 2]
        return [
            [
                *word.own,
                *far_left[index],
                *left[index],
                *right[index],
                *far_right[index],
                *bound,
            ]
            for index, (word, bound) in enumerate(
                zip(facts, self.position_features(facts), strict=True)
            )
        ]

    def matches(self, facts: Sequence[WordFacts]) -> list[PhraseMatch]:
        """The multi-word gazetteer names of a sentence (see `phrase_matches`)."""
        if not self.lexicon.starts:
            return []
        cores = [word.core for word in facts]
        return phrase_matches(self.lexicon.names, cores, [word.heads for word in facts])

    def position_features(
        self, facts: Sequence[WordFacts], matches: Sequence[PhraseMatch] | None = None
    ) -> list[list[str]]:
        """The features tied to a position: multi-word gazetteer matches and bigrams.

        `matches` are the sentence's `matches(facts)` when the caller has them already.
        """
        rows: list[list[str]] = [[] for _ in facts]
        for start, end, kinds in self.matches(facts) if matches is None else matches:
            for kind in kinds:
                rows[start].append(f"gm=B-{kind}")
                for inside in range(start + 1, end):
                    rows[inside].append(f"gm=I-{kind}")
        cores = [word.core for word in facts]
        clusters = [word.cluster for word in facts]
        last = len(facts) - 1
        for index, row in enumerate(rows):
            if index:
                row.append(f"bg-={cores[index - 1]}|{cores[index]}")
                row.append(f"bc-={clusters[index - 1]}|{clusters[index]}")
            else:
                row.append("BOS")
            if index < last:
                row.append(f"bg+={cores[index]}|{cores[index + 1]}")
                row.append(f"bc+={clusters[index]}|{clusters[index + 1]}")
            else:
                row.append("EOS")
        return rows

    def _word(self, token: str) -> WordFacts:
        core = core_form(token)
        bare_forms = strip_clitics(core)
        word_stem = stem(core)
        token_shape = shape(token)
        size = len(core)
        feats = [
            "w=" + token,
            "f=" + core,
            "st=" + word_stem,
            "sh=" + token_shape,
            "len=" + length_bucket(size),
        ]
        if size > 1:
            feats += [_PREFIX_NAMES[n] + core[:n] for n in range(1, min(size, 5))]
            feats += [_SUFFIX_NAMES[n] + core[-n:] for n in range(1, min(size, 5))]
        if bare_forms:
            feats.append("b=" + bare_forms[0])
        gaz_types = name_types(self.lexicon.names, core, bare_forms)
        feats += ["gz=" + kind for kind in gaz_types]
        feats += ["gp=" + kind for kind in name_types(self.lexicon.parts, core, bare_forms)]
        cluster_ids = self._clusters(core, bare_forms)
        if cluster_ids:
            feats += [f"c{level}={cid}" for level, cid in enumerate(cluster_ids)]
        else:
            feats.append("c=unknown")
        vector_ids = self._lookup(self.lexicon.vectors, core, bare_forms)
        if self.lexicon.vectors:
            feats += [f"v{level}={cid}" for level, cid in enumerate(vector_ids)] or ["v=unknown"]
        part_types = name_types(self.lexicon.name_parts, core, bare_forms)
        feats += ["np=" + kind for kind in part_types]
        trigger = trigger_class(core, bare_forms)
        if trigger:
            feats.append("t=" + trigger)
        foreign = self._foreign(core, bare_forms)
        if foreign:
            feats.append("fx=" + foreign)
            feats.append(f"fxc={foreign}|{cluster_ids[-1] if cluster_ids else 'none'}")
        middle = cluster_ids[1] if len(cluster_ids) > 1 else token_shape
        around = self._context(core, word_stem, cluster_ids or (middle,), trigger, gaz_types)
        if vector_ids or part_types:
            around = _with_vectors(around, vector_ids, part_types)
        heads = tuple(form for form in (core, *bare_forms) if form in self.lexicon.starts)
        return WordFacts(tuple(feats), around, core, middle, heads)

    @staticmethod
    def _context(
        core: str, word_stem: str, clusters: tuple[str, ...], trigger: str, gaz: list[str]
    ) -> tuple[tuple[str, ...], ...]:
        """What a word tells its neighbours at offsets -2, -1, +1, +2."""
        middle = clusters[1 if len(clusters) > 1 else 0]
        far = (
            ("w=" + core, "c=" + middle, "t=" + trigger)
            if trigger
            else ("w=" + core, "c=" + middle)
        )
        near = [*far, "s=" + word_stem, *[f"c{level}={cid}" for level, cid in enumerate(clusters)]]
        if gaz:
            near.append("g=" + "|".join(gaz))
        return (
            tuple(["-2" + name for name in far]),
            tuple(["-1" + name for name in near]),
            tuple(["1" + name for name in near]),
            tuple(["2" + name for name in far]),
        )

    def _clusters(self, core: str, bare_forms: list[str]) -> tuple[str, ...]:
        return self._lookup(self.lexicon.clusters, core, bare_forms)

    @staticmethod
    def _lookup(
        table: Mapping[str, tuple[str, ...]], core: str, bare_forms: list[str]
    ) -> tuple[str, ...]:
        """The ids of the word, or of its first clitic-stripped form in `table` ("~")."""
        found = table.get(core)
        if found is not None:
            return found
        for form in bare_forms:
            found = table.get(form)
            if found is not None:
                return tuple("~" + cid for cid in found)  # reached through a clitic
        return ()

    def _foreign(self, core: str, bare_forms: list[str]) -> str:
        """Foreign-name band of the word or of its most foreign clitic-stripped form."""
        letters = self.lexicon.foreign
        if letters is None or not core.isalpha():
            return ""
        return max(letters.band(form) for form in (core, *bare_forms))


def _with_vectors(
    around: tuple[tuple[str, ...], ...], vector_ids: tuple[str, ...], part_types: list[str]
) -> tuple[tuple[str, ...], ...]:
    """What a word tells its neighbours, plus its vector clusters (all granularities at
    ±1, the middle one at ±2) and its name-part types (at ±1)."""
    far = [f"v{len(vector_ids) // 2}={vector_ids[len(vector_ids) // 2]}"] if vector_ids else []
    near = [f"v{level}={cid}" for level, cid in enumerate(vector_ids)]
    if part_types:
        near.append("np=" + "|".join(part_types))
    far_left, left, right, far_right = around
    return (
        (*far_left, *["-2" + name for name in far]),
        (*left, *["-1" + name for name in near]),
        (*right, *["1" + name for name in near]),
        (*far_right, *["2" + name for name in far]),
    )


PhraseMatch = tuple[int, int, tuple[str, ...]]  # start, end (exclusive), sorted types


def phrase_matches(
    names: Mapping[str, tuple[str, ...]],
    cores: Sequence[str],
    heads: Sequence[tuple[str, ...]],
) -> list[PhraseMatch]:
    """Multi-word gazetteer names in a sentence: at each start, the longest one.

    `cores` are the folded words, `heads[i]` the forms of word i (itself or behind a
    clitic) that can begin a name; a match is (start, end, its types).
    """
    found: list[PhraseMatch] = []
    for start, first in enumerate(heads):
        if not first:
            continue
        for length in range(min(_MAX_PHRASE, len(cores) - start), 1, -1):
            tail = " ".join(cores[start + 1 : start + length])
            kinds: set[str] = set()
            for head in first:
                kinds.update(names.get(f"{head} {tail}", ()))
            if kinds:
                found.append((start, start + length, tuple(sorted(kinds))))
                break
    return found
