"""Rule selectors, as a user writes them: a code (``MT101``), a family or other prefix (``MT1``,
``MT``), LanguageTool (``LT:`` or one of its rules, ``LT:EN_A_VS_AN``) or a rule name as
``mtlint rules`` prints it (``foreign-honorific``). Every place that takes codes (the command
line, the configuration, inline directives, a record's suppress field) resolves them here, so a
typo is an error with a hint instead of a selector that silently matches nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .rules import RULES

_LANGUAGETOOL_RULE = re.compile(r"LT:[A-Za-z0-9_]+", re.IGNORECASE)
_NAMES = {rule.name: rule.code for rule in RULES.values()}


class UnknownSelector(ValueError):
    """A selector that names no rule; the message carries a did-you-mean hint where one is close."""


def resolve(selector: str) -> str:
    """The code or prefix ``selector`` names (a rule name gives its code)."""
    text = selector.strip() if isinstance(selector, str) else ""
    upper = text.upper()
    if upper == "LT:" or _LANGUAGETOOL_RULE.fullmatch(text):
        return "LT:" + text[3:]
    if upper in RULES or upper.startswith("MT") and any(code.startswith(upper) for code in RULES):
        return upper
    if text.lower() in _NAMES:
        return _NAMES[text.lower()]
    raise UnknownSelector(f"unknown rule code or name {selector!r}{hint(text, _candidates(text))}")


def resolve_all(selectors: Iterable[str]) -> list[str]:
    """Every selector resolved, in order (the first unknown one raises)."""
    return [resolve(s) for s in selectors]


def hint(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidate, or a pointer to the list."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return " (`mtlint rules` lists the codes and names)"


def _candidates(word: str) -> list[str]:
    """Codes and names; family prefixes too for a short word (else "MT9999" would suggest "MT9")."""
    families = sorted({code[:3] for code in RULES if code.startswith("MT")}) if len(word) <= 4 else []
    return [*RULES, *_NAMES, *families]


def matches(code: str, selector: str) -> bool:
    """Whether a finding's code falls under a resolved selector (itself or a prefix of it)."""
    return code == selector or (bool(selector) and code.startswith(selector))
