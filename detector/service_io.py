"""What ``mtlint serve`` reads and writes: request bodies in the service's own words, and the
typed models that its OpenAPI document publishes.

A body is JSON (``{"id", "text"}`` or ``{"documents": [...]}``) or the article itself as
``text/plain``, ``text/markdown`` or ``text/html`` (its id from ``?id=``). A body that is
neither gets a 4xx that names the field or the header to change: the models below validate
it, and their errors are put in the words a person writing a ``curl`` command needs, never as
pydantic's union errors.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mtlint.core.records import Document

from .inputs import ReadOptions, html_document, json_error, record_document

TEXT_TYPES = {"text/plain": "", "text/markdown": ".md", "text/html": ".html"}  # and the source suffix
FIELDS = '"id", "text" and "mtlint_suppress"'


class RequestError(ValueError):
    """A request the service answers with ``status`` and ``detail`` (a 4xx)."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


class DocumentIn(BaseModel):
    """One document: ``{"id", "text"}`` (an id is made up when missing), with the codes to
    suppress in it as a JSONL record's ``mtlint_suppress`` field lists them."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=1000)
    text: str
    mtlint_suppress: list[str] = Field(default_factory=list)


class Batch(BaseModel):
    """Several documents: ``{"documents": [{"id", "text"}, ...]}``."""

    model_config = ConfigDict(extra="forbid")
    documents: list[DocumentIn]


class EditOut(BaseModel):
    start: int = Field(ge=0, description="code-point offset into the document text")
    end: int = Field(ge=0)
    replacement: str


class FixOut(BaseModel):
    """A correction grounded in the document: safe ones are applied by default, unsafe ones
    need an editor."""

    model_config = ConfigDict(extra="forbid")
    safety: Literal["safe", "unsafe"]
    description: str
    edits: list[EditOut]


class FindingOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    message: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    severity: Literal["info", "warning", "error"]
    fix: FixOut | None = Field(default=None, description="absent when the finding has no fix")


class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    score: float = Field(ge=0, le=1)
    suspect: bool
    findings: list[FindingOut]


class ReadabilityOut(BaseModel):
    flesch_reading_ease: float
    syllables_per_word: float


class RecordOut(BaseModel):
    """The document record (``detector/schema/record.schema.json``), as ``mtlint check``
    writes it; fields that schema adds are passed through."""

    model_config = ConfigDict(extra="allow")
    id: str
    source: str
    status: Literal["ok", "error"]
    error: str | None
    score: float = Field(ge=0, le=1)
    suspect: bool
    readability: ReadabilityOut | None = None
    sentences: list[SentenceOut]


class RecordsOut(BaseModel):
    documents: list[RecordOut]


class FixedOut(BaseModel):
    """A document with its fixes applied: the record of the text as sent (what was found,
    each finding with its fix), the fixed text, and the fixes applied and left out (those
    after which checking again found something new)."""

    record: RecordOut
    text: str = Field(description="the text the record's offsets index (the article extracted from HTML)")
    fixed_text: str
    applied: list[FixOut]
    rejected: list[FixOut]


class FixedBatchOut(BaseModel):
    documents: list[FixedOut]


class RuleOut(BaseModel):
    """A rule code and what it means (``core/rules.py``)."""

    code: str
    name: str
    family: str
    severity: Literal["info", "warning", "error"]
    summary: str
    explanation: str
    garbled: str
    fluent: str
    scope: Literal["span", "sentence"]
    fix: Literal["safe", "unsafe"] | None


class Health(BaseModel):
    status: Literal["ok"]
    model: Literal["loaded"]
    threshold: float
    languagetool: Literal["off", "reachable", "unreachable"]
    deep: Literal["off", "on"] = "off"  # the deep stage (`mtlint serve --deep`)


class Version(BaseModel):
    mtlint: str


def read_documents(
    content_type: str, body: bytes, doc_id: str | None, max_documents: int
) -> tuple[list[Document], bool]:
    """The request's documents, and whether it was a batch; a :class:`RequestError` says what
    to change when the body cannot be read (a batch over ``max_documents`` is refused before
    its documents are validated)."""
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media in TEXT_TYPES:
        return [_text_document(body, media, _charset(params), doc_id)], False
    if media and media != "application/json" and not media.endswith("+json"):
        raise RequestError(
            415,
            f"Content-Type {media} is not accepted: send JSON with 'Content-Type: application/json' "
            f'({{"id": "...", "text": "..."}}), or the article itself as text/plain, text/markdown or text/html',
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise RequestError(422, json_error(exc)) from None
    batch = isinstance(data, dict) and "documents" in data
    if batch and isinstance(data["documents"], list) and len(data["documents"]) > max_documents:
        raise RequestError(413, f"over {max_documents} documents in one request")
    model = Batch if batch else DocumentIn
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise RequestError(422, own_words(exc)) from None
    items = parsed.documents if isinstance(parsed, Batch) else [parsed]
    if doc_id is not None and not batch and parsed.id is None:
        parsed.id = doc_id
    options = ReadOptions()
    docs = [record_document(item.model_dump(), "request", n, options) for n, item in enumerate(items, 1)]
    return docs, batch


def own_words(exc: ValidationError, most: int = 5) -> str:
    """A request's validation errors (the first ``most``), each naming the field as the body
    spells it and never echoing its value."""
    problems = [_problem(error) for error in exc.errors()[:most]]
    more = exc.error_count() - len(problems)
    return "; ".join(problems) + (f"; and {more} more" if more > 0 else "")


def _problem(error) -> str:
    loc = [str(part) for part in error["loc"]]
    where = "".join(f"[{p}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(loc))
    kind = error["type"]
    if kind == "missing":
        if loc == ["text"]:
            return (
                'field "text" is missing: send {"id": "...", "text": "the article"} for one document '
                'or {"documents": [...]} for several'
            )
        return f'field "{where}" is missing'
    if kind == "extra_forbidden":
        hint = " (fixes: POST /v1/fix)" if loc[-1] == "fix" else ""
        return f'unknown field "{where}": a document has the fields {FIELDS}{hint}'
    if kind == "model_type":
        return f'"{where or "the body"}" must be a JSON object, such as {{"id": "...", "text": "the article"}}'
    if kind in ("string_type", "list_type"):
        wanted = "a string" if kind == "string_type" else "a list"
        return f'field "{where}" must be {wanted}, not {_json_type(error["input"])}'
    return f'field "{where}": {error["msg"]}'


def _json_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _charset(params: str) -> str:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


def _text_document(body: bytes, media: str, charset: str, doc_id: str | None) -> Document:
    try:
        text = body.decode(charset)
    except LookupError:
        raise RequestError(415, f"unknown charset {charset!r} in Content-Type") from None
    except UnicodeDecodeError as exc:
        raise RequestError(422, f"the body is not valid {charset} at byte {exc.start} ({exc.reason})") from None
    name = doc_id or "request"
    source = "request" + TEXT_TYPES[media]  # Markdown is masked by its suffix, as a .md file is
    if media == "text/html":
        doc = html_document(text, source)
        doc.id = name
        return doc
    return Document(id=name, source=source, text=text)
