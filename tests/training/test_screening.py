from mtlint.detector.modelfile import load_default
from mtlint.training.data import (
    GARBLED_DA,
    PSEUDO_ARTICLE,
    QUOTE_SPAN,
    Example,
    PseudoArticles,
    mlqe_garbled,
    read_jsonl,
    wmt21_fluent,
)
from mtlint.training.screening import format_screening, screen, screen_seed


def test_garbled_set_is_low_da_mt_with_its_own_post_edits(shared_data):
    root = shared_data
    examples = mlqe_garbled(root, pairs=("ro-en",))
    das = {r["id"]: r["da"] for r in read_jsonl(root / "mlqe-pe" / "ro-en.dev.jsonl")}
    mt = [e for e in examples if e.kind == "mt"]
    pe = [e for e in examples if e.kind == "pe"]
    assert mt and all(e.label == 1 and das[e.origin] < GARBLED_DA for e in mt)
    assert pe and all(e.label == 0 for e in pe)
    assert {e.origin for e in pe} <= {e.origin for e in mt}


def test_wmt21_fluent_news_is_grouped_into_articles(shared_data):
    news = wmt21_fluent(shared_data)
    assert {e.kind for e in news} == {"news", "translation"} and all(e.label == 0 for e in news)
    articles = {e.group for e in news}
    assert 500 < len(articles) < len(news) / 5
    original = [e for e in news if e.kind == "news"]
    assert 50 < len({e.group for e in original}) < len(original) / 10


def test_pseudo_articles_are_not_cut_inside_a_quotation():
    """Segments without a document: an article closes after PSEUDO_ARTICLE segments only where
    its quotations are closed, so no quotation's marks fall into two documents."""
    names = PseudoArticles()
    stream = ("de-en", "ref-A")
    plain = [names.article(stream, "The council met.") for _ in range(PSEUDO_ARTICLE - 1)]
    opening = names.article(stream, "“We play every three days.")
    inside = names.article(stream, "You cannot tell how good teams are.")
    closing = names.article(stream, "I hope we get our fans back,” he said.")
    after = names.article(stream, "The season ends in August.")
    assert len({*plain, opening, inside, closing}) == 1 and after != closing
    # another stream keeps its own count
    assert names.article(("cs-en", "ref-A"), "A line.") == "seg0"


def test_a_stray_quotation_mark_does_not_hold_a_pseudo_article_open():
    names = PseudoArticles()
    stream = ("de-en", "ref-B")
    found = [names.article(stream, "He added: “He regrets it.")]
    found += [names.article(stream, "The trial goes on.") for _ in range(PSEUDO_ARTICLE + QUOTE_SPAN)]
    assert found[PSEUDO_ARTICLE - 1] == found[0] and found[-1] != found[0]
    assert found.index(found[-1]) < 2 * PSEUDO_ARTICLE  # closed at the first balanced point, not the cap


def test_screen_splits_flags_by_evidence():
    scorer = load_default()
    examples = [
        Example("Min.", 1, "a"),
        Example("The council approved the budget on Monday.", 0, "a"),
    ]
    debris, fluent = screen(scorer, examples, scorer.verdict.threshold)
    assert debris.rule_flag and not debris.model_flag and "MT105" in debris.codes
    assert not fluent.flagged and fluent.score < debris.score


SETS = (
    "garbled",
    "garbled_seed",
    "news",
    "news_original",
    "news_translation",
    "news_british",
    "pe",
    "references",
    "seed_fluent",
)


def test_seed_lines_are_labelled_and_the_table_prints():
    scorer = load_default()
    lines = screen_seed(scorer, scorer.verdict.threshold)
    kinds = {line.kind for line in lines}
    assert kinds == {"seed-garbled", "seed-fluent", "seed-unclear"}
    assert sum(line.kind == "seed-garbled" for line in lines) == 12  # "Min." twice
    assert all(line.rule_flag for line in lines if line.text == "Min.")
    figures = {
        "threshold": 0.5,
        "model_threshold": 0.9,
        **{k: {"n": 1.0, "flagged": 1.0, "rule": 1.0, "model": 0.0} for k in SETS},
        "articles": {"n": 2.0, "flagged": 0.5},
        "seed_fluent_flagged": [],
        "auc_news": 0.9,
        "auc_pe": 0.8,
        "rules": {"MT501": {"news": 0.01, "pe": 0.0, "examples": ["China, China has"]}},
    }
    table = format_screening(figures, show_examples=True)
    assert "| MT501 | 1.00% | 0.00% |" in table and "China, China has" in table and "50.00% of 2" in table


def test_british_house_style_respells_and_drops_the_stop_of_titles():
    from mtlint.training.screening import british_house_style

    text = "Mr. Smith said the center will analyze the program's color scheme."
    assert british_house_style(text) == "Mr Smith said the centre will analyse the programme's colour scheme."
    assert british_house_style("He met Dr. Jones.") == "He met Dr Jones."
