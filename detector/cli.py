"""The ``mtlint`` command line.

Exit codes: 0 no suspect sentence; 1 at least one suspect sentence; 2 usage, input or
configuration error (including any input that could not be read); 141 the output's reader
went away (a broken pipe, as SIGPIPE would end the process).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtlint.core.exit_codes import EXIT_BROKEN_PIPE, EXIT_CLEAN, EXIT_ERROR, EXIT_SUSPECT
from mtlint.core.formats import FORMATS
from mtlint.core.records import Document
from mtlint.core.runs import runs

from . import inputs, validate
from .discovery import DEFAULT_INCLUDE, FileSelection
from .selection import HELP as SELECTION_HELP
from .selection import Selection
from .validate import argument

RECORD_FORMATS = ("jsonl", "passthrough")  # one line per document: what --keep can split
# -o's extension -> the format it implies (``--format`` may be left out)
_EXTENSIONS = {".txt": "text", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
               ".sarif": "sarif", ".xml": "junit", ".md": "markdown"}  # fmt: skip
log = logging.getLogger("mtlint")


class _Version(argparse.Action):
    """``--version``, reading the package metadata only when asked (argparse's own action
    needs the string while the parser is built, on every run)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from mtlint.core.version import version

        print(f"mtlint {version()}")
        parser.exit()


def _extra_report(text: str) -> tuple[str, str]:
    """``--report FORMAT=FILE``: a second report of the same run (one check, several formats)."""
    fmt, equals, path = text.partition("=")
    if not equals or not path or fmt not in FORMATS or fmt == "passthrough":
        raise argparse.ArgumentTypeError(
            f"expected FORMAT=FILE with a report format ({', '.join(FORMATS)}), not {text!r}"
        )
    return fmt, path


class _Parser(argparse.ArgumentParser):
    """A usage error is one line and a pointer to ``--help``, not the whole usage first."""

    def error(self, message: str):
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\nRun `{self.prog} --help` for usage.\n")


# adds commands to the subparsers: how the root package (mtlint.cli) adds training's train and
# eval, which the detector may not import
Commands = Callable[[Any], None]


