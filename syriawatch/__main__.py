"""Command line.

  python -m syriawatch import {acled,ucdp} FILE [--store DIR]   context data (Parquet)
  python -m syriawatch export-data [--to DIR]                   published curated rows -> data/*.csv
  python -m syriawatch import-data [--from DIR]                 data/*.csv -> published rows (release import)
  python -m syriawatch db-info                                  which database, counters, open drafts
"""

import argparse
import sys

from .importers import DATASETS, import_file


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m syriawatch")
    sub = ap.add_subparsers(dest="cmd", required=True)
    imp = sub.add_parser("import", help="import an ACLED or UCDP GED export as context data")
    imp.add_argument("dataset", choices=sorted(DATASETS))
    imp.add_argument("file")
    imp.add_argument("--store", default=None, help="folder for the Parquet store (default: context_data/)")
    exp = sub.add_parser("export-data", help="write the published curated rows to data/*.csv (the release format)")
    exp.add_argument("--to", default=None, help="folder (default: the data folder, data/)")
    imd = sub.add_parser("import-data", help="apply data/*.csv to the curation database as published rows")
    imd.add_argument("--from", dest="src", default=None, help="folder (default: the data folder, data/)")
    imd.add_argument("--comment", default=None)
    sub.add_parser("db-info", help="show the curation database in use")
    args = ap.parse_args(argv)
    if args.cmd in ("export-data", "import-data", "db-info"):
        return _curation(args)
    res = import_file(args.file, args.dataset, args.store)
    print(res.summary())
    for p in res.problems[:20]:
        print("  " + p.as_text())
    if len(res.problems) > 20:
        print(f"  … {len(res.problems) - 20} more in the report")
    return 2 if res.fatal else 0


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
