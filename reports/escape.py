"""Text from the input, made safe to print: shown, never obeyed by the terminal.

An article or a file name can hold ANSI/OSC escape sequences (which recolour, retitle or
clear a terminal), bidirectional overrides (which make a line display in another order than
it reads) and zero-width characters. The text and CI formats show each such character as an
escape, as ``cat -v`` and ruff do, while the JSON formats keep the text as it is.
"""

from __future__ import annotations

import regex

# control (Cc), format (Cf: bidi controls, zero-width characters) and line/paragraph separators
_UNSAFE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")
_AS_SPACE = "\t\n\r"  # harmless, but they would break a one-line display; a space keeps the spans aligned


def _shown(match: regex.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _AS_SPACE:
        return " "
    if code < 0x20 or code == 0x7F:
        return "^" + chr(code ^ 0x40)  # caret notation: ESC is ^[, BEL ^G, DEL ^?
    return f"<U+{code:04X}>"


def printable(text: str) -> str:
    """``text`` with every control, format and separator character shown as an escape."""
    return text if text.isprintable() else _UNSAFE.sub(_shown, text)
