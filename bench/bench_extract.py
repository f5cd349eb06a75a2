"""Benchmark: candidate extraction from a 1,500-word article (target ≤ 1 s).

The article is made of the real fixture texts (tests/fixtures/articles/*.txt) repeated until it has
1,500 words, once Arabic and once English; duplicate flags are checked against data/events.csv.
Prints the median of 5 runs, with the one-time lexicon build reported separately.

    .venv/bin/python bench/bench_extract.py
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from syriawatch import extract as X  # noqa: E402
from syriawatch.loading import load_dataset  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "articles"


def article(lang: str, words: int = 1500) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIX.glob(f"*_{lang}_*.txt"))]
    lines = [ln for t in texts for ln in t.splitlines() if ln.strip()]
    out, n, i = [], 0, 0
    while n < words:
        ln = lines[i % len(lines)]
        out.append(ln)
        n += len(ln.split())
        i += 1
    return "\n".join(out)


def main() -> None:
    t0 = time.perf_counter()
    lex = X.default_lexicon()
    t_lex = time.perf_counter() - t0
    events = load_dataset().events
    print(f"lexicon build (once per process): {t_lex * 1000:.0f} ms")
    for lang, pub in (("ar", "2021-03-20"), ("en", "2020-08-26")):
        text = article(lang)
        for label, existing in (("without duplicate check", None), (f"with duplicate check ({len(events)} events)", events)):
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                cands = X.extract(text, pub, "Bench", "https://example.invalid/bench", lex, existing)
                runs.append(time.perf_counter() - t)
            print(f"{lang}: {len(text.split())} words, {len(cands)} candidates, {label}: "
                  f"median {statistics.median(runs) * 1000:.0f} ms, max {max(runs) * 1000:.0f} ms (target ≤ 1000 ms)")


if __name__ == "__main__":
    main()
