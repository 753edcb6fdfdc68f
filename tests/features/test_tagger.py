from pathlib import Path

from mtlint.features.tagger import LexiconTagger, default_tagger
from mtlint.training.ud import read_conllu


def test_shipped_tagger_tags_finite_verbs_and_names():
    tags = default_tagger().tag(["Mr", "Blinken", "said", "he", "would", "not", "allow", "it", "."])
    assert tags[1] == "NNP" and tags[2] == "VBD" and tags[4] == "MD"


def test_tagger_learns_from_ud_and_beats_a_baseline(tmp_path: Path, shared_data):
    ud = shared_data / "ud-english-ewt"
    train = list(read_conllu(ud / "train.conllu"))[:3000]
    dev = list(read_conllu(ud / "dev.conllu"))[:500]
    tagger = LexiconTagger().fit([f for f, _ in train], [t for _, t in train])
    accuracy = tagger.score([f for f, _ in dev], [t for _, t in dev])
    assert accuracy > 0.8
    tagger.save(tmp_path / "lex.json.gz")
    again = LexiconTagger.load(tmp_path / "lex.json.gz")
    assert again.predict([f for f, _ in dev[:50]]) == tagger.predict([f for f, _ in dev[:50]])
