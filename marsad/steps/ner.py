"""Arabic named-entity tagging: PER, ORG, LOC, MISC in BIO, with a CRF.

The model is a linear-chain CRF (python-crfsuite) over the features of
`marsad.steps.ner_features`, trained on ANERcorp by `scripts/train_ner.py`. It ships
in `marsad/resources/ner/` with the gazetteer and word-cluster tables it was trained
with (see the NOTICE there for origins, licences and cross-validated scores).

`NerTagger` is built once and passed around; it pickles by carrying the model bytes,
because `pycrfsuite.Tagger` itself cannot be pickled, so it can be shipped to worker
processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.steps.ner_eval import chunks
from marsad.steps.ner_features import FeatureExtractor, Lexicon
from marsad.text.tokenize import tokenize

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "ner"
MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv.gz"
CLUSTERS_FILE = "clusters.tsv.gz"
_SENTENCE_ENDS = frozenset(".!?؟")
_DOCSTART = "-DOCSTART-"
_MIN_PROPAGATED = 3
_CONLL_BATCH = 2000


def repair_bio(tags: Sequence[str]) -> list[str]:
    """Turn an `I-X` that does not continue an `X` into `B-X`, so output is strict BIO."""
    fixed: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


def propagate_labels(cores: Sequence[Sequence[str]], tags: list[list[str]]) -> list[list[str]]:
    """Give a name the type it got elsewhere in the same text (one sense per document).

    A news story names someone in full once and then repeats the bare surname; the CRF
    sees the full context only once. A word tagged `O` takes type X when, within the
    batch, it was tagged X more often than `O` and never with another type. `cores`
    are the folded forms (same shape as `tags`); short words are left alone.
    """
    seen: dict[str, dict[str, int]] = {}
    for sentence_cores, sentence_tags in zip(cores, tags, strict=True):
        for core, tag in zip(sentence_cores, sentence_tags, strict=True):
            kind = tag[2:] or "O"
            counts = seen.setdefault(core, {})
            counts[kind] = counts.get(kind, 0) + 1
    votes: dict[str, str] = {}
    for core, counts in seen.items():
        types = [kind for kind in counts if kind != "O"]
        single = len(types) == 1 and counts[types[0]] > counts.get("O", 0)
        if single and len(core) >= _MIN_PROPAGATED:
            votes[core] = types[0]
    if not votes:
        return tags
    fixed: list[list[str]] = []
    for sentence_cores, sentence_tags in zip(cores, tags, strict=True):
        new = list(sentence_tags)
        for index, core in enumerate(sentence_cores):
            kind = votes.get(core, "")
            if kind and new[index] == "O":
                continues = index > 0 and new[index - 1][2:] == kind
                new[index] = ("I-" if continues else "B-") + kind
        fixed.append(new)
    return fixed


class NerTagger:
    """A trained CRF and the word lists its features need."""

    def __init__(self, model: bytes, lexicon: Lexicon) -> None:
        self._model = model
        self.lexicon = lexicon
        self.features = FeatureExtractor(lexicon)
        self._tagger = _open_tagger(model)

    @classmethod
    def load(cls, directory: Path | None = None) -> NerTagger:
        """Load the model, gazetteer and clusters from `directory` (default: the shipped)."""
        folder = RESOURCES if directory is None else directory
        gazetteer, clusters = folder / GAZETTEER_FILE, folder / CLUSTERS_FILE
        lexicon = Lexicon.from_files(
            gazetteer if gazetteer.exists() else None, clusters if clusters.exists() else None
        )
        return cls((folder / MODEL_FILE).read_bytes(), lexicon)

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self._model, "lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"], state["lexicon"])  # type: ignore[misc]

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags of one sentence of tokens."""
        return self.tag_sentences([tokens])[0]

    def tag_sentences(
        self, sentences: Iterable[Sequence[str]], *, propagate: bool = True
    ) -> list[list[str]]:
        """BIO tags of each sentence, seen as one document.

        Per-word features are shared across the batch; with `propagate`, a name keeps
        the type it was given elsewhere in the batch (`propagate_labels`).
        """
        batch = list(sentences)
        cache: dict[str, Any] = {}
        tagged: list[list[str]] = []
        for tokens in batch:
            if not tokens:
                tagged.append([])
                continue
            rows = self.features.sentence_features(tokens, cache)
            tagged.append(self._tagger.tag(rows))
        if propagate:
            cores = [[cache[token].core for token in tokens] for tokens in batch]
            tagged = propagate_labels(cores, tagged)
        return [repair_bio(tags) for tags in tagged]

    def find_entities(self, text: str) -> list[tuple[int, int, str]]:
        """Entities in raw `text` as (start, end, type), character offsets into `text`."""
        sentences = split_sentences(text)
        tags = self.tag_sentences([[token for token, _, _ in sentence] for sentence in sentences])
        found: list[tuple[int, int, str]] = []
        for sentence, sentence_tags in zip(sentences, tags, strict=True):
            for first, end, kind in chunks(sentence_tags):
                found.append((sentence[first][1], sentence[end - 1][2], kind))
        return found

    def tag_conll(self, lines: Iterable[str]) -> Iterator[str]:
        """`marsad ner`: CoNLL lines in, `token<TAB>tag` lines out (no line terminators).

        The token is the first whitespace-separated column; a blank line ends a
        sentence and is kept; a `-DOCSTART-` line is echoed as `O` and ends one.
        Sentences are tagged in batches of `_CONLL_BATCH` so that names are typed
        consistently across neighbouring sentences while memory stays bounded.
        """
        pending: list[str | list[str]] = []  # separator lines and token lists, in order
        sentences = 0
        current: list[str] = []
        for line in lines:
            columns = line.split()
            if columns and columns[0] != _DOCSTART:
                current.append(columns[0])
                continue
            if current:
                pending.append(current)
                sentences += 1
                current = []
            pending.append(f"{_DOCSTART}\tO" if columns else "")
            if sentences >= _CONLL_BATCH:
                yield from self._emit(pending)
                pending, sentences = [], 0
        if current:
            pending.append(current)
        yield from self._emit(pending)

    def _emit(self, pending: list[str | list[str]]) -> Iterator[str]:
        batch = [item for item in pending if isinstance(item, list)]
        tags = iter(self.tag_sentences(batch))
        for item in pending:
            if isinstance(item, str):
                yield item
            else:
                for token, tag in zip(item, next(tags), strict=True):
                    yield f"{token}\t{tag}"


def tag_conll(lines: Iterable[str], tagger: NerTagger | None = None) -> Iterator[str]:
    """`marsad ner` over `lines` with `tagger` (default: the shipped model, loaded now)."""
    return (tagger or NerTagger.load()).tag_conll(lines)


def split_sentences(text: str) -> list[list[tuple[str, int, int]]]:
    """Tokens of `text` with raw offsets, punctuation as one-character tokens, by sentence.

    A sentence ends after . ! ? ؟ and at every line break.
    """
    sentences: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    position = 0

    def close() -> None:
        nonlocal current
        if current:
            sentences.append(current)
            current = []

    def gap(start: int, end: int) -> None:
        for index in range(start, end):
            char = text[index]
            if char in "\n\r\u2028\u2029":
                close()
            elif not char.isspace():
                current.append((char, index, index + 1))
                if char in _SENTENCE_ENDS:
                    close()

    for token in tokenize(text):
        gap(position, token.start)
        current.append((token.text, token.start, token.end))
        position = token.end
    gap(position, len(text))
    close()
    return sentences


def _open_tagger(model: bytes) -> pycrfsuite.Tagger:
    """A crfsuite tagger reading the model from memory (no temporary file)."""
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model)
    return tagger
