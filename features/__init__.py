"""Feature extractors: each scores one family of machine-translation artifacts per sentence."""
