"""Turn labelled examples into scored-ready Sentences, via the same pipeline ``mtlint check`` runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtlint.core.records import Document, Sentence
from mtlint.detector.model import Row
from mtlint.detector.pipeline import analyse
from mtlint.detector.spans import token_labels
from mtlint.features.analysis import Token

from .data import Example, documents


@dataclass
class Featurized:
    sentences: list[Sentence]
    labels: list[int | None]
    owner: list[int]  # index of the example each sentence came from
    examples: list[Example]
    tokens: list[list[Token]] = field(default_factory=list)
    features: list[dict[str, float]] = field(default_factory=list)  # the families' numbers per sentence
    example_start: list[int] = field(default_factory=list)  # where the owner example starts in its document

    @property
    def rows(self) -> list[Row]:
        """The sentences as the model reads them."""
        return [Row(s.text, f) for s, f in zip(self.sentences, self.features, strict=True)]

    def span_training(self) -> tuple[list[list[Token]], list[list[int]]]:
        """Tokens and BAD labels of every machine-translated sentence with MLQE-PE word tags."""
        tokens, labels = [], []
        for i, owner in enumerate(self.owner):
            example = self.examples[owner]
            if example.kind == "mt" and example.pair and example.label is not None:
                tokens.append(self.tokens[i])
                labels.append(token_labels(self.tokens[i], example.bad_spans, self.example_start[i]))
        return tokens, labels


def featurize(examples: list[Example], doc_size: int = 12) -> Featurized:
    """Run feature extraction over documents of consecutive examples.

    Each example becomes its own paragraph, so segmentation never joins two; a sentence gets
    the label of the example it lies in.
    """
    out = Featurized([], [], [], examples)
    index = 0
    for n, doc_examples in enumerate(documents(examples, doc_size)):
        starts, text = [], ""
        for e in doc_examples:
            starts.append(len(text))
            text += e.text.replace("\n", " ") + "\n\n"
        doc = Document(id=f"train/{n}", source="train", text=text)
        analysis = analyse(doc)
        for sentence, tokens, features in zip(doc.sentences, analysis.tokens, analysis.features, strict=True):
            k = max(i for i, s in enumerate(starts) if s <= sentence.start)
            out.sentences.append(sentence)
            out.labels.append(doc_examples[k].label)
            out.owner.append(index + k)
            out.tokens.append(tokens)
            out.features.append(features)
            out.example_start.append(starts[k])
        index += len(doc_examples)
    return out


def example_scores(data: Featurized, sentence_scores) -> list[float]:
    """One score per example: the highest of its sentences' (0 for an example with none)."""
    scores = [0.0] * len(data.examples)
    for owner, score in zip(data.owner, sentence_scores, strict=True):
        scores[owner] = max(scores[owner], float(score))
    return scores
