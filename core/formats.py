"""The output formats' names: the CLI's ``--format`` choices and the writers' registry
(``reports/__init__.py``) read this one list; it lives in ``core`` so that the CLI can offer
it without importing any writer."""

FORMATS = ("text", "json", "jsonl", "passthrough", "html", "sarif", "github", "junit", "markdown")
