"""Rule selectors: codes, prefixes, LanguageTool rules and rule names resolve; typos do not."""

import pytest

from mtlint.core.rules import RULES
from mtlint.core.selectors import UnknownSelector, matches, resolve


@pytest.mark.parametrize(
    "selector, resolved",
    [
        ("MT101", "MT101"),
        ("mt1", "MT1"),
        ("MT", "MT"),
        ("LT:", "LT:"),
        ("LT:EN_A_VS_AN", "LT:EN_A_VS_AN"),
        ("foreign-honorific", "MT101"),
        ("unused-suppression", "MT001"),
    ],  # fmt: skip
)
def test_codes_prefixes_and_rule_names_resolve(selector, resolved):
    assert resolve(selector) == resolved


def test_every_rule_name_that_mtlint_rules_prints_resolves_to_its_code():
    assert all(resolve(rule.name) == code for code, rule in RULES.items())


@pytest.mark.parametrize(
    "typo, hint",
    [
        ("MT2O1", "did you mean 'MT201'?"),
        ("MT9999", "did you mean 'MT901'?"),
        ("MT7", "did you mean"),
        ("foreign-honorfic", "did you mean 'foreign-honorific'?"),
        ("XX99", "`mtlint rules` lists"),
        ("", "lists"),
    ],  # fmt: skip
)
def test_a_typo_is_an_error_with_a_hint(typo, hint):
    with pytest.raises(UnknownSelector, match="unknown rule code or name") as raised:
        resolve(typo)
    assert hint in str(raised.value)


def test_a_prefix_matches_its_family_only():
    assert matches("MT101", "MT1") and matches("LT:EN_A_VS_AN", "LT:")
    assert not matches("MT201", "MT1") and not matches("MT101", "")
