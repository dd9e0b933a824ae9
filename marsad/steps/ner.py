"""Arabic named-entity tagging: PER, ORG, LOC, MISC in BIO, by two models together.

A linear-chain CRF over the hand-made features of `marsad.steps.ner_features`
(`ner_crf`) and a BiLSTM-CRF network over word vectors, characters and gazetteer flags
(`ner_encoding`, `ner_neural`) each score every token and label; `NerTagger` adds the
two scores and decodes the sum. Both are trained on ANERcorp by
`scripts/train_ner.py` and `scripts/train_ner_neural.py` and ship in
`marsad/resources/ner/` with the word lists they were trained with (see the NOTICE
there for origins, licences and cross-validated scores).

`NerTagger` is built once and passed around; it holds only numpy arrays, dicts and
word lists, so it pickles and can be shipped to worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from marsad.steps.ner_crf import CRF_FILE, CrfModel, CrfScorer, FloatArray
from marsad.steps.ner_encoding import TAGS, Encoder, Vocabulary
from marsad.steps.ner_eval import chunks
from marsad.steps.ner_features import FeatureExtractor, Lexicon
from marsad.steps.ner_neural import NEURAL_FILE, NeuralNetwork, load_model, viterbi_paths
from marsad.steps.ner_rules import drop_formulae, strip_titles, tag_institutions
from marsad.text.tokenize import tokenize

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "ner"
GAZETTEER_FILE = "gazetteer.tsv.gz"
CLUSTERS_FILE = "clusters.tsv.gz"
FOREIGN_FILE = "foreign.tsv.gz"
VECTORS_FILE = "vectors.tsv.gz"
NAME_PARTS_FILE = "name_parts.tsv.gz"
_SENTENCE_ENDS = frozenset(".!?؟")
_DOCSTART = "-DOCSTART-"
_MIN_PROPAGATED = 3
_CONLL_BATCH = 2000
# Longest run of tokens tagged as one sentence. The network steps through a sentence
# token by token, so one endless "sentence" (a text without punctuation) runs alone
# for as many steps as it has tokens; cut into pieces, it runs beside other pieces.
# News sentences stay far below (the longest of the demo sample has 272 tokens).
MAX_SENTENCE_TOKENS = 400
# Share of the CRF in the combined scores; the network has the rest. Chosen by 5-fold
# cross-validation (scripts/cv_ner.py; see the NOTICE beside the models).
CRF_WEIGHT = 0.4
# Subtracted from the combined score of `O`: the two models agree on a name more
# rarely than on its absence, so their sum leans to precision; this evens it out.
OUTSIDE_PENALTY = 0.25


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
    """The CRF, optionally the neural network, and the word lists their inputs need.

    Both models score every (token, label); the tagger adds their scores,
    `crf_weight` for the CRF and the rest for the network, with their label
    transitions weighted the same way, and decodes the sum with Viterbi (a product of
    experts), after lowering every `O` score by `outside_penalty`. Without a network the
    CRF decodes alone. With `rules`, religious formulae are never entities and titles
    are cut off person names (`marsad.steps.ner_rules`).
    """

    def __init__(
        self,
        crf: CrfModel,
        lexicon: Lexicon,
        neural: tuple[NeuralNetwork, Vocabulary] | None = None,
        crf_weight: float = CRF_WEIGHT,
        outside_penalty: float = OUTSIDE_PENALTY,
        *,
        rules: bool = True,
    ) -> None:
        self.lexicon = lexicon
        self.rules = rules
        self.labels = crf.labels
        self._outside = crf.labels.index("O")
        self._penalty = outside_penalty if neural else 0.0
        self._crf = CrfScorer(crf, FeatureExtractor(lexicon))
        self._weight = crf_weight if neural else 1.0
        size = len(self.labels)
        transitions = crf.transitions * self._weight
        self._start = np.zeros(size, dtype=np.float32)
        self._end = np.zeros(size, dtype=np.float32)
        self._neural: tuple[NeuralNetwork, Encoder, npt.NDArray[np.int64]] | None = None
        if neural is not None:
            network, vocabulary = neural
            order = np.array([TAGS.index(label) for label in self.labels])
            share = 1.0 - self._weight
            transitions = transitions + share * network.transitions[np.ix_(order, order)]
            self._start = share * network.start[order]
            self._end = share * network.end[order]
            self._neural = (network, Encoder(vocabulary, lexicon), order)
        self._transitions = transitions.astype(np.float32)

    @classmethod
    def load(cls, directory: Path | None = None) -> NerTagger:
        """Load the models and word lists from `directory` (default: the shipped ones)."""
        folder = RESOURCES if directory is None else directory
        lexicon = Lexicon.from_files(
            *(
                path if path.exists() else None
                for path in (
                    folder / GAZETTEER_FILE,
                    folder / CLUSTERS_FILE,
                    folder / FOREIGN_FILE,
                    folder / VECTORS_FILE,
                    folder / NAME_PARTS_FILE,
                )
            )
        )
        network = folder / NEURAL_FILE
        neural = load_model(network) if network.exists() else None
        return cls(CrfModel.load(folder / CRF_FILE), lexicon, neural)

    @property
    def combined(self) -> bool:
        """Whether the network scores beside the CRF."""
        return self._neural is not None

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags of one sentence of tokens."""
        return self.tag_sentences([tokens])[0]

    def tag_sentences(
        self, sentences: Iterable[Sequence[str]], *, propagate: bool = True
    ) -> list[list[str]]:
        """BIO tags of each sentence, seen as one document.

        Per-word work is shared across the batch; with `propagate`, a name keeps
        the type it was given elsewhere in the batch (`propagate_labels`).
        """
        return self.tag_documents([list(sentences)], propagate=propagate)[0]

    def tag_documents(
        self, documents: Sequence[Sequence[Sequence[str]]], *, propagate: bool = True
    ) -> list[list[list[str]]]:
        """BIO tags of the sentences of several documents, scored in one call.

        One call over many short documents runs at the speed of one long one; label
        propagation still stays within each document.
        """
        batch = [list(tokens) for document in documents for tokens in document]
        filled = [tokens for tokens in batch if tokens]
        cache: dict[str, Any] = {}
        scores = self._scores(filled, cache)
        paths = iter(viterbi_paths(scores, self._transitions, self._start, self._end))
        labels = self.labels
        tagged = [[labels[index] for index in next(paths)] if tokens else [] for tokens in batch]
        found: list[list[list[str]]] = []
        for document in documents:
            part, tagged = tagged[: len(document)], tagged[len(document) :]
            cores = [[cache[token].core for token in tokens] for tokens in document]
            if propagate:
                part = propagate_labels(cores, part)
            part = [repair_bio(tags) for tags in part]
            if self.rules:
                part = [
                    tag_institutions(words, strip_titles(words, drop_formulae(words, tags)))
                    for words, tags in zip(cores, part, strict=True)
                ]
            found.append(part)
        return found

    def _scores(self, sentences: list[list[str]], cache: dict[str, Any]) -> list[FloatArray]:
        """Per sentence, the (length, labels) scores to decode."""
        if self._neural is None or not sentences:
            return self._crf.scores(sentences, cache)
        extractor = self._crf.extractor
        matches = [  # multi-word gazetteer names, found once for both models
            extractor.matches([extractor.word(token, cache) for token in tokens])
            for tokens in sentences
        ]
        scores = self._crf.scores(sentences, cache, matches)
        network, encoder, order = self._neural
        weight = self._weight
        with _blas_threads().limit(limits=1, user_api="blas"):
            learnt = network.scores(encoder.encode(sentences, matches))
        combined = [
            weight * mine + (1.0 - weight) * theirs[:, order]
            for mine, theirs in zip(scores, learnt, strict=True)
        ]
        for table in combined:
            table[:, self._outside] -= self._penalty
        return combined

    def find_entities(self, text: str) -> list[tuple[int, int, str]]:
        """Entities in raw `text` as (start, end, type), character offsets into `text`."""
        return self.find_entities_in([text])[0]

    def find_entities_in(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """`find_entities` of each text, tagged in one call (see `tag_documents`)."""
        documents = [bounded_sentences(split_sentences(text)) for text in texts]
        tags = self.tag_documents(
            [
                [[token for token, _, _ in sentence] for sentence in document]
                for document in documents
            ]
        )
        found: list[list[tuple[int, int, str]]] = []
        for document, document_tags in zip(documents, tags, strict=True):
            spans: list[tuple[int, int, str]] = []
            for sentence, sentence_tags in zip(document, document_tags, strict=True):
                for first, end, kind in chunks(sentence_tags):
                    spans.append((sentence[first][1], sentence[end - 1][2], kind))
            found.append(spans)
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


@cache
def _blas_threads() -> ThreadpoolController:
    """The process's BLAS thread pools. The network's matrix products are small: a second
    BLAS thread only spins (twice the CPU time for the same wall time), and a worker
    process per core is how Marsad scales, so the network runs on one thread."""
    return ThreadpoolController()


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


def bounded_sentences(
    sentences: list[list[tuple[str, int, int]]], limit: int = MAX_SENTENCE_TOKENS
) -> list[list[tuple[str, int, int]]]:
    """The sentences, each longer than `limit` tokens cut into pieces of at most `limit`.

    A piece ends after the last punctuation token of its second half when there is
    one (a comma, a colon), so a cut seldom falls inside a name.
    """
    bounded: list[list[tuple[str, int, int]]] = []
    for sentence in sentences:
        rest = sentence
        while len(rest) > limit:
            cut = _cut_point(rest, limit)
            bounded.append(rest[:cut])
            rest = rest[cut:]
        bounded.append(rest)
    return bounded


def _cut_point(tokens: Sequence[tuple[str, int, int]], limit: int) -> int:
    """Where to cut `tokens` (longer than `limit`): after a punctuation token if one is
    in the second half of the first `limit` tokens, else at `limit`."""
    for index in range(limit - 1, limit // 2 - 1, -1):
        token = tokens[index][0]
        if len(token) == 1 and not token.isalnum():
            return index + 1
    return limit
