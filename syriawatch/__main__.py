"""Command line.

  python -m syriawatch import {acled,ucdp} FILE [--store DIR]   context data (Parquet)
  python -m syriawatch extract FILE --date YYYY-MM-DD --outlet NAME --url URL   candidate events as CSV
  python -m syriawatch extract-eval [FIXTURE_DIR]               extractor precision/recall on fixtures
  python -m syriawatch export-data [--to DIR]                   published curated rows -> data/*.csv
  python -m syriawatch import-data [--from DIR]                 data/*.csv -> published rows (release import)
  python -m syriawatch db-info                                  which database, counters, open drafts
  python -m syriawatch hash-password [--name N] [--role R]      salted hash for an [accounts] entry of secrets.toml
"""

import argparse
import sys

from .importers import DATASETS, import_file


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["hash-password"]:
        from .identity import hash_password_cli
        return hash_password_cli(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m syriawatch")
    sub = ap.add_subparsers(dest="cmd", required=True)
    imp = sub.add_parser("import", help="import an ACLED or UCDP GED export as context data")
    imp.add_argument("dataset", choices=sorted(DATASETS))
    imp.add_argument("file")
    imp.add_argument("--store", default=None, help="folder for the Parquet store (default: context_data/)")
    ex = sub.add_parser("extract", help="candidate events from a news article (.txt or .html, UTF-8), as CSV on stdout")
    ex.add_argument("file")
    ex.add_argument("--date", required=True, help="publication date YYYY-MM-DD (relative dates are resolved against it)")
    ex.add_argument("--outlet", required=True)
    ex.add_argument("--url", required=True)
    ex.add_argument("--title", default=None, help="headline (default: the first line when it reads like one)")
    ev = sub.add_parser("extract-eval", help="precision and recall of the extractor over the test fixtures")
    ev.add_argument("fixtures", nargs="?", default=None)
    exp = sub.add_parser("export-data", help="write the published curated rows to data/*.csv (the release format)")
    exp.add_argument("--to", default=None, help="folder (default: the data folder, data/)")
    imd = sub.add_parser("import-data", help="apply data/*.csv to the curation database as published rows")
    imd.add_argument("--from", dest="src", default=None, help="folder (default: the data folder, data/)")
    imd.add_argument("--comment", default=None)
    sub.add_parser("db-info", help="show the curation database in use")
    sub.add_parser("hash-password", help="print a salted password hash for secrets.toml (reads the password)")
    args = ap.parse_args(argv)
    if args.cmd == "extract":
        return _extract(args)
    if args.cmd == "extract-eval":
        from .extract_eval import main as eval_main
        return eval_main(args.fixtures)
    if args.cmd in ("export-data", "import-data", "db-info"):
        return _curation(args)
    res = import_file(args.file, args.dataset, args.store)
    print(res.summary())
    for p in res.problems[:20]:
        print("  " + p.as_text())
    if len(res.problems) > 20:
        print(f"  … {len(res.problems) - 20} more in the report")
    return 2 if res.fatal else 0


def _extract(args) -> int:
    from pathlib import Path

    from . import extract as X
    from .loading import load_dataset
    p = Path(args.file)
    try:
        text = X.read_article(p.read_bytes(), p.name)
        cands = X.extract(text, args.date, args.outlet, args.url, X.default_lexicon(), load_dataset().events,
                          title=args.title if args.title is not None else X.headline(text))
    except FileNotFoundError:
        print(f"error: {p}: file not found", file=sys.stderr)
        return 2
    except X.ExtractError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(X.to_csv(cands))
    return 0


def _curation(args) -> int:
    from pathlib import Path

    from . import data_dir, store
    try:
        s = store.open_store()
    except store.StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.cmd == "export-data":
        folder = Path(args.to) if args.to else data_dir()
        changed = s.export(folder)
        for name, ch in changed.items():
            print(f"{folder / (name + '.csv')}: {'written' if ch else 'unchanged'}")
        return 0
    if args.cmd == "import-data":
        folder = Path(args.src) if args.src else data_dir()
        rep = s.import_csv(folder, comment=args.comment)
        for name in rep.rows:
            print(f"{name}: {rep.rows[name]} rows read, {rep.changed[name]} changed")
        for p in rep.problems:
            print("  " + p.as_text())
        return 0
    print(f"database: {store._redact(s.url)}")
    print(f"published changes: {s.counter()}, draft changes: {s.counter('drafts')}, waiting for review: {len(s.queue())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
