"""Precision and recall of the article extractor over hand-labelled fixtures.

Each fixture is a JSON file (outlet, url, date, text_file, expected events) next to its text; an
expected event names a short quote (`key`, or several in `keys`) that identifies its sentence, the
date (or a `date_window`), the time precision, the actors and the governorate. A candidate matches
the expected event whose quote its evidence contains.

- event recall: share of expected events with a candidate; event precision: share of candidates
  that match an expected event (a second candidate for the same event still counts as correct);
- date: a matched candidate is right when the expected date lies in its window and, where the text
  gives the day (expected precision 1), the candidate is day-precise and equal;
- actors: micro precision/recall of actor codes over matched pairs; places: the governorate.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import extract as X

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"


def _actors(row: dict) -> set[str]:
    return {row[k] for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if row.get(k)}


def date_ok(row: dict, exp: dict) -> bool:
    lo, hi = dt.date.fromisoformat(row["date_from"]), dt.date.fromisoformat(row["date_to"])
    if "date_window" in exp:
        a, b = (dt.date.fromisoformat(x) for x in exp["date_window"])
        return int(row["time_precision"]) == int(exp["precision"]) and lo <= b and a <= hi
    want = dt.date.fromisoformat(exp["date"])
    if int(exp["precision"]) == 1 and int(row["time_precision"]) == 1:
        return row["event_date"] == exp["date"]
    if int(exp["precision"]) == 1:
        return lo <= want <= hi and int(row["time_precision"]) <= 2
    return lo <= want <= hi


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    candidates: int = 0
    correct_candidates: int = 0
    dates_right: int = 0
    actor_tp: int = 0
    actor_fp: int = 0
    actor_fn: int = 0
    place_right: int = 0
    place_fp: int = 0
    place_expected: int = 0
    secondary_right: int = 0
    problems: list = field(default_factory=list)

    def ratios(self) -> dict:
        def r(a, b):
            return a / b if b else 1.0
        return {
            "event_recall": r(self.found, self.expected), "event_precision": r(self.correct_candidates, self.candidates),
            "date_accuracy": r(self.dates_right, self.found),
            "actor_precision": r(self.actor_tp, self.actor_tp + self.actor_fp), "actor_recall": r(self.actor_tp, self.actor_tp + self.actor_fn),
            "place_recall": r(self.place_right, self.place_expected), "place_precision": r(self.place_right, self.place_right + self.place_fp),
        }


def evaluate_fixture(path: Path, lex: X.Lexicon, score: Score) -> list[X.Candidate]:
    fx = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / fx["text_file"]).read_text(encoding="utf-8")
    cands = X.extract(text, fx["date"], fx["outlet"], fx["url"], lex)
    score.candidates += len(cands)
    matched_c = set()
    for exp in fx["expected"]:
        score.expected += 1
        keys = [exp["key"], *exp.get("keys", [])]
        hits = [i for i, c in enumerate(cands) if any(k in c.row["evidence"] for k in keys)]
        matched_c.update(hits)
        if not hits:
            score.problems.append(f"{path.name}: missed «{exp['key']}» ({exp['what']})")
            if exp.get("admin1"):
                score.place_expected += 1
            score.actor_fn += len(exp["actors"])
            continue
        score.found += 1
        row = cands[hits[0]].row
        if date_ok(row, exp):
            score.dates_right += 1
        else:
            score.problems.append(f"{path.name}: «{exp['key']}» dated {row['event_date']} (precision {row['time_precision']}), expected {exp.get('date', exp.get('date_window'))}")
        got, want = _actors(row), set(exp["actors"])
        score.actor_tp += len(got & want)
        score.actor_fp += len(got - want)
        score.actor_fn += len(want - got)
        if got != want:
            score.problems.append(f"{path.name}: «{exp['key']}» actors {sorted(got)}, expected {sorted(want)}")
        if exp.get("admin1"):
            score.place_expected += 1
        if (row.get("admin1") or "") == exp.get("admin1", ""):
            score.place_right += 1 if exp.get("admin1") else 0
        else:
            if row.get("admin1"):
                score.place_fp += 1
            score.problems.append(f"{path.name}: «{exp['key']}» admin1 {row.get('admin1')!r}, expected {exp.get('admin1')!r}")
        if exp.get("secondary") and row["verification"] != "secondary_only":
            score.problems.append(f"{path.name}: «{exp['key']}» should be marked secondary_only")
    for i, c in enumerate(cands):
        if i in matched_c:
            score.correct_candidates += 1
        else:
            score.problems.append(f"{path.name}: extra candidate {c.row['event_date']} «{c.row['evidence'][:60]}»")
    return cands


def evaluate(folder: Path = FIXTURES) -> Score:
    lex = X.default_lexicon()
    score = Score()
    for p in sorted(Path(folder).glob("*.json")):
        evaluate_fixture(p, lex, score)
    return score


def main(folder: str | None = None) -> int:
    s = evaluate(Path(folder) if folder else FIXTURES)
    print(f"fixtures: {len(list(Path(folder or FIXTURES).glob('*.json')))}, expected events: {s.expected}, candidates: {s.candidates}")
    for k, v in s.ratios().items():
        print(f"{k:16s} {v:.2f}")
    for p in s.problems:
        print("  " + p)
    return 0
