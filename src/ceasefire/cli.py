"""The command line: thin over the library, and the only place that exits the process."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from ceasefire import __version__
from ceasefire.config import Config, CorpusFields, IngestConfig
from ceasefire.errors import CeasefireError, ModelError, StoreError, UsageError
from ceasefire.schema import Input, to_dict

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_STRICT, EXIT_MODEL, EXIT_STORE = 0, 1, 2, 3, 4, 5
EXIT_FLOOR = 6  # ceasefire eval --check-floors: a test score fell below its floor


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run_cli(argv))


_EXIT_CODES = ((UsageError, EXIT_USAGE), (ModelError, EXIT_MODEL), (StoreError, EXIT_STORE))


def run_cli(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CeasefireError as exc:
        print(f"ceasefire: {exc}", file=sys.stderr)
        return next((code for kind, code in _EXIT_CODES if isinstance(exc, kind)), EXIT_ERROR)
    except KeyboardInterrupt:
        print("ceasefire: interrupted; re-run the same command to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`ceasefire events ... | head`): not an error. Point stdout
        # at /dev/null so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        # A bug, not a user error: one line by default, the traceback on request.
        if os.environ.get("CEASEFIRE_DEBUG"):
            raise
        print(f"ceasefire: internal error: {type(exc).__name__}: {exc} "
              "(set CEASEFIRE_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ceasefire",
        description="News reports on wars and peace processes in; a sourced database out.",
    )
    parser.add_argument("--version", action="version", version=f"ceasefire {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the SCHEMA.md record of each report (no database)")
    _input_options(p)
    p.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    p.set_defaults(func=_extract)

    p = sub.add_parser("run", help="process reports into a DuckDB file")
    _input_options(p)
    p.add_argument("--db", required=True, help="DuckDB file (created if missing)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    # -- engines (issue 6, docs/performance.md "Scaling out") --
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes analysing reports (default 1: this process); with "
                        "--engine dask, the LocalCluster's workers")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a Dask cluster (dask.distributed)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (default: start a LocalCluster)")
    p.set_defaults(func=_run)

    p = sub.add_parser("export", help="write a database out as CSV, Parquet or JSON")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=("csv", "parquet", "json"), default=None,
                   help="table export format (default csv); not with --shape")
    p.add_argument("--shape", choices=("acled", "ucdp", "plover"),
                   help="events as ACLED-like CSV, UCDP-GED-like CSV or PLOVER JSON Lines")
    p.add_argument("--out", required=True,
                   help="folder (csv, parquet) or file (json, and every --shape)")
    p.set_defaults(func=_export)

    p = sub.add_parser("events", help="list the events in a database, filtered")
    _event_options(p)
    p.add_argument("--merged", action="store_true",  # linking (docs/linking.md)
                   help="event clusters across reports, with reconciled figures "
                        "(--type, --since, --until, --limit, --offset; table or json)")
    p.set_defaults(func=_events)

    p = sub.add_parser("summary", help="what a database holds, at a glance")
    p.add_argument("--db", required=True)
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=_summary)

    p = sub.add_parser("eval", help="score the pipeline on the gold sets (dev and test rows)")
    _eval_options(p)
    p.set_defaults(func=_eval)

    _serve_parser(sub)
    _link_parsers(sub)
    return parser


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    p.add_argument("--published", help="publication date (YYYY-MM-DD) for reports without one")
    p.add_argument("--title", help="title for reports without one")
    p.add_argument("--source", help="source (outlet) for reports without one")
    p.add_argument("--text-field", default="text", help="JSONL/CSV field holding the text")
    p.add_argument("--title-field", default="title")
    p.add_argument("--url-field", default="url")
    p.add_argument("--published-field", default="published")
    p.add_argument("--source-field", default="source")
    p.add_argument("--max-bytes", type=int, default=IngestConfig().max_bytes,
                   help="reject inputs larger than this")
    p.add_argument("--max-chars", type=int, default=Config().max_chars,
                   help="reject reports whose clean text is longer than this")
    p.add_argument("--strict", action="store_true", help="exit with status 3 on any rejection")


def _config(args: argparse.Namespace) -> Config:
    from datetime import date

    if args.published:
        try:
            date.fromisoformat(args.published)
        except ValueError as exc:
            raise UsageError(f"--published must be YYYY-MM-DD, not {args.published!r}") from exc
    fields = CorpusFields(args.text_field, args.title_field, args.url_field,
                          args.published_field, args.source_field)
    ingest = IngestConfig(args.max_bytes, fields, args.published, args.title, args.source)
    return Config(ingest=ingest, max_chars=args.max_chars)


def _inputs(args: argparse.Namespace, config: Config) -> Iterator[Input]:
    from ceasefire.ingest import iter_inputs

    return iter_inputs(args.paths, config.ingest, stdin=sys.stdin.buffer)


def _extract(args: argparse.Namespace) -> int:
    from ceasefire.pipeline import Pipeline

    config = _config(args)
    pipeline = Pipeline(config)
    rejected = 0
    records = (record for record, _ in pipeline.pipe(_inputs(args, config)))
    out = sys.stdout
    if args.format == "json":
        out.write("[")
    for i, record in enumerate(records):
        rejected += record.status == "rejected"
        text = json.dumps(to_dict(record), ensure_ascii=False)
        out.write(text + "\n" if args.format == "jsonl" else ("," if i else "") + text)
    if args.format == "json":
        out.write("]\n")
    return EXIT_STRICT if args.strict and rejected else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from ceasefire.parallel import run_into_store

    config = _config(args)
    inputs = _inputs(args, config)  # misuse (a missing path) is reported before any work
    with _progress(args) as bar:  # the store is opened per batch, so readers get turns
        summary = run_into_store(inputs, args.db, config, workers=args.workers,
                                 engine=args.engine, scheduler=args.scheduler,
                                 on_progress=bar.update, args={"paths": args.paths})
    _print_summary(summary.as_dict(), args.db, sys.stderr)
    _link_new(args.db)
    return EXIT_STRICT if args.strict and summary.rejected else EXIT_OK


def _progress(args: argparse.Namespace) -> Any:
    from tqdm import tqdm

    quiet = args.no_progress or not sys.stderr.isatty()
    return tqdm(unit=" reports", disable=quiet, file=sys.stderr, dynamic_ncols=True)


def _print_summary(counts: dict[str, int], db: str, out: TextIO) -> None:
    line = (f"{counts['inputs']} inputs: {counts['processed']} processed, "
            f"{counts['duplicates']} duplicates, {counts['rejected']} rejected")
    if counts["unchanged"]:
        line += f" ({counts['unchanged']} already in the store, unchanged)"
    print(line + f" -> {db}", file=out)
    for key, value in sorted(counts.items()):
        if key.startswith("reason:"):
            print(f"  {key[7:]:<16} {value}", file=out)


def _export(args: argparse.Namespace) -> int:
    from ceasefire.store.duckdb import Store
    from ceasefire.store.export import export

    _existing_db(args.db)
    if args.shape and args.format:
        raise UsageError("--shape sets the file format; drop --format")
    with Store(args.db, read_only=True) as store:
        if args.shape:
            from ceasefire.store.formats import export_shape

            written = [export_shape(store, args.shape, Path(args.out))]
        else:
            written = export(store, args.format or "csv", Path(args.out))
    for path in written:
        print(path)
    return EXIT_OK


def _event_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True)
    p.add_argument("--country", action="append", default=[], metavar="ISO3",
                   help="the place's country (or an actor's when no place); repeatable")
    p.add_argument("--type", action="append", default=[], metavar="PLOVER",
                   help="PLOVER event type, e.g. ASSAULT; repeatable")
    p.add_argument("--actor", action="append", default=[], metavar="ID_OR_NAME",
                   help="actor id (act:lna) or part of a name; repeatable")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--place", metavar="ID", help="place id, e.g. geo:2210247")
    p.add_argument("--status", action="append", default=[],
                   help="asserted, claimed, planned, negated, hypothetical; repeatable")
    p.add_argument("--text", help="words in the evidence sentence")
    p.add_argument("--limit", type=int, help="at most this many (default: 50 for table, all else)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--format", choices=("table", "csv", "json", "geojson"), default="table")


def _events(args: argparse.Namespace) -> int:
    from ceasefire.query import EventFilter, count_events, events, iter_events
    from ceasefire.report import print_events
    from ceasefire.store.duckdb import Store
    from ceasefire.store.formats import write_events

    if args.merged:
        return _merged_events(args)
    _existing_db(args.db)
    limit = 50 if args.limit is None and args.format == "table" else args.limit
    where = EventFilter(tuple(args.country), tuple(args.type), tuple(args.actor), args.since,
                        args.until, args.place, tuple(args.status), args.text, limit,
                        args.offset)
    with Store(args.db, read_only=True) as store:
        if args.format == "table":
            print_events(events(store, where), sys.stdout, count_events(store, where),
                         args.offset)
        else:  # read page by page: a whole store's events need not sit in memory at once
            write_events(iter_events(store, where), args.format, sys.stdout)
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from ceasefire.query import overview
    from ceasefire.report import print_overview
    from ceasefire.store.duckdb import Store

    _existing_db(args.db)
    with Store(args.db, read_only=True) as store:
        print_overview(overview(store, args.limit), sys.stdout)
    return EXIT_OK


def _existing_db(path: str) -> None:
    if not Path(path).is_file():
        raise UsageError(f"no database at {path}; create one with: ceasefire run PATH --db {path}")


def _eval_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="sets", nargs="+", action="extend", default=[],
                   metavar="NAME", help="gold set(s) to score (default: all)")
    p.add_argument("--split", choices=("dev", "test", "all"), default="all")
    p.add_argument("--limit", type=int, help="score at most N rows of each set")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    p.add_argument("--check-floors", action="store_true",
                   help=f"exit with status {EXIT_FLOOR} when a test score is below its floor")
    p.add_argument("--data", type=Path,
                   help="folder of gold sets (default: $CEASEFIRE_EVAL_DATA or ../shared/data)")
    p.add_argument("--floors", type=Path, help="floors file (default: the packaged floors.toml)")


def _eval(args: argparse.Namespace) -> int:
    from ceasefire.eval.floors import check_floors, load_floors
    from ceasefire.eval.report import print_floor_checks, print_results, write_json
    from ceasefire.eval.runner import Options, run_eval

    if args.check_floors and (args.limit is not None or args.split == "dev"):
        raise UsageError("--check-floors needs every test row: drop --limit and --split dev")
    floors = load_floors(args.floors) if args.check_floors else None  # a bad file fails first
    options = Options(tuple(args.sets), args.split, args.limit, args.data)
    results = run_eval(options, progress=lambda line: print(line, file=sys.stderr))
    print_results(results, sys.stdout)
    checks = check_floors(results, floors) if floors is not None else None
    if checks is not None:
        print_floor_checks(checks, sys.stdout)
    if args.json:
        write_json(args.json, results, checks)
    return EXIT_FLOOR if checks and not all(c.ok for c in checks) else EXIT_OK


# -- serve: the REST API and dashboard (docs/api.md) -------------------------------------

TOKEN_ENV = "CEASEFIRE_TOKEN"


def _serve_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the REST API and dashboard over a database")
    p.add_argument("--db", required=True)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token-file", type=Path, metavar="FILE",
                   help=f"file holding the token that POST /api/documents needs (or set "
                        f"${TOKEN_ENV}); without one the API is read-only")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests for this Host name (behind a proxy); repeatable")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes, each with its own snapshot and read model "
                        "(memory times N; docs/api.md, Performance)")
    p.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from ceasefire.api import serve

    _existing_db(args.db)
    serve(args.db, host=args.host, port=args.port, token=_token(args.token_file),
          allow_hosts=tuple(args.allow_host), workers=args.workers)
    return EXIT_OK


def _token(path: Path | None) -> str | None:
    """The upload token from a file (not the command line, which other users can list)."""
    if path is None:
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            return None
    else:
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"cannot read --token-file {path}: {exc.strerror}") from exc
    # Short tokens can be guessed over many requests; 16 characters is the floor we accept.
    if len(token) < 16:
        raise UsageError("the token must be at least 16 characters")
    return token


# -- linking across reports: agreements, timeline, events --merged (docs/linking.md) ------


def _link_parsers(sub: Any) -> None:
    p = sub.add_parser("agreements", help="the agreements followed across reports")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=_agreements)

    p = sub.add_parser("timeline", help="one agreement's dated actions, with their sources")
    p.add_argument("--db", required=True)
    p.add_argument("agreement", metavar="AGREEMENT",
                   help="an id from `ceasefire agreements` (or of any report's mention of it)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=_timeline)

    p = sub.add_parser("link", help="link the reports not linked yet (ceasefire run does it)")
    p.add_argument("--db", required=True)
    p.add_argument("--rebuild", action="store_true", help="forget every link and start over")
    p.set_defaults(func=_link)


def _link_new(db: str) -> None:
    """After a run: link the reports it added (incremental; see docs/linking.md)."""
    from ceasefire.link import link_file

    done = link_file(db)
    if done.documents:
        print(f"linked {done.documents} reports: {done.clusters} event clusters and "
              f"{done.agreements} agreements updated", file=sys.stderr)


def _link(args: argparse.Namespace) -> int:
    from ceasefire.link import link_store
    from ceasefire.store.duckdb import Store

    _existing_db(args.db)
    with Store.open_writer(args.db) as store:
        done = link_store(store, rebuild=args.rebuild)
    print(f"linked {done.documents} reports: {done.clusters} event clusters and "
          f"{done.agreements} agreements updated")
    return EXIT_OK


def _agreements(args: argparse.Namespace) -> int:
    from ceasefire.link.report import print_board
    from ceasefire.query import agreement_board
    from ceasefire.store.duckdb import Store

    _existing_db(args.db)
    with Store(args.db, read_only=True) as store:
        board = agreement_board(store)
    return _emit(board, args.format, print_board)


def _timeline(args: argparse.Namespace) -> int:
    from ceasefire.link.report import print_timeline
    from ceasefire.query import agreement_timeline
    from ceasefire.store.duckdb import Store

    _existing_db(args.db)
    with Store(args.db, read_only=True) as store:
        found = agreement_timeline(store, args.agreement)
    if found is None:
        raise UsageError(f"no agreement {args.agreement}; list them with: "
                         f"ceasefire agreements --db {args.db}")
    return _emit(found, args.format, print_timeline)


def _emit(data: Any, fmt: str, printer: Callable[[Any, TextIO], None]) -> int:
    """What the agreement commands read, as JSON or through the report's own printer."""
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        printer(data, sys.stdout)
    return EXIT_OK


def _merged_events(args: argparse.Namespace) -> int:
    from ceasefire.link.report import print_clusters
    from ceasefire.query import ClusterFilter, merged_events
    from ceasefire.store.duckdb import Store

    _existing_db(args.db)
    if args.format not in ("table", "json"):
        raise UsageError("--merged prints a table or json")
    ignored = [name for name in ("country", "actor", "status") if getattr(args, name)]
    ignored += [name for name in ("place", "text") if getattr(args, name)]
    if ignored:
        raise UsageError(f"--merged does not filter by --{', --'.join(ignored)}")
    limit = 50 if args.limit is None and args.format == "table" else args.limit
    where = ClusterFilter(tuple(args.type), args.since, args.until, 1, limit, args.offset)
    with Store(args.db, read_only=True) as store:
        clusters = merged_events(store, where)
    if args.format == "json":
        print(json.dumps(clusters, ensure_ascii=False, indent=1))
    else:
        print_clusters(clusters, sys.stdout)
    return EXIT_OK
