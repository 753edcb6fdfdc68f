"""One validator for the numbers and types that the command line, the configuration file
and the Python API accept, so that each gives the same one-line message for the same mistake.

Each checker takes the value and the name to show, and returns the value or raises
:class:`InvalidValue`; a number given as a string (``threshold="0.5"``) is refused like any
other wrong type. ``argument`` turns one into an ``argparse`` ``type=`` function, which reads
the command line's text as a number first.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import math
from collections.abc import Callable
from typing import Any, TypeVar

from mtlint.core.selectors import UnknownSelector, resolve

T = TypeVar("T")


class InvalidValue(ValueError):
    """A value outside what an option accepts; the message names the option."""


def _checked(value: Any, name: str, what: str, accept: Callable[[float], bool], whole: bool = False) -> Any:
    """``value`` if it is a real number (not a bool: ``true`` is not 1; not a string; not NaN
    or infinite), whole where asked, and accepted; else the one message: "NAME must be WHAT"."""
    number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not number or (whole and value != int(value)) or not accept(value):
        raise InvalidValue(f"{name} must be {what}, not {value!r}")
    return int(value) if whole else float(value)


def fraction(value: Any, name: str) -> float:
    """A threshold or a ratio."""
    return _checked(value, name, "a number from 0 to 1", lambda x: 0 <= x <= 1)


def positive_count(value: Any, name: str) -> int:
    """A size or a count (bytes, documents)."""
    return _checked(value, name, "a whole number of at least 1", lambda x: x >= 1, whole=True)


def count(value: Any, name: str) -> int:
    """A number of things that may be none."""
    return _checked(value, name, "a whole number of at least 0", lambda x: x >= 0, whole=True)


def jobs(value: Any, name: str) -> int:
    """Worker processes, 0 meaning every core."""
    return _checked(value, name, "a whole number of at least 0 (0: every core)", lambda x: x >= 0, whole=True)


def port(value: Any, name: str) -> int:
    """A TCP port, 0 meaning any free one."""
    return _checked(value, name, "a whole number from 0 to 65535", lambda x: 0 <= x <= 65535, whole=True)


def positive_seconds(value: Any, name: str) -> float:
    """A time limit."""
    return _checked(value, name, "a number of seconds above 0", lambda x: x > 0)


def strings(value: Any, name: str) -> list[str]:
    """A list of strings (a bare string is refused: it would match by substring)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"{name} must be a list of strings, not {value!r}")
    return value


def boolean(value: Any, name: str) -> bool:
    """A switch: ``true`` or ``false`` (not 1, not "yes")."""
    if not isinstance(value, bool):
        raise InvalidValue(f"{name} must be true or false, not {value!r}")
    return value


def selector(value: Any, name: str) -> str:
    """A rule code, prefix or name, resolved to a code or prefix (a typo is refused with a hint)."""
    try:
        return resolve(value)
    except UnknownSelector as exc:
        raise InvalidValue(f"{name}: {exc}") from None


def encoding(value: Any, name: str) -> str:
    """A text encoding Python knows."""
    try:
        codec = codecs.lookup(value)
    except (LookupError, TypeError):
        raise InvalidValue(f"unknown {name} {value!r}") from None
    if not codec._is_text_encoding:  # rot13, base64 and the like map bytes to bytes
        raise InvalidValue(f"{name} {value!r} is not a text encoding")
    return codec.name


def argument(check: Callable[[Any, str], T], name: str, number: bool = True) -> Callable[[str], T]:
    """An argparse ``type=`` function (argparse prints the message and exits 2); with
    ``number``, the text is read as a number first (text that is none stays text, refused)."""

    def parse(text: str) -> T:
        value: Any = text
        if number:
            with contextlib.suppress(ValueError):
                value = float(text)
                value = int(value) if value.is_integer() else value  # "7" is shown as 7, not 7.0
        try:
            return check(value, name)
        except InvalidValue as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = name  # argparse names the type in its fallback message
    return parse
