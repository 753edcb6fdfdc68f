"""mtlint's detector: the result model, segmentation, inputs, the scorer and the CLI."""

from .model import Document, Finding, Sentence, Summary

__all__ = ["Document", "Finding", "Sentence", "Summary"]
