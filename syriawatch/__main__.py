"""Command line: python -m syriawatch import {acled,ucdp} FILE [--store DIR]."""

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
    args = ap.parse_args(argv)
    res = import_file(args.file, args.dataset, args.store)
    print(res.summary())
    for p in res.problems[:20]:
        print("  " + p.as_text())
    if len(res.problems) > 20:
        print(f"  … {len(res.problems) - 20} more in the report")
    return 2 if res.fatal else 0


if __name__ == "__main__":
    sys.exit(main())