def _parser(argv: list[str], commands: Commands | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``argv``, built from constants only: ``--version`` and ``--help``
    import no model or feature code. ``commands`` add theirs only when the command line names
    none of the built-in commands, or asks for help."""
    from mtlint.core.scopes import SCOPES

    parser = _Parser(
        prog="mtlint",
        description="Find machine-translation artifacts and garbled phrasing in English news.",
        epilog="Exit codes: 0 clean, 1 suspect sentences found, 2 usage, input or configuration error.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    # the global options, accepted after the command too (SUPPRESS: absent there keeps the global value)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log progress")
    command = functools.partial(_Parser, parents=[common])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=command)

    check = sub.add_parser("check", help="check text, Markdown, JSONL(.gz) or HTML inputs")
    check.add_argument(
        "paths",
        nargs="*",
        default=["-"],
        metavar="PATH",
        help="files or directories; '-' reads standard input (the default)",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: from -o's extension, else text; passthrough with --keep: each input record "
        "with mtlint_* fields added)",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here (atomically)")
    check.add_argument(
        "--report",
        action="append",
        type=_extra_report,
        metavar="FORMAT=FILE",
        help="also write the report in FORMAT to FILE, from the same run (--format github --report sarif=x.sarif)",
    )
    check.add_argument(
        "--threshold",
        type=argument(validate.fraction, "threshold"),
        help="suspect at or above this score (default: the model's)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when suspect sentences are found")
    check.add_argument("--no-grammar", action="store_true", help="do not use LanguageTool")
    check.add_argument(
        "--grammar-scope",
        choices=SCOPES,
        help="sentences LanguageTool checks: auto (default: all of a file, stdin or text; the verdict band of "
        "JSONL records), verdict (those whose verdict grammar can change) or all",
    )
    check.add_argument("--languagetool-url", metavar="URL", help="a running LanguageTool server")
    _deep_options(check)
    check.add_argument(
        "--min-severity",
        choices=("info", "warning", "error"),
        help="show findings this severe or worse (default: all; the gate still counts every finding)",
    )
    check.add_argument(
        "--jobs",
        type=argument(validate.jobs, "jobs"),
        default=0,
        metavar="N",
        help="worker processes (default 0: every idle core, when the input is large enough to gain)",
    )
    check.add_argument("--model", metavar="FILE", help="a model trained by `mtlint train`")
    check.add_argument("--text-field", help="JSONL field holding the text (default text; implies JSONL input)")
    check.add_argument("--id-field", default="id", help="JSONL field holding the document id")
    check.add_argument("--include", action="append", metavar="GLOB", help="file globs in directories")
    check.add_argument("--exclude", action="append", metavar="GLOB", help="globs to skip")
    check.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="select named files as a folder walk would (include, exclude, .gitignore): for pre-commit and CI",
    )
    check.add_argument("--no-respect-gitignore", action="store_true", help="check files that .gitignore ignores")
    check.add_argument("--input-format", choices=("auto", "text", "jsonl", "html"), default="auto")
    check.add_argument("--encoding", type=argument(validate.encoding, "encoding", number=False), default="utf-8")
    check.add_argument(
        "--max-document-bytes",
        type=argument(validate.positive_count, "max-document-bytes"),
        default=inputs.MAX_DOCUMENT_BYTES,
        metavar="N",
        help="a larger file or JSONL line is an error record (default %(default)s)",
    )
    check.add_argument("--encoding-errors", choices=("strict", "replace"), default="strict")
    check.add_argument("--stats", metavar="FILE", help="write counts, time, rates and the score histogram as JSON")
    check.add_argument("--stats-by", metavar="FIELD", help="in --stats, count documents by this input field too")
    check.add_argument(
        "--max-errors",
        type=argument(validate.count, "max-errors"),
        default=0,
        metavar="N",
        help="input errors (bad lines, missing fields) a run may have before it exits 2 (default 0)",
    )
    corpus = check.add_argument_group("corpus filtering (JSONL in, JSONL out)")
    corpus.add_argument(
        "--keep",
        type=Selection.argument,
        metavar="EXPR",
        help=f"write only the documents this keeps ({SELECTION_HELP})",
    )
    corpus.add_argument("--rejected", metavar="FILE", help="with --keep: write the other documents here")
    gate = check.add_argument_group("CI gate (default: fail on any suspect sentence)")
    gate.add_argument(
        "--fail-on-score",
        type=argument(validate.fraction, "fail-on-score"),
        metavar="X",
        help="fail when a document scores X or more",
    )
    gate.add_argument(
        "--fail-on-verdict",
        choices=("garbled", "review"),
        help="fail when a document's article verdict is this or worse (review: garbled too)",
    )
    gate.add_argument(
        "--fail-on-code",
        action="append",
        type=argument(validate.selector, "fail-on-code", number=False),
        metavar="CODE",
        help="fail on a finding with this code, prefix or rule name",
    )
    gate.add_argument("--fail-on-severity", choices=("info", "warning", "error"), help="fail on findings this severe")
    gate.add_argument(
        "--max-suspect-ratio",
        type=argument(validate.fraction, "max-suspect-ratio"),
        metavar="R",
        help="fail when more than R of sentences are suspect",
    )
    gate.add_argument("--baseline", metavar="FILE", help="report and fail only on findings not in this baseline")
    gate.add_argument("--write-baseline", metavar="FILE", help="record the current findings as accepted")
    gate.add_argument("--config", metavar="FILE", help="configuration file (default: found from the inputs)")
    gate.add_argument("--suppress-field", default="mtlint_suppress", help="JSONL field listing codes to suppress")
    check.add_argument("--no-progress", action="store_true", help="no progress bar on a terminal")
    fixing = check.add_argument_group("fixes (ruff's conventions)")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes: text and Markdown files in place")
    fixing.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too (they need an editor)")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fixing.add_argument(
        "--keep-original", metavar="FIELD", help="with --fix on JSONL: keep each record's original text in FIELD"
    )

    config = sub.add_parser("config", help="print the effective configuration and where each value comes from")
    config.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    config.add_argument("--config", metavar="FILE")

    sub.add_parser("provision", help="install LanguageTool; build the syllable table now").add_argument(
        "--no-languagetool", action="store_true", help="skip LanguageTool"
    )

    rules = sub.add_parser("rules", help="list every rule code")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_parser("rule", help="explain one rule code").add_argument("code", metavar="CODE")

    serve = sub.add_parser("serve", help="run the HTTP screening service")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=argument(validate.port, "port"), default=8080)
    serve.add_argument("--token-file", help="file with the bearer token (default: $MTLINT_TOKEN)")
    serve.add_argument("--no-grammar", action="store_true", help="do not use LanguageTool")
    serve.add_argument("--grammar-scope", choices=SCOPES, help="sentences LanguageTool checks (as `check`)")
    _deep_options(serve)
    serve.add_argument("--languagetool-url", metavar="URL")
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let a web page from this origin call the API (repeatable; default: none)",
    )
    serve.add_argument("--model", metavar="FILE")
    serve.add_argument("--threshold", type=argument(validate.fraction, "threshold"))
    serve.add_argument("--config", metavar="FILE", help="configuration file (as `check --config`)")
    serve.add_argument("--baseline", metavar="FILE", help="hide the findings of this baseline (as `check`)")
    serve.add_argument("--max-body-bytes", type=argument(validate.positive_count, "max-body-bytes"), default=5_000_000)
    serve.add_argument(
        "--max-documents",
        type=argument(validate.positive_count, "max-documents"),
        default=1000,
        help="documents per request",
    )
    serve.add_argument(
        "--max-seconds",
        type=argument(validate.positive_seconds, "max-seconds"),
        default=60.0,
        help="checking time per request",
    )
    serve.add_argument(
        "--read-timeout",
        type=argument(validate.positive_seconds, "read-timeout"),
        default=30.0,
        help="seconds a client may take to send a request body",
    )
    serve.add_argument(
        "--header-timeout",
        type=argument(validate.positive_seconds, "header-timeout"),
        default=10.0,
        help="seconds a client may take to send a request's headers (then 408 and closed)",
    )
    serve.add_argument(
        "--max-connections",
        type=argument(validate.positive_count, "max-connections"),
        default=256,
        help="open connections at once; more are refused with 503 (kept under the descriptor limit)",
    )

    lt = sub.add_parser("languagetool", help="manage the local LanguageTool server")
    lt.add_argument("action", choices=("install", "start", "stop", "status"))
    lt.add_argument(
        "--port", type=argument(validate.port, "port"), default=0, help="port for start (default: a free one)"
    )
    command = next((a for a in argv if not a.startswith("-")), None)
    if commands is not None and command not in _COMMANDS and (command is not None or {"-h", "--help"} & set(argv)):
        commands(sub)
    return parser


def main(argv: list[str] | None = None, commands: Commands | None = None) -> int:
    """The command line; ``commands`` add more subcommands (see :mod:`mtlint.cli`)."""
    if sys.stderr is None:  # started with standard error closed (`2>&-`): messages go nowhere
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _main(argv, commands)
    except BrokenPipeError:  # the reader went away (`mtlint rules | head -1`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
        return EXIT_BROKEN_PIPE


def _main(argv: list[str], commands: Commands | None) -> int:
    args = _parser(argv, commands).parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="mtlint: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.run(args) if hasattr(args, "run") else _COMMANDS[args.command](args)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        if args.command != "check":  # check says how far it got
            print("mtlint: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        return 128 + 15
    except (inputs.UsageError, RuntimeError, OSError, ValueError) as exc:
        print(f"mtlint: error: {inputs.one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: exit 2 with one line, never a traceback and exit 1
        log.info("internal error", exc_info=True)  # -v shows the traceback
        print(
            f"mtlint: internal error: {type(exc).__name__}: {inputs.one_line(exc)} "
            "(a bug: please report it with the command that caused it; -v shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` runs: temporary files
    are removed and ``-o`` is left as it was, as for Ctrl-C."""


def _terminate_cleanly():
    """Turn SIGTERM into :class:`Terminated` for this run; returns what restores the handler."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def terminated(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    return lambda: signal.signal(signal.SIGTERM, previous)


# worker-process state: the parent's policy, inherited by fork (model loaded, tables frozen)
_worker = None


def _init_worker(policy) -> None:
    global _worker
    grammar = policy.detector.grammar
    if grammar is not None:  # connections and locks of this process's own
        from mtlint.features.grammar import GrammarChecker

        policy = replace(policy, detector=replace(policy.detector, grammar=GrammarChecker(grammar.url)))
    _worker = policy


def _check_in_worker(docs: list[Document]) -> list[Document]:
    return [_worker.check(doc) for doc in docs]


def _lost(docs: list[Document], reason: str) -> list[Document]:
    """A parcel whose worker process died: each document an error record saying so."""
    return [
        doc if doc.status == "error" else
        Document.failed(doc.id, doc.source, f"{doc.id}: not checked: its worker process died ({reason})", doc.line)
        for doc in docs
    ]  # fmt: skip


def _parcels(docs: Iterable[Document], max_docs: int = 16, max_chars: int = 100_000) -> Iterator[list[Document]]:
    """Consecutive documents grouped for one worker task: a task costs the parent a future,
    two pickles and queue traffic, which for one short article was a fifth of the work."""
    return runs(docs, lambda doc: len(doc.text), max_chars, max_docs)


def _results(args, policy, docs: Iterator[Document]) -> Iterator[Document]:
    """Checked and settled documents in input order: in this process, or on ``--jobs`` worker
    processes (forked after the model is loaded, so each starts with it) when there is enough input."""
    from .jobs import plan

    jobs, head = plan(args.jobs, docs)
    policy.detector.share_cores(jobs)
    if jobs == 1:
        policy.detector.warm_up()
        yield from policy.check_all(itertools.chain(head, docs))
        return
    from .workers import WorkerPool  # multiprocessing: 8 ms of a one-document run's start otherwise

    policy.detector.warm_up(workers=True)  # loaded once here, shared by every forked worker
    with WorkerPool(jobs, _check_in_worker, _lost, initializer=lambda: _init_worker(policy)) as pool:
        for checked in pool.map(_parcels(itertools.chain(head, docs)), in_flight=2 * jobs):
            yield from checked


def _check(args: argparse.Namespace) -> int:
    restore = _terminate_cleanly()
    try:
        return _check_run(args)
    finally:
        restore()


def _check_run(args: argparse.Namespace) -> int:
    import contextlib
    import time

    from mtlint.core.version import version
    from mtlint.reports import render, writer_for
    from mtlint.reports.base import RunInfo
    from mtlint.reports.output import open_output
    from mtlint.reports.progress import closing_line, error_lines, progress_bar

    from .policy import Policy, Run, connect_grammar
    from .sizing import count_documents

    _refuse_unsafe_paths(args)
    fmt = _output_format(args)
    cfg = _configuration(args)
    if args.paths == ["-"] and sys.stdin.isatty():
        print("mtlint: reading standard input until Ctrl-D (or give files or folders; --help)", file=sys.stderr)
    policy = Policy.create(
        cfg,
        model=args.model,
        grammar=None if args.no_grammar else connect_grammar(args.languagetool_url),
        grammar_scope=args.grammar_scope,
        baseline=None if args.write_baseline else args.baseline,
        deep=args.deep,
        deep_scope=args.deep_scope,
    )
    run = Run.from_config(cfg, write_baseline=bool(args.write_baseline))
    run.summary.group_by = args.stats_by
    info = RunInfo(
        inputs=[inputs.valid_text(path) for path in args.paths],
        model=args.model or "default",
        threshold=policy.threshold,
        version=version(),
        grammar=policy.detector.grammar is not None,
        grammar_scope=policy.detector.grammar_scope,
        deep=policy.detector.deep is not None,
        deep_scope=policy.detector.deep_scope,
    )
    options = _read_options(args, cfg)
    typing = "-" in args.paths and sys.stdin.isatty()  # a person typing: no spinner over the text
    show_progress = not args.no_progress and sys.stderr.isatty() and not typing
    total = count_documents(args.paths, options) if show_progress else None
    started = time.perf_counter()
    diff_code = None
    try:
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(open_output(args.output))
            rejected = stack.enter_context(open_output(args.rejected)) if args.rejected else None
            advance = stack.enter_context(progress_bar(show_progress, total))
            also = [writer_for(f, stack.enter_context(open_output(path)), info) for f, path in args.report or ()]
            count = functools.partial(
                _counted, run=run, advance=advance, keep=args.keep, also=also, shown=cfg["display-severity"]
            )
            for writer in also:
                writer.start()
            checked = _results(args, policy, inputs.read_inputs(args.paths, options))
            if args.fix or args.diff:
                diff_code = _fix(args, fmt, policy, options, out, checked, info, count, run.summary)
            else:
                if fmt == "html" or "html" in {f for f, _ in args.report or ()}:  # the "show fixed text" view
                    checked = (policy.with_fixed_text(doc, args.unsafe_fixes) for doc in checked)
                render(fmt, count(checked), out, info, run.summary, args.keep, rejected)
            for writer in also:
                writer.finish(run.summary)
    except (KeyboardInterrupt, Terminated) as exc:
        where = f"; {args.output} left unchanged" if args.output else ""
        done = f"{run.summary.documents} document(s), {run.summary.sentences} sentence(s)"
        verb = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(f"mtlint: {verb} after {done}{where}", file=sys.stderr)
        raise
    seconds = time.perf_counter() - started
    _write_side_files(args, run, seconds)
    if args.output or fmt != "text":  # the text report on stdout ends with its own summary
        print(closing_line(run.summary, seconds, args.output, args.rejected), file=sys.stderr)
    for line in error_lines(run.summary):
        print(line, file=sys.stderr)
    if not run.summary.documents:  # folders with no file that --include matches
        if args.paths and all(options.files.named(Path(p)) for p in args.paths if p != "-"):
            print("mtlint: nothing to check: every file named is excluded (--force-exclude)", file=sys.stderr)
            return EXIT_CLEAN
        globs = ", ".join(options.files.include)
        log.warning("no input matched: no file in %s matches %s", ", ".join(info.inputs), globs)
        return EXIT_ERROR
    if diff_code is not None and not run.summary.errors:
        return diff_code
    code, why = run.verdict(args.exit_zero, args.max_errors)
    print(f"mtlint: {why}", file=sys.stderr)
    return code


def _output_format(args: argparse.Namespace) -> str:
    """The report format: as given (unless ``-o``'s extension says another); else pass-through
    records for a ``--keep`` run (the input records, split), the format ``-o``'s extension
    implies, and text otherwise. ``--fix``/``--diff`` output that is no report is exempt."""
    if args.rejected and not args.keep:
        raise inputs.UsageError("--rejected needs --keep (which documents go where)")
    implied = _implied_format(args.output)
    fmt = args.format or ("passthrough" if args.keep else implied or "text")
    compatible = {implied, "passthrough"} if implied == "jsonl" else {implied}
    if implied and args.format not in (None, *compatible) and not (args.fix or args.diff):
        raise inputs.UsageError(f"-o {args.output}: a {implied} file, but --format is {args.format} (leave it out)")
    if args.keep and fmt not in RECORD_FORMATS:
        raise inputs.UsageError(f"--keep splits records: use --format {' or '.join(RECORD_FORMATS)}, not {fmt}")
    if args.keep and (args.fix or args.diff):
        raise inputs.UsageError("--keep with --fix or --diff: fix first, then filter the fixed corpus")
    return fmt


def _refuse_unsafe_paths(args: argparse.Namespace) -> None:
    """Before any work: an output that is an input or another output, ``--fix`` on a path that
    can be read only once (a FIFO, ``/dev/stdin``, process substitution), and
    ``--keep-original`` naming a field the record needs are usage errors."""
    from .files import clash

    outputs = {"-o": args.output, "--rejected": args.rejected, "--stats": args.stats,
               "--write-baseline": args.write_baseline}  # fmt: skip
    outputs.update({f"--report {fmt}": path for fmt, path in args.report or ()})
    sides = {"input": args.paths, "--config": [args.config], "--baseline": [args.baseline]}
    problem = clash(outputs, sides)
    if problem:
        raise inputs.UsageError(problem)
    if args.fix and not args.diff:
        for path in args.paths:
            kind = inputs.special_kind(path) if path != "-" else None
            if kind is not None:
                raise inputs.UsageError(
                    f"--fix: {path} is a {kind}, not a regular file: it can be read only once and not "
                    "rewritten (give the file itself, or pipe text to standard input '-')"
                )
    taken = {args.text_field or "text": "--text-field", args.id_field: "--id-field",
             args.suppress_field: "--suppress-field"}  # fmt: skip
    if args.keep_original in taken:
        raise inputs.UsageError(
            f"--keep-original {args.keep_original} is also the {taken[args.keep_original]}: "
            "it would overwrite that field in every record"
        )


def _implied_format(output: str | None) -> str | None:
    """The report format an output file's extension names (report.html: html), if any."""
    return _EXTENSIONS.get(os.path.splitext(output or "")[1].lower())


def _deep_options(parser: argparse.ArgumentParser) -> None:
    """``--deep`` and ``--deep-scope``, for ``check`` and ``serve``."""
    from mtlint.core.scopes import SCOPES

    parser.add_argument(
        "--deep",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add the deep stage: a fine-tuned transformer's second opinion on each sentence "
        "(pip install 'mtlint[deep]'; config: deep = true)",
    )
    parser.add_argument(
        "--deep-scope",
        choices=SCOPES,
        help="sentences the deep stage scores: auto (default: all of a file, stdin or text; the uncertain "
        "band of JSONL records, the cascade), verdict (the band) or all",
    )


def _read_options(args: argparse.Namespace, cfg) -> inputs.ReadOptions:
    input_format = args.input_format
    if args.text_field is not None and input_format == "auto" and not any(os.path.isdir(p) for p in args.paths):
        input_format = "jsonl"  # naming a text field says the inputs are records (folders: by suffix)
    return inputs.ReadOptions(
        text_field=args.text_field or "text",
        id_field=args.id_field,
        files=FileSelection(
            include=tuple(cfg["include"]) or DEFAULT_INCLUDE,
            exclude=tuple(cfg["exclude"]),
            base=str(cfg.file.parent) if cfg.file else None,
            respect_gitignore=cfg["respect-gitignore"],
            force_exclude=cfg["force-exclude"],
        ),
        input_format=input_format,
        encoding=args.encoding,
        encoding_errors=args.encoding_errors,
        suppress_field=args.suppress_field,
        max_document_bytes=args.max_document_bytes,
    )


def _write_side_files(args: argparse.Namespace, run, seconds: float) -> None:
    """``--stats`` and ``--write-baseline``, once the report is written."""
    from mtlint.reports.output import open_output

    if args.stats:
        with open_output(args.stats) as stats:
            json.dump(run.summary.stats(seconds), stats, indent=2, ensure_ascii=False)
            stats.write("\n")
    if run.accepted is not None:
        with open_output(args.write_baseline) as handle:
            run.accepted.save(handle)


def _fix(
    args: argparse.Namespace, fmt: str, policy, options: inputs.ReadOptions, out, docs, info, count, summary
) -> int | None:
    """``--fix`` / ``--diff``: fixed files in place, fixed records or text to the output, or a
    diff. A run whose output carries fixed text or a diff reports no findings; else the fixed
    documents' remaining findings are the report. Either way ``count`` (the run) counts them
    as fixed, so the gate judges what remains. With ``--format passthrough`` each record
    carries its fixed text and its results. Returns the exit code of a ``--diff`` run (1 when
    there is something to fix), None for ``--fix``."""
    from mtlint.reports import render

    from .rewrite import Rewriter

    in_records = fmt == "passthrough" and not args.diff  # fixed text and results in one pass
    streams = not in_records and (
        args.diff or any(p == "-" or inputs.format_of(p, options) == "jsonl" for p in args.paths)
    )
    rewriter = Rewriter(
        policy,
        options,
        out,
        mode="diff" if args.diff else "fix",
        unsafe=args.unsafe_fixes,
        keep_original=args.keep_original,
        records_out=streams,
        in_records=in_records,
    )
    fixed = count(rewriter.documents(docs))
    if streams:  # the output carries fixed text or a diff: input errors are told on stderr
        for doc in fixed:
            if doc.status == "error":
                print(f"mtlint: error: {doc.error}", file=sys.stderr)
    else:
        render(fmt, fixed, out, info, summary)
    verb = "would fix" if args.diff else "fixed"
    print(f"mtlint: {verb} {rewriter.fixes} issue(s) in {rewriter.changed} document(s)", file=sys.stderr)
    if args.diff:
        return EXIT_SUSPECT if rewriter.changed else EXIT_CLEAN
    return None


def _counted(docs: Iterable[Document], run, advance, keep=None, also=(), shown="info") -> Iterator[Document]:
    """Each document counted by the run as it passes to the report (with where ``--keep``
    sends it) and written to the ``--report`` writers, which show its findings from the
    severity ``shown`` up (the run counts them all); the progress bar after."""
    from mtlint.reports.base import displayed

    for doc in docs:
        run.add(doc, None if keep is None else keep(doc))
        doc = displayed(doc, shown)
        for writer in also:
            writer.document(doc)
        advance(run.summary)
        yield doc


def _configuration(args: argparse.Namespace):
    """The configuration file's values with the command line's on top."""
    from .config import load

    cfg = load(args.paths, args.config)
    flags = {
        "threshold": args.threshold,
        "grammar-scope": args.grammar_scope,
        "deep": args.deep,
        "deep-scope": args.deep_scope,
        "display-severity": args.min_severity,
        "fail-on-score": args.fail_on_score,
        "fail-on-codes": args.fail_on_code,
        "fail-on-severity": args.fail_on_severity,
        "fail-on-verdict": args.fail_on_verdict,
        "max-suspect-ratio": args.max_suspect_ratio,
        "include": args.include,
        "exclude": args.exclude,
        "respect-gitignore": False if args.no_respect_gitignore else None,
        "force-exclude": args.force_exclude,
    }
    for key, value in flags.items():
        if value is not None:
            cfg.set(key, value, "command line")
    return cfg


def _config(args: argparse.Namespace) -> int:
    from .config import load
    from .modelfile import load_default

    cfg = load(args.paths, args.config)
    print(cfg.describe(model_threshold=load_default().verdict.threshold), end="")
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    from mtlint.core.rules import RULES

    if args.format == "json":
        json.dump([rule.to_dict() for rule in RULES.values()], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_CLEAN
    for rule in RULES.values():
        print(f"{rule.code:<6} {rule.name:<26} {rule.severity:<8} {rule.fix or '-':<7} {rule.summary}")
    return EXIT_CLEAN


def _rule(args: argparse.Namespace) -> int:
    from mtlint.core.rules import lookup
    from mtlint.core.selectors import UnknownSelector, resolve

    try:
        rule = lookup(resolve(args.code))  # a code or a rule name
    except UnknownSelector as exc:
        print(f"mtlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if rule is None:  # a prefix (MT1): a family, not one rule
        print(f"mtlint: error: {args.code!r} names a family, not a rule (`mtlint rules` lists them)", file=sys.stderr)
        return EXIT_ERROR
    fix = f" · {rule.fix} fix" if rule.fix else ""
    print(f"{rule.code} ({rule.name}) · {rule.family} · {rule.severity}{fix}\n\n{rule.summary}\n\n{rule.explanation}\n")
    print(f"Flagged: {rule.garbled}\nFine:    {rule.fluent}")
    return EXIT_CLEAN


def _provision(args: argparse.Namespace) -> int:
    from mtlint.features import syllables

    syllables.cmu_table()  # built on first use anyway; here for images whose cache is read-only later
    print(f"syllable table: {syllables.table_path()}")
    if not args.no_languagetool:
        from mtlint.features.languagetool import server

        print(f"LanguageTool {server.VERSION}: {server.install()}")
    return EXIT_CLEAN


def _languagetool(args: argparse.Namespace) -> int:
    from mtlint.features.languagetool import server

    if args.action == "install":
        print(f"LanguageTool {server.VERSION} installed in {server.install(quiet=False)}")
    elif args.action == "start":
        state = server.start(port=args.port)
        print(f"LanguageTool {state.version} running at {state.url} (pid {state.pid})")
    elif args.action == "stop":
        print("stopped" if server.stop() else "no LanguageTool server was running")
    else:
        state = server.read_state()
        if state is None:
            print(f"not running (installed: {server.installed()})")
            return EXIT_ERROR
        health = "healthy" if server.healthy(state.url) else "not answering"
        print(f"url {state.url}\nversion {state.version}\npid {state.pid}\nhealth {health}")
        return EXIT_CLEAN if health == "healthy" else EXIT_ERROR
    return EXIT_CLEAN


def _serve(args: argparse.Namespace) -> int:
    from mtlint.core.extras import require

    require("serve", "mtlint serve")
    from .api import Checker
    from .policy import connect_grammar
    from .service import Limits, ServiceConfigError, read_token, serve

    token = read_token(args.token_file)
    grammar = None if args.no_grammar else connect_grammar(args.languagetool_url)
    checker = Checker(
        model=args.model,
        threshold=args.threshold,
        grammar=grammar,
        grammar_scope=args.grammar_scope,
        config=args.config,
        baseline=args.baseline,
        deep=args.deep,
        deep_scope=args.deep_scope,
    )
    checker.warm_up()
    limits = Limits(max_body_bytes=args.max_body_bytes, max_documents=args.max_documents,
                    max_seconds=args.max_seconds, read_seconds=args.read_timeout,
                    header_seconds=args.header_timeout, max_connections=args.max_connections)  # fmt: skip
    try:
        serve(checker, args.host, args.port, token, limits, tuple(args.cors_origin))
    except ServiceConfigError as exc:
        print(f"mtlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


_COMMANDS = {
    "check": _check,
    "config": _config,
    "rules": _rules,
    "rule": _rule,
    "provision": _provision,
    "languagetool": _languagetool,
    "serve": _serve,
}
