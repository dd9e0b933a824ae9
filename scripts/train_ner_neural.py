"""Train the BiLSTM-CRF Arabic named-entity network on ANERcorp, or cross-validate it.

    python scripts/train_ner_neural.py --cv 5 [--folds 1,3]     # CV report (per type)
    python scripts/train_ner_neural.py --cv 5 --keep-folds DIR  # also DIR/fold{k}.npz
    python scripts/train_ner_neural.py                          # train on all; writes
                                                                # marsad/resources/ner/neural.npz

The network ships beside the CRF (`marsad/steps/ner.py`) as half of an ensemble; its
numpy runtime is `marsad/steps/ner_neural.py` (with the token encoding in
`marsad/steps/ner_encoding.py`). Training needs PyTorch and scikit-learn; inference is
numpy only.

The network: each token is read as the embedding of its folded form and of its
clitic-stripped form, a character CNN over the folded form, its shape, and gazetteer and
trigger-word flags from the CRF's `Lexicon`; a bidirectional LSTM reads the sentence and
a CRF layer picks the tag sequence. The word vectors are learnt first from unlabeled
text (the counts of `scripts/ner_clusters.py`: PPMI over SaudiNewsNet and the ANERcorp
train text, then TruncatedSVD), cached in build/ner/neural_vectors.npz, and kept frozen.
The gazetteer is the base list (build/ner/gazetteer_base.tsv.gz) plus the training
names, jackknifed over the training blocks as for the CRF (`train_ner.py`).

Same protocol as the CRF: contiguous 5-fold CV on the ANERcorp train split (the folds
of `train_ner.folds`), conlleval scoring, and each fold tagged through the numpy
runtime with the CRF tagger's label propagation and BIO repair. `--keep-folds DIR`
saves each fold's network (float32, exactly as scored, with its vocabulary) to
DIR/fold{k}.npz; its encoder's lexicon is `lexicon_for(train, gazetteer_settings())`
of that fold's training part. The network alone, with the defaults below (BiLSTM
hidden 100, frozen word vectors, 16 epochs):

    fold      1      2      3      4      5      pooled
    CRF       0.770  0.713  0.658  0.768  0.695  0.724
    network   0.756  0.736  0.712  0.761  0.722  0.739  (0.741 without propagation)

    type      P      R      F1     gold          (network, pooled over the 5 folds)
    LOC       0.880  0.835  0.857  3,779
    MISC      0.730  0.462  0.566    893
    ORG       0.674  0.519  0.586  1,585
    PER       0.772  0.640  0.700  2,724
    ALL       0.804  0.683  0.739  8,981

Earlier runs on folds 1 and 3: fine-tuning the word vectors overfits (0.733 / 0.668),
10 epochs under-trains (0.741 / 0.683). The distributional vectors are a weak prior
for unseen names; combined with the CRF they add much more than either model alone.

The numpy runtime is exact (emissions equal PyTorch's to float32 rounding; the batched
Viterbi equals a plain per-sentence Viterbi) and tags ~22,000 tokens/s on one core for
the whole train text in one call (~13,000 for 20-sentence calls, ~4,700 one sentence
at a time); the exported model is 6.9 MB (word vectors stored as float16).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from ner_clusters import cooccurrence, ppmi
from ner_clusters import sentences as unlabeled_sentences
from sklearn.decomposition import TruncatedSVD
from torch import nn
from train_ner import (
    BASE_GAZETTEER,
    JACKKNIFE_BLOCKS,
    TRAIN,
    Sentence,
    Settings,
    folds,
    lexicon_for,
    read_conll,
)

from marsad.steps.ner import RESOURCES, propagate_labels, repair_bio
from marsad.steps.ner_encoding import (
    MAX_SHAPE,
    POSITION_FLAGS,
    TAGS,
    UNKNOWN,
    WORD_FLAGS,
    Encoder,
    FloatArray,
    Vocabulary,
    WordBatch,
)
from marsad.steps.ner_eval import Report
from marsad.steps.ner_features import core_form, shape
from marsad.steps.ner_neural import NEURAL_FILE, NeuralNetwork, save_model

REPO = Path(__file__).resolve().parents[1]
VECTORS = REPO / "build" / "ner" / "neural_vectors.npz"


@dataclass(frozen=True)
class Config:
    """Sizes and training settings; picklable so folds can run in worker processes."""

    hidden: int = 100
    char_dim: int = 24
    char_filters: int = 50
    shape_dim: int = 8
    epochs: int = 16
    batch: int = 32
    lr: float = 0.003
    dropout: float = 0.5
    word_dropout: float = 0.05
    freeze: bool = True  # keep the word vectors fixed: fine-tuning them overfits
    seed: int = 1


# --- word vectors --------------------------------------------------------------------


def word_vectors(size: int, dims: int) -> tuple[list[str], FloatArray]:
    """Folded words by frequency and their L2-normalised PPMI-SVD vectors (cached)."""
    if VECTORS.exists():
        with np.load(VECTORS) as cached:
            if cached["vectors"].shape == (size, dims):
                vectors: FloatArray = cached["vectors"].astype(np.float32)
                return [str(word) for word in cached["words"]], vectors
    corpus = [sentence for sentence in unlabeled_sentences() if sentence]
    frequencies = Counter(word for sentence in corpus for word in sentence)
    ranked = [word for word, _ in frequencies.most_common(size)]
    vocab = {word: index for index, word in enumerate(ranked)}
    contexts = {word: index for index, word in enumerate(ranked[:10000])}
    matrix = ppmi(cooccurrence(corpus, vocab, contexts))
    reduced = TruncatedSVD(n_components=dims, random_state=0).fit_transform(matrix)
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-8
    vectors = np.asarray(reduced, dtype=np.float32)
    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    np.savez(VECTORS, words=np.array(ranked), vectors=vectors)
    return ranked, vectors


def build_vocabulary(words: list[str], train: list[Sentence]) -> Vocabulary:
    """Words from the vectors; characters and shapes seen at least twice in training."""
    chars = Counter(char for tokens, _ in train for token in tokens for char in core_form(token))
    shapes = Counter(shape(token)[:MAX_SHAPE] for tokens, _ in train for token in tokens)
    head = ["<pad>", "<unk>"]
    return Vocabulary.from_lists(
        [*head, *words],
        [*head, *sorted(char for char, count in chars.items() if count >= 2)],
        [*head, *sorted(item for item, count in shapes.items() if count >= 2)],
    )


# --- the network in torch (mirrors ner_neural.NeuralNetwork) -------------------------------------


class Direction(nn.Module):
    """One LSTM direction, stepped by hand (PyTorch gate order i, f, g, o).

    `nn.LSTM` over packed sequences is slow to train on CPU: each step's slice of the
    input back-propagates through a zero-filled copy of the whole batch.
    """

    def __init__(self, inputs: int, hidden: int) -> None:
        super().__init__()
        scale = hidden**-0.5
        self.ih = nn.Parameter(torch.empty(4 * hidden, inputs).uniform_(-scale, scale))
        self.hh = nn.Parameter(torch.empty(4 * hidden, hidden).uniform_(-scale, scale))
        self.bias = nn.Parameter(torch.zeros(4 * hidden))
        with torch.no_grad():
            self.bias[hidden : 2 * hidden] = 1.0  # forget gate open at the start
        self.hidden = hidden

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """(B, T, D) -> (B, T, H); trailing padding does not affect earlier steps."""
        gates_in = inputs @ self.ih.T + self.bias
        state = inputs.new_zeros(inputs.shape[0], self.hidden)
        cell = inputs.new_zeros(inputs.shape[0], self.hidden)
        outputs = []
        for step in gates_in.unbind(1):
            gates = step + state @ self.hh.T
            i, f, g, o = gates.chunk(4, dim=1)
            cell = torch.sigmoid(f) * cell + torch.sigmoid(i) * torch.tanh(g)
            state = torch.sigmoid(o) * torch.tanh(cell)
            outputs.append(state)
        return torch.stack(outputs, dim=1)


class Tagger(nn.Module):
    """Word + char-CNN + flags -> BiLSTM -> per-tag scores, with CRF parameters."""

    def __init__(self, vectors: FloatArray, vocabulary: Vocabulary, config: Config) -> None:
        super().__init__()
        dims = vectors.shape[1]
        table = np.zeros((len(vocabulary.words), dims), dtype=np.float32)
        table[2:] = vectors
        self.words = nn.Embedding(len(table), dims)
        with torch.no_grad():
            self.words.weight.copy_(torch.from_numpy(table))
        self.words.weight.requires_grad_(not config.freeze)
        self.chars = nn.Embedding(len(vocabulary.chars), config.char_dim, padding_idx=0)
        self.conv = nn.Conv1d(config.char_dim, config.char_filters, 3, padding=1)
        self.shapes = nn.Embedding(len(vocabulary.shapes), config.shape_dim)
        width = 2 * dims + config.char_filters + config.shape_dim + WORD_FLAGS + POSITION_FLAGS
        self.forward_lstm = Direction(width, config.hidden)
        self.backward_lstm = Direction(width, config.hidden)
        self.output = nn.Linear(2 * config.hidden, len(TAGS))
        self.dropout = nn.Dropout(config.dropout)
        self.word_dropout = config.word_dropout
        count = len(TAGS)
        self.transitions = nn.Parameter(torch.zeros(count, count))
        self.start = nn.Parameter(torch.zeros(count))
        self.end = nn.Parameter(torch.zeros(count))

    def word_features(self, batch: WordBatch) -> torch.Tensor:
        """(U, D - POSITION_FLAGS) vectors of the distinct words, as the numpy runtime does."""
        word_ids = torch.from_numpy(batch.word_ids)
        bare_ids = torch.from_numpy(batch.bare_ids)
        if self.training and self.word_dropout:
            drop = torch.rand(len(word_ids)) < self.word_dropout
            word_ids = word_ids.masked_fill(drop, UNKNOWN)
            bare_ids = bare_ids.masked_fill(drop, UNKNOWN)
        char_ids = torch.from_numpy(batch.char_ids)
        convolved = torch.relu(self.conv(self.chars(char_ids).transpose(1, 2)))
        convolved = convolved.masked_fill((char_ids == 0).unsqueeze(1), 0.0).amax(dim=2)
        return torch.cat(
            [
                self.words(word_ids),
                self.words(bare_ids),
                convolved,
                self.shapes(torch.from_numpy(batch.shape_ids)),
                torch.from_numpy(batch.flags),
            ],
            dim=1,
        )

    def forward(self, batch: WordBatch) -> tuple[torch.Tensor, torch.Tensor]:
        """Emission scores (B, T, tags) and the mask (B, T) of a batch of sentences."""
        words = self.word_features(batch)
        lengths = torch.tensor([len(rows) for rows in batch.sentences])
        steps = int(lengths.max())
        rows = torch.zeros(len(lengths), steps, dtype=torch.long)
        flags = torch.zeros(len(lengths), steps, POSITION_FLAGS)
        for column, (index, position) in enumerate(
            zip(batch.sentences, batch.positions, strict=True)
        ):
            rows[column, : len(index)] = torch.from_numpy(index)
            flags[column, : len(index)] = torch.from_numpy(position)
        inputs = self.dropout(torch.cat([words[rows], flags], dim=2))
        mask = torch.arange(steps)[None, :] < lengths[:, None]
        # Reverse each sentence within its length (an involution), run, reverse back.
        time_index = torch.arange(steps)[None, :].expand(len(lengths), steps)
        flipped = torch.where(mask, lengths[:, None] - 1 - time_index, time_index)
        gather = flipped.unsqueeze(2).expand_as(inputs)
        backward = self.backward_lstm(inputs.gather(1, gather))
        backward = backward.gather(1, flipped.unsqueeze(2).expand_as(backward))
        states = torch.cat([self.forward_lstm(inputs), backward], dim=2)
        return self.output(self.dropout(states)), mask

    def loss(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """CRF negative log-likelihood of the gold paths, summed over the batch."""
        return (self._partition(emissions, mask) - self._gold(emissions, tags, mask)).sum()

    def _gold(
        self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        picked = emissions.gather(2, tags.unsqueeze(2)).squeeze(2)
        moves = self.transitions[tags[:, :-1], tags[:, 1:]]
        score = self.start[tags[:, 0]] + (picked * mask).sum(1) + (moves * mask[:, 1:]).sum(1)
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        return score + self.end[last]

    def _partition(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        steps, live = emissions.unbind(1), mask.unbind(1)
        alpha = self.start + steps[0]
        for step in range(1, len(steps)):
            moved = torch.logsumexp(
                alpha.unsqueeze(2) + self.transitions + steps[step].unsqueeze(1), dim=1
            )
            alpha = torch.where(live[step].unsqueeze(1), moved, alpha)
        return torch.logsumexp(alpha + self.end, dim=1)

    def export(self, half: bool) -> dict[str, npt.NDArray[np.floating]]:
        """The arrays `NeuralNetwork` (the numpy runtime, marsad/steps/ner_neural.py) reads."""
        ahead, back = self.forward_lstm, self.backward_lstm
        conv_bias = self.conv.bias
        assert conv_bias is not None
        arrays = {
            "word_embedding": self.words.weight,
            "char_embedding": self.chars.weight,
            "char_conv": self.conv.weight,
            "char_conv_bias": conv_bias,
            "shape_embedding": self.shapes.weight,
            "ih_forward": ahead.ih,
            "hh_forward": ahead.hh,
            "bias_forward": ahead.bias,
            "ih_backward": back.ih,
            "hh_backward": back.hh,
            "bias_backward": back.bias,
            "output": self.output.weight,
            "output_bias": self.output.bias,
            "crf_transitions": self.transitions,
            "crf_start": self.start,
            "crf_end": self.end,
        }
        found: dict[str, npt.NDArray[np.floating]] = {
            name: value.detach().numpy().astype(np.float32) for name, value in arrays.items()
        }
        if half:
            found["word_embedding"] = found["word_embedding"].astype(np.float16)
        return found


# --- training ------------------------------------------------------------------------


def jackknifed(
    train: list[Sentence], vocabulary: Vocabulary
) -> list[tuple[list[str], list[str], Encoder]]:
    """Each block of training sentences paired with an encoder whose gazetteer holds only
    the training names of the other blocks (see `train_ner.training_features`)."""
    settings = gazetteer_settings()
    out: list[tuple[list[str], list[str], Encoder]] = []
    for rest, block in folds(train, JACKKNIFE_BLOCKS):
        encoder = Encoder(vocabulary, lexicon_for(rest, settings))
        out.extend((tokens, tags, encoder) for tokens, tags in block)
    return out


def gazetteer_settings() -> Settings:
    return Settings(BASE_GAZETTEER, None, 0.0, 0.0, 0, corpus_names=True)


def batches_of(
    examples: list[tuple[list[str], list[str], Encoder]], size: int, shuffler: random.Random
) -> list[list[int]]:
    """Mini-batches of similar length (little padding) from one jackknife block each."""
    blocks: dict[int, list[int]] = {}
    for index, (_, _, encoder) in enumerate(examples):
        blocks.setdefault(id(encoder), []).append(index)
    chunks: list[list[int]] = []
    for members in blocks.values():
        members.sort(key=lambda i: (len(examples[i][0]), shuffler.random()))
        chunks.extend(members[start : start + size] for start in range(0, len(members), size))
    shuffler.shuffle(chunks)
    return chunks


def fit(
    train: list[Sentence], vectors: FloatArray, vocabulary: Vocabulary, config: Config
) -> Tagger:
    """Adam over shuffled mini-batches; the CRF loss; gradient clipping."""
    torch.manual_seed(config.seed)
    shuffler = random.Random(config.seed)
    model = Tagger(vectors, vocabulary, config)
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=config.lr)
    examples = jackknifed(train, vocabulary)
    # Sentences of one batch must share an encoder: group by block, batch within it.
    for epoch in range(config.epochs):
        model.train()
        chunks = batches_of(examples, config.batch, shuffler)
        total = 0.0
        started = time.perf_counter()
        for chunk in chunks:
            encoder = examples[chunk[0]][2]
            batch = encoder.encode([examples[i][0] for i in chunk])
            emissions, mask = model(batch)
            tags = torch.zeros(mask.shape, dtype=torch.long)
            for column, i in enumerate(chunk):
                tags[column, : len(examples[i][1])] = torch.tensor(
                    [TAGS.index(tag) for tag in examples[i][1]]
                )
            loss = model.loss(emissions, tags, mask)
            optimiser.zero_grad()
            (loss / len(chunk)).backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        print(
            f"  epoch {epoch + 1}: loss {total / len(examples):.3f} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    model.eval()
    return model


def tag_with(
    network: NeuralNetwork, encoder: Encoder, sentences: Sequence[Sequence[str]], propagate: bool
) -> list[list[str]]:
    """What `NerTagger` does with the neural network: one batch, propagation, BIO repair."""
    batch = encoder.encode(sentences)
    tagged = network.tag(batch)
    if propagate:
        cores = [[core_form(token) for token in tokens] for tokens in sentences]
        tagged = propagate_labels(cores, tagged)
    return [repair_bio(tags) for tags in tagged]


def run_fold(
    train: list[Sentence],
    test: list[Sentence],
    config: Config,
    size: int,
    dims: int,
    keep: Path | None = None,
) -> tuple[Report, Report]:
    """Train on `train`, tag `test` through the numpy runtime; (plain, propagated) reports.

    With `keep`, the fold's network (float32, as scored) is saved there with its vocabulary.
    """
    torch.set_num_threads(1)
    words, vectors = word_vectors(size, dims)
    vocabulary = build_vocabulary(words, train)
    model = fit(train, vectors, vocabulary, config)
    weights = model.export(half=False)
    if keep is not None:
        save_model(keep, weights, vocabulary)
    network = NeuralNetwork(weights)
    encoder = Encoder(vocabulary, lexicon_for(train, gazetteer_settings()))
    reports = []
    for propagate in (False, True):
        report = Report()
        predicted = tag_with(network, encoder, [tokens for tokens, _ in test], propagate)
        for (_, gold), tags in zip(test, predicted, strict=True):
            report.add(gold, tags)
        reports.append(report)
    return reports[0], reports[1]


def cross_validate(sentences: list[Sentence], args: argparse.Namespace, config: Config) -> Report:
    plain, propagated = Report(), Report()
    splits = folds(sentences, args.cv)
    chosen = [int(k) - 1 for k in args.folds.split(",")] if args.folds else range(len(splits))
    keep: Path | None = args.keep_folds
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {
            k: pool.submit(
                run_fold,
                *splits[k],
                config,
                args.vocab,
                args.dims,
                keep / f"fold{k + 1}.npz" if keep is not None else None,
            )
            for k in chosen
        }
        for k, future in futures.items():
            first, second = future.result()
            print(
                f"fold {k + 1}: F1 {first.score().f1:.4f}, propagated {second.score().f1:.4f}",
                flush=True,
            )
            plain.merge(first)
            propagated.merge(second)
    print("without propagation")
    print(plain.table())
    return propagated


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--cv", type=int, default=0, help="number of folds; 0 trains the model")
    parser.add_argument("--folds", default="", help="comma-separated fold numbers to run only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--vocab", type=int, default=30000)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    parser.add_argument("--hidden", type=int, default=Config.hidden)
    parser.add_argument("--lr", type=float, default=Config.lr)
    parser.add_argument("--fine-tune", action="store_true", help="train the word vectors too")
    parser.add_argument(
        "--keep-folds",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --cv: save each fold's network to DIR/fold{k}.npz",
    )
    parser.add_argument(
        "--out", type=Path, default=RESOURCES, help="folder of the trained neural.npz"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    config = Config(hidden=args.hidden, epochs=args.epochs, lr=args.lr, freeze=not args.fine_tune)
    sentences = read_conll(args.data)
    started = time.perf_counter()
    word_vectors(args.vocab, args.dims)  # build the cache once, before any worker
    if args.cv:
        report = cross_validate(sentences, args, config)
        print(f"{args.cv}-fold CV, {config}")
        print(report.table())
        print(f"{time.perf_counter() - started:.0f} s")
        return 0
    torch.set_num_threads(args.jobs)
    words, vectors = word_vectors(args.vocab, args.dims)
    vocabulary = build_vocabulary(words, sentences)
    model = fit(sentences, vectors, vocabulary, config)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / NEURAL_FILE
    save_model(target, model.export(half=True), vocabulary)
    print(
        f"wrote {target} ({target.stat().st_size} bytes) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
