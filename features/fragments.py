"""Fragments and broken syntax, read from the POS tags.

Codes: MT401 no subject ("Reiterated Putin's demand, ..."), MT402 no finite verb ("Russian
Foreign Minister Sergei V. on the sidelines of ..."), MT403 starts mid-phrase (lower case or
a dangling conjunction), MT404 a capitalised common word mid-sentence ("Anton Trinowski
Contributed to"). Lines without final punctuation (headlines, bylines) are not sentences and
are left alone, and so is a verbless paragraph of one sentence (a headline or a caption).
"""

from __future__ import annotations

import re
from collections import Counter

from mtlint.core.rules import finding

from .analysis import Analysis, FamilyResult, Token
from .tagger import FINITE_VERB_TAGS, default_tagger
from .vocabulary import zipf

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_OBJECT_TAGS = frozenset({"NNP", "NNPS", "DT", "PRP$", "NN", "NNS", "JJ", "CD", "POS"})
_PLURAL_SUBJECT_TAGS = frozenset({"NNS", "NNPS", "PRP"})
_FUNCTION_TAGS = frozenset({"IN", "DT", "CC", "TO"})
_VERB_LIKE = frozenset({"VBD", "VBN", "VBZ", "VBP"})
_COMMON_IF_CAPITALISED = _VERB_LIKE  # a capitalised "Till" or "Van" after a name is a surname
_OPENING_QUOTES = frozenset("“\"‘'(")
_MIN_WORDS = 4
_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,2}|[A-Z]\.")
_URL_STARTS = frozenset({"http", "https", "www", "ftp", "mailto"})
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "der", "di", "du", "da", "van", "von", "le", "la", "al", "el", "bin", "ibn", "ter"}
)
_CONTINUATIONS = frozenset({"And", "Or", "But", "Nor", "Both", "Either", "Neither", "Not"})
_TITLE_LOOKAHEAD = 3
_CONTENT_LETTERS = 4  # words this long or longer count towards title case
_TITLE_CASE = 0.8  # share of capitalised content words that makes a line a headline


def _is_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) and not text.rstrip().endswith(("?", "!"))


def _elliptical(tokens: list[Token], words: list[Token]) -> bool:
    """Verbless by design, not by garbling: a headline in title case ("Voice of America
    Invites to Discussion on Rape."), a label or list after a colon ("Schedule: July 27 at
    ..."), a continuation that opens with a conjunction ("Or 400 hours of community
    service."), or a sentence the segmenter cut at an abbreviation ("... Cathedral of Sts.")."""
    if words[0].text in _CONTINUATIONS or any(t.text in (":", ";") for t in tokens):
        return True
    if len(tokens) > 2 and tokens[-1].text == "." and _ABBREVIATION.fullmatch(tokens[-2].text):
        return True  # cut after an abbreviation ("First produced in 472 B.C."): the sentence goes on
    content = [w for w in words[1:] if len(w.text) >= _CONTENT_LETTERS]
    return bool(content) and sum(w.is_capitalized for w in content) >= _TITLE_CASE * len(content)


def _first_word(tokens: list[Token]) -> int | None:
    for i, token in enumerate(tokens):
        if token.is_word:
            return i
    return None


def _title_case_run(tokens: list[Token], i: int) -> bool:
    """A title in title case goes on capitalising after a small word or two ("Who Wants to
    Be a Millionaire", "Connected to Fukushima"); a capitalised verb in running text does not."""
    return any(t.is_capitalized for t in tokens[i + 1 : i + 1 + _TITLE_LOOKAHEAD] if t.is_word)


def _capitalised_common(tokens: list[Token]) -> list[Token]:
    """Common verbs capitalised right after a person's name of two words ("Anton Trinowski
    Contributed to"), not after a place ("the Moscow Speaks radio station") or a break."""
    lexicon = default_tagger().lexicon_
    found = []
    for i in range(2, len(tokens)):
        token = tokens[i]
        prev, before = tokens[i - 1], tokens[i - 2]
        if not (token.is_capitalized and token.is_word) or token.text.isupper():
            continue
        if prev.text in _OPENING_QUOTES or prev.text in (":", "—", "–", "-", ";"):
            continue
        lower = token.lower
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            lexicon.get(lower) in _COMMON_IF_CAPITALISED
            and zipf(lower) >= 4.0
            and prev.is_word
            and prev.is_capitalized
            and before.is_word
            and before.is_capitalized
            and before.tag not in _FUNCTION_TAGS  # "The Met takes"
            and nxt is not None
            and nxt.is_word
            and nxt.text[:1].islower()
            and not _title_case_run(tokens, i)
        ):
            found.append(token)
    return found


