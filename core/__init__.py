"""The neutral core every package imports and that imports none of them: the result records
(``Document``, ``Sentence``, ``Finding``, ``Summary``), the rule registry, shared word lists
(titles, honorifics) and small helpers. It depends on the standard library only."""
