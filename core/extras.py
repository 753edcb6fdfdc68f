"""Optional parts of mtlint and the extra that installs each: a missing one is a message with
the install command, never a ModuleNotFoundError from deep inside."""

from __future__ import annotations

from importlib.util import find_spec

# extra -> the modules it brings
EXTRAS = {
    "serve": ("fastapi", "uvicorn", "pydantic"),
    "train": ("sacremoses", "matplotlib"),
    "deep": ("onnxruntime", "tokenizers"),
    "deep-train": ("torch", "safetensors", "onnx"),
    "ray": ("ray", "pandas"),
    "dask": ("dask", "pandas"),
    "spark": ("pyspark", "pandas", "pyarrow"),
}


class MissingExtra(RuntimeError):
    """An optional part of mtlint is not installed; the message names the install command."""


def require(extra: str, purpose: str) -> None:
    """Raise MissingExtra unless every module of ``extra`` can be imported."""
    missing = [name for name in EXTRAS[extra] if find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"{purpose} needs the '{extra}' extra ({', '.join(missing)} missing): pip install 'mtlint[{extra}]'"
        )