def _finite_candidates(tokens: list[Token], start: int = 0) -> list[int]:
    """Indices of tokens that may be finite verbs: tagged so, an opening base form (an
    imperative: "Keep this body in good stead."), or lower-case words the tagger has seen as
    finite verbs (it confuses VBD/VBN and NNS/VBZ, so be generous)."""
    tagger = default_tagger()
    first = _first_word(tokens)
    return [
        i
        for i in range(start, len(tokens))
        if tokens[i].tag in FINITE_VERB_TAGS
        or (i == first and tokens[i].tag == "VB")
        or (
            tokens[i].is_word
            and not tokens[i].is_capitalized
            and (
                tokens[i].tag in ("VB", "VBN")
                or tokens[i].text.endswith("ed")  # "Some smashed windows": VBD or VBN, be generous
                or tagger.can_be_finite(tokens[i].text)
                or _present_after_plural(tokens, i)
            )
        )
    ]


def _present_after_plural(tokens: list[Token], i: int) -> bool:
    """A base form the tagger read as a noun right after a plural subject and before its
    object ("The walls bear marks of tools"): a present-tense verb, whatever the tagger says."""
    return (
        0 < i < len(tokens) - 1
        and tokens[i].tag in ("NN", "VB")
        and tokens[i - 1].tag in _PLURAL_SUBJECT_TAGS
        and tokens[i + 1].tag in _OBJECT_TAGS | {"NNS", "RB", "PRP"}
    )


def _phrase_tail(head: Token, tokens: list[Token]) -> bool:
    """A sentence that opens with a lower-case English word ("and the ministers agreed"), the
    tail of a phrase split off; not a brand written so ("iPhone", "eBay"), a name that opens
    with a particle ("de Havilland"), a web address ("https://", "www.") or a word English
    lacks ("leftthumbnail", markup debris)."""
    text = head.text
    if not text[:1].islower() or not text.islower() or zipf(text) == 0:
        return False
    after = tokens[1].text if len(tokens) > 1 else ""
    if text in _NAME_PARTICLES and after[:1].isupper():
        return False  # a name ("de Havilland was known for ...")
    return not (text in _URL_STARTS or after in (":", "."))


def _opens_without_subject(tokens: list[Token], first: int) -> bool:
    """The sentence opens with a finite verb and its first clause has no other verb
    ("Reiterated Putin's demand, which ..."), unlike "Randomised drug trials are ..."."""
    head = tokens[first]
    nxt = tokens[first + 1] if first + 1 < len(tokens) else None
    # an opening VBP is an imperative ("Wash your hands"), not a lost subject
    opens_clause = head.tag in ("VBD", "VBZ") or (head.tag == "VBN" and head.lower.endswith("ed"))
    if first != 0 or not head.is_capitalized or not opens_clause or nxt is None or nxt.tag not in _OBJECT_TAGS:
        return False
    after = tokens[first + 2] if first + 2 < len(tokens) else None
    if nxt.is_capitalized and after is not None and after.is_capitalized and after.is_word:
        return False  # the verb-like word starts a name ("Liquefied Petroleum Gas, ...")
    clause_end = next((i for i in range(first + 1, len(tokens)) if tokens[i].text in (",", ";", "—")), len(tokens))
    return not any(tokens[i].tag in _VERB_LIKE | {"MD", "VB"} for i in range(first + 1, clause_end))


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    paragraph_sizes = Counter(sentence.paragraph for sentence in analysis.sentences)
    for s, tokens in enumerate(analysis.tokens):
        sentence = analysis.sentences[s]
        words = [t for t in tokens if t.is_word]
        feats = result.features[s]
        feats["words"] = float(len(words))
        if not _is_sentence(sentence.text) or len(words) < _MIN_WORDS:
            continue
        findings = result.findings[s]
        first = _first_word(tokens)
        # a verbless paragraph of its own is a headline, caption or label ("America and China
        # in dispute."); a verbless sentence inside prose is a fragment
        alone = paragraph_sizes[sentence.paragraph] == 1
        has_finite = alone or bool(_finite_candidates(tokens)) or _elliptical(tokens, words)
        feats["no_finite_verb"] = float(not has_finite)
        if not has_finite:
            findings.append(
                finding(
                    "MT402",
                    "no finite verb: a fragment, not a sentence",
                    sentence.start,
                    sentence.end,
                )
            )
        if first is not None:
            head = tokens[first]
            if _opens_without_subject(tokens, first):
                feats["no_subject"] = 1.0
                findings.append(
                    finding(
                        "MT401",
                        f"no subject: the sentence opens with the verb {head.text!r}",
                        head.start,
                        head.end,
                    )
                )
            if tokens[0] is head and _phrase_tail(head, tokens):
                feats["starts_mid_phrase"] = 1.0
                findings.append(finding("MT403", "starts mid-phrase, in lower case", head.start, head.end))
        for token in _capitalised_common(tokens):
            feats["capitalised_common"] = feats.get("capitalised_common", 0.0) + 1
            findings.append(
                finding(
                    "MT404",
                    f"common word {token.text!r} capitalised mid-sentence",
                    token.start,
                    token.end,
                )
            )
    return result
