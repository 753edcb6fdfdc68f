"""The rule registry: every code mtlint can report, with what it means and an example of each side.

Suppression, the HTML legend, SARIF rule descriptions, evaluation, ``mtlint rules`` /
``mtlint rule CODE`` and the README's rule table all read this one table (a test checks the
README against it). Codes are stable: a code is never reused for another meaning.

LanguageTool's findings carry ``LT:RULE_ID``; they share the one ``LT:`` entry.

Findings are made here (:func:`finding`, :func:`languagetool_finding`): a call site names the
code, the message and the span; the rule gives the severity.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from .records import Finding, Fix, Safety, Severity

Scope = Literal["span", "sentence"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule code: its family, default severity, a one-line summary, an explanation, and a
    garbled example it fires on beside a fluent one it leaves alone."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    garbled: str
    fluent: str
    scope: Scope = "span"  # "sentence": the finding marks the whole sentence, not offending words
    fix: Safety | None = None  # the safety of the fix its findings carry where the article grounds one

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:3]]

    def finding(self, message: str, start: int, end: int, fix: Fix | None = None) -> Finding:
        """A finding of this rule over ``text[start:end]``, with the rule's severity."""
        return Finding(self.code, message, start, end, self.severity, fix)

    def to_dict(self) -> dict[str, Any]:
        return dict(asdict(self), family=self.family)


# A code's family is named by its first three characters.
FAMILIES: dict[str, str] = {
    "MT0": "suppression",
    "MT1": "honorific debris",
    "MT2": "truncated names",
    "MT3": "name variants",
    "MT4": "fragments",
    "MT5": "repetition",
    "MT6": "surface",
    "MT9": "model",
    "LT:": "grammar (LanguageTool)",
}

