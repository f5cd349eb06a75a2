"""Regenerate the 'events per year and category' table in the codebooks (data/README.md, README.ar.md).

    python data/update_counts.py          # rewrite the tables in place
    python data/update_counts.py --check  # exit 1 if a table no longer matches data/events.csv

tests/test_curated_data.py runs the same check, so the published counts cannot drift from the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
START, END = "<!-- counts:start -->", "<!-- counts:end -->"
READMES = {"README.md": ("year", "total"), "README.ar.md": ("السنة", "المجموع")}


def categories() -> list[str]:
    """Category codes in the vocabulary's order (syriawatch/vocab.py, the single definition)."""
    if str(HERE.parent) not in sys.path:  # run as a script from anywhere
        sys.path.insert(0, str(HERE.parent))
    from syriawatch.vocab import CATEGORIES
    return list(CATEGORIES)


def render(events: pd.DataFrame, year_label: str = "year", total_label: str = "total") -> str:
    """Markdown table: one row per year in the data, one column per category code, totals."""
    cats = categories()
    years = pd.to_datetime(events["event_date"]).dt.year
    table = pd.crosstab(years, events["category"]).reindex(columns=cats, fill_value=0)
    lines = ["| " + " | ".join([year_label, *[f"`{c}`" for c in cats], total_label]) + " |",
             "|" + "---|" * (len(cats) + 2)]
    for year, row in table.iterrows():
        lines.append("| " + " | ".join([str(year), *[str(int(v)) for v in row], str(int(row.sum()))]) + " |")
    col = table.sum()
    lines.append("| " + " | ".join([f"**{total_label}**", *[str(int(v)) for v in col], f"**{int(col.sum())}**"]) + " |")
    return "\n".join(lines)


def block(text: str) -> str:
    """The table currently between the markers of a codebook."""
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def replace(text: str, table: str) -> str:
    head, rest = text.split(START, 1)
    return f"{head}{START}\n{table}\n{END}{rest.split(END, 1)[1]}"


def main(argv: list[str]) -> int:
    events = pd.read_csv(HERE / "events.csv", dtype=str)
    stale = []
    for name, labels in READMES.items():
        path = HERE / name
        text = path.read_text(encoding="utf-8")
        table = render(events, *labels)
        if block(text) != table:
            stale.append(name)
            if "--check" not in argv:
                path.write_text(replace(text, table), encoding="utf-8")
    if stale and "--check" in argv:
        print("stale counts table in: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