_RULES = (
    Rule(
        "MT001",
        "unused-suppression",
        "warning",
        "an inline `mtlint:` directive that suppresses nothing",
        "A `<!-- mtlint: disable... -->` directive, or one of its codes, matched no finding: the text "
        "it once silenced changed or the code is wrong. Remove it, so that it cannot hide a new "
        "finding later (ruff's RUF100 for unused `noqa`).",
        "The council approved the budget. <!-- mtlint: disable-line=MT501 -->",
        "The council approved the budget.",
    ),
    Rule(
        "MT101",
        "foreign-honorific",
        "error",
        'honorific from another language ("Shri", "Smt", "-ji")',
        "A title or honorific from the source language survived translation into English "
        "news copy, where it is not used (Hindi 'Shri', 'Smt', the '-ji' suffix).",
        "The minister met Shri Modi in Delhi.",
        "The minister met Prime Minister Modi in Delhi.",
        fix="safe",
    ),
    Rule(
        "MT102",
        "title-without-name",
        "error",
        'title with no name after it ("... with Shri.", "Hon. said")',
        "A title stands where a name should follow, usually because translation dropped or "
        "moved the name and left the title behind as debris.",
        "The talks were held with Mr. on Tuesday.",
        "The talks were held with Mr. Lavrov on Tuesday.",
        fix="safe",
    ),
    Rule(
        "MT103",
        "doubled-title",
        "warning",
        "two titles in a row",
        'Two titles stand before one name ("Mr. Dr. Smith"): one is a translation\'s rendering of the other.',
        "The award went to Mr. Dr. Smith last week.",
        "The award went to Dr. Smith last week.",
    ),
    Rule(
        "MT104",
        "title-style-mixed",
        "info",
        '"Mr" and "Mr." mixed in one article (info)',
        "One article writes titles both with and without a period. House styles pick one; a "
        "mix often marks text stitched from different translations. Informational only.",
        "Mr Blinken met Mr. Lavrov. Mr Blinken left early. Mr Blinken spoke later.",
        "Mr Blinken met Mr Lavrov. Mr Blinken left early.",
    ),
    Rule(
        "MT105",
        "lone-abbreviation",
        "error",
        'a lone abbreviation as a sentence ("Min.")',
        "An abbreviation such as 'Min.' or 'Secy.' stands alone as a sentence: the rest of "
        "the phrase it belonged to was lost in translation.",
        "Min. The talks went on until late.",
        "The minister said the talks went on until late.",
        fix="safe",
    ),
    Rule(
        "MT201",
        "truncated-name",
        "error",
        'name cut at an initial ("Vladimir V.", "Sergei V. on the sidelines")',
        "A person's name ends at a middle initial: the surname was dropped, a typical artifact "
        "of round-trip translation of Russian patronymics and initials.",
        "He spoke with Russian President Vladimir V. on Monday.",
        "He spoke with Russian President Vladimir V. Putin on Monday.",
        fix="unsafe",
    ),
    Rule(
        "MT301",
        "name-variant",
        "error",
        'rare spelling of a name the article spells otherwise ("Blinkon" beside "Blinken")',
        "A name appears once in a spelling that the same article writes differently several "
        "times: a transliteration slip, not a different person.",
        "Blinken arrived. Blinken spoke. Blinken left. Reporters followed Blinkon to the car.",
        "Blinken arrived. Blinken spoke. Blinken left. Reporters followed Blinken to the car.",
        fix="safe",
    ),
    Rule(
        "MT401",
        "no-subject",
        "error",
        'no subject ("Reiterated Putin\'s demand, ...")',
        "The sentence opens with a finite verb and has no subject: languages that drop "
        "pronouns (Hindi, Russian, Japanese) leave this behind when translated word for word.",
        "Reiterated the demand for talks with the government on Monday.",
        "He reiterated the demand for talks with the government on Monday.",
    ),
    Rule(
        "MT402",
        "no-finite-verb",
        "warning",
        "no finite verb (a fragment)",
        "A sentence inside prose without any finite verb: a fragment left when translation broke one "
        "sentence into pieces. A verbless paragraph of one sentence is a headline or caption and is left alone.",
        "Diplomats were ordered to leave. United States in late January.",
        "Putin echoed his recent gestures toward the West.",
        scope="sentence",
    ),
    Rule(
        "MT403",
        "starts-mid-phrase",
        "warning",
        "starts mid-phrase, in lower case",
        "The sentence begins with an English word in lower case, as the tail of a phrase that was split off "
        '(a brand written so, "iPhone", or a web address is left alone).',
        "and the ministers then agreed on a joint statement about trade.",
        "And the ministers then agreed on a joint statement about trade.",
    ),
    Rule(
        "MT404",
        "capitalised-common-word",
        "warning",
        'common word capitalised mid-sentence ("Anton Trinowski Contributed to")',
        "A common word is capitalised in the middle of a sentence, as when a translation takes it for part of a name.",
        "Anton Trinowski Contributed to this report by phone.",
        "Anton Trinowski contributed to this report by phone.",
    ),
    Rule(
        "MT501",
        "repeated-word",
        "error",
        'word repeated ("the the")',
        "The same word twice in a row, which English news never intends.",
        "The minister said that the the talks had failed.",
        "The minister said that the talks had failed.",
        fix="safe",
    ),
    Rule(
        "MT502",
        "repeated-stem",
        "info",
        'one stem repeated a few words apart ("progressing with some obvious progress")',
        "Two words of one stem a few words apart, where a translation rendered one source word twice. "
        "A hint, not evidence: fluent news does it too ('injured ... injuries').",
        "The talks are progressing with some obvious progress on trade.",
        "The talks are making some obvious progress on trade.",
    ),
    Rule(
        "MT503",
        "phrase-loop",
        "error",
        'a phrase repeated three or more times in a row ("nor a reign, nor a reign, nor a reign")',
        "A word or a phrase of up to four words written three or more times in a row, with commas "
        "or without: a translation model stuck in a loop. Fluent news repeats like this only inside "
        "quotation marks.",
        "This was not a reign, nor a reign, nor a reign, nor a reign of the time.",
        "This was not a reign, nor a rule of law, nor a time of peace.",
    ),
    Rule(
        "MT601",
        "unbalanced-bracket",
        "warning",
        "unbalanced bracket or quote",
        "An opening bracket or quote without its partner (or the reverse).",
        "The ministry (which oversees trade said the talks had failed.",
        "The ministry (which oversees trade) said the talks had failed.",
    ),
    Rule(
        "MT602",
        "space-before-punctuation",
        "warning",
        "space before punctuation",
        "A space before a comma, period or colon, as French typography or a tokenised "
        "machine-translation output leaves it.",
        "The talks failed , the ministry said on Monday.",
        "The talks failed, the ministry said on Monday.",
    ),
    Rule(
        "MT603",
        "mojibake",
        "error",
        "mojibake",
        "Text decoded with the wrong character encoding ('Ã©' for 'é').",
        "The talks took place at the cafÃ© near the ministry.",
        "The talks took place at the café near the ministry.",
        scope="sentence",
    ),
    Rule(
        "MT604",
        "non-latin-script",
        "warning",
        "non-Latin script",
        "Words in another script left untranslated in English text.",
        "The minister called it a новый шаг for both countries.",
        "The minister called it a new step for both countries.",
    ),
    Rule(
        "MT605",
        "glued-words",
        "warning",
        "glued words",
        "Two words run together across a sentence end or a case change ('talks.The').",
        "The minister left early.The talks went on without him.",
        "The minister left early. The talks went on without him.",
    ),
    Rule(
        "MT606",
        "invisible-control",
        "warning",
        "invisible or bidirectional control characters",
        "Zero-width or bidirectional control characters that readers cannot see but that change "
        "how text is searched, compared or displayed.",
        "The minister\u202e said the talks had failed.",
        "The minister said the talks had failed.",
    ),
    Rule(
        "MT900",
        "model-suspect",
        "warning",
        "the model alone finds the sentence garbled (a stricter threshold) and no rule explains it",
        "The learned scorer finds the sentence garbled, unnatural English, and no rule names a "
        "cause. Such a flag needs a stricter threshold than a rule-backed one, chosen so that "
        "at most 0.25% of fluent English is flagged; the message says in plain words what looks "
        "garbled and where.",
        "Which is the of the talks leader said was not the agreement reached.",
        "The talks leader said no agreement was reached.",
        scope="sentence",
    ),
    Rule(
        "MT901",
        "model-garbled-words",
        "info",
        "words the span model (learned from post-edits) finds garbled, in such a sentence",
        "In a sentence the model flags (MT900), the words that human post-editors most often "
        "change in machine translation like it.",
        "Which is the of the talks leader said was not the agreement reached.",
        "The talks leader said no agreement was reached.",
    ),
    Rule(
        "LT:",
        "languagetool",
        "warning",
        "a LanguageTool rule (e.g. `LT:EN_A_VS_AN`), with its suggestions",
        "A grammar or spelling rule of the LanguageTool server; the code names its rule id and "
        "the message gives LanguageTool's explanation and suggestions.",
        "The minister gave a interview on Monday.",
        "The minister gave an interview on Monday.",
        fix="unsafe",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def lookup(code: str) -> Rule | None:
    """The rule of a finding's code (``LT:ANY_ID`` is LanguageTool's), or None if unknown."""
    return RULES["LT:"] if code.startswith("LT:") else RULES.get(code)


def finding(code: str, message: str, start: int, end: int, fix: Fix | None = None) -> Finding:
    """A finding of the registered rule ``code`` (KeyError for an unknown one), its severity
    the rule's."""
    return RULES[code].finding(message, start, end, fix)


# LanguageTool's rule categories whose matches are informational (house style, punctuation);
# the others (grammar, confused words, typos, miscellaneous) have the ``LT:`` rule's severity.
LANGUAGETOOL_INFO_CATEGORIES = frozenset({"PUNCTUATION", "STYLE", "OTHER"})


def languagetool_finding(
    rule_id: str, category: str, message: str, start: int, end: int, fix: Fix | None = None
) -> Finding:
    """A finding of LanguageTool's rule ``rule_id`` (code ``LT:RULE_ID``) of ``category``, with
    its first suggestion as an unsafe fix."""
    severity = "info" if category in LANGUAGETOOL_INFO_CATEGORIES else RULES["LT:"].severity
    return Finding(f"LT:{rule_id}", message, start, end, severity, fix)


def codes_with_prefix(prefix: str) -> frozenset[str]:
    """The codes of one family, by prefix (``"MT1"``: the honorifics)."""
    return frozenset(code for code in RULES if code.startswith(prefix))


SENTENCE_LEVEL = frozenset(rule.code for rule in _RULES if rule.scope == "sentence")
# The model's own codes (its verdict on a sentence and the words it finds garbled): evidence
# from the model, not from a rule.
MODEL_CODES = codes_with_prefix("MT9")
