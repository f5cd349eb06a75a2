"""The US–Russia tension index: per-period aggregates of event tension scores, explained by its events.

Method (documented in data/README.md and printed beside the chart):

* each event contributes ``weight × tension``; the weight is 1 unless ``weighting="confidence"``
  (confirmed 1.0, probable 0.75, possible 0.5, disputed 0.25);
* ``method="sum"``: the period's value is the sum of contributions (grows with volume and intensity);
  ``method="mean"``: the weighted mean, Σ w·t / Σ w (intensity only; empty periods are 0);
* optional decay carries tension over: ``index_t = value_t + index_{t-1} × 0.5^(1/half_life)``, with
  the half-life in periods, so one dramatic month keeps the line up for a while;
* periods are calendar months (``freq="M"``) or ISO weeks starting Monday (``freq="W"``); periods with
  no event are present with value 0 (before decay).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import i18n
from .i18n import N_, _

CONFIDENCE_WEIGHT = {"confirmed": 1.0, "probable": 0.75, "possible": 0.5, "disputed": 0.25}
FREQS = {"M": "month", "W": "week"}
METHODS = ("sum", "mean")
# A catalogue key: show it with _(CAVEATS).
CAVEATS = N_("Built only from the curated events: thinly covered periods look calmer than they were. "
             "Scores are assigned per event by the curators (see the codebook), not measured; the index "
             "shows direction and relative intensity, not a quantity.")


@dataclass(frozen=True)
class IndexSpec:
    freq: str = "M"
    method: str = "sum"
    weighting: str = "none"        # none | confidence
    half_life: float | None = None  # in periods; None = no decay

    def describe(self) -> str:
        weekly = self.freq == "W"
        if self.method == "sum":
            parts = [_("Sum of tension scores per week") if weekly else _("Sum of tension scores per month")]
        else:
            parts = [_("Mean of tension scores per week") if weekly else _("Mean of tension scores per month")]
        if self.weighting == "confidence":
            parts.append(_("weighted by confidence (confirmed 1, probable 0.75, possible 0.5, disputed 0.25)"))
        if self.half_life:
            n = i18n.number(self.half_life)
            parts.append((_("carried over with a half-life of {n} weeks") if weekly
                          else _("carried over with a half-life of {n} months")).format(n=n))
        return _(", ").join(parts) + _(".")


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq == "W":
        d = dates.dt.normalize()
        return d - pd.to_timedelta(d.dt.weekday, unit="D")
    return dates.dt.to_period("M").dt.to_timestamp()


def contributions(events: pd.DataFrame, spec: IndexSpec) -> pd.DataFrame:
    """One row per event: its period, weight and contribution to that period's value."""
    w = events["confidence"].map(CONFIDENCE_WEIGHT).fillna(0.25) if spec.weighting == "confidence" else 1.0
    out = pd.DataFrame({"event_id": events["event_id"].to_numpy(), "title": events["title_en"].to_numpy(),
                        "period": period_start(events["event_date"], spec.freq).to_numpy(),
                        "tension": events["tension"].astype(float).to_numpy()})
    out["weight"] = np.asarray(w, dtype=float) if not np.isscalar(w) else w
    out["contribution"] = out["weight"] * out["tension"]
    if spec.method == "mean":
        total_w = out.groupby("period")["weight"].transform("sum")
        out["contribution"] = out["contribution"] / total_w
    return out


def tension_index(events: pd.DataFrame, spec: IndexSpec = IndexSpec(), *, top: int = 3,
                  start=None, end=None) -> pd.DataFrame:
    """The index per period with its event count and the ``top`` events that moved it most.

    Columns: period, events, value (before decay), index (after decay), drivers (list of
    (event_id, title, contribution) sorted by |contribution|).
    """
    cols = ["period", "events", "value", "index", "drivers"]
    if events.empty and (start is None or end is None):
        return pd.DataFrame(columns=cols)
    c = contributions(events, spec)
    g = c.groupby("period")
    table = pd.DataFrame({"events": g.size(), "value": g["contribution"].sum()})
    lo = pd.Timestamp(start) if start is not None else table.index.min()
    hi = pd.Timestamp(end) if end is not None else table.index.max()
    lo, hi = period_start(pd.Series([lo]), spec.freq)[0], period_start(pd.Series([hi]), spec.freq)[0]
    full = pd.date_range(lo, hi, freq="W-MON" if spec.freq == "W" else "MS")
    table = table.reindex(full).fillna({"events": 0, "value": 0.0})
    table["events"] = table["events"].astype(int)
    values = table["value"].to_numpy(dtype=float)
    if spec.half_life:
        keep = 0.5 ** (1.0 / spec.half_life)
        acc = np.empty_like(values)
        carry = 0.0
        for i, v in enumerate(values):
            carry = v + carry * keep
            acc[i] = carry
        table["index"] = acc
    else:
        table["index"] = values
    c = c.assign(_abs=c["contribution"].abs()).sort_values(["period", "_abs"], ascending=[True, False])
    drivers = c.groupby("period").head(top).groupby("period").apply(
        lambda d: list(zip(d["event_id"], d["title"], d["contribution"].round(2))), include_groups=False)
    table["drivers"] = [drivers.get(p, []) for p in table.index]
    return table.rename_axis("period").reset_index()[cols]


def compare_windows(events: pd.DataFrame, pivot, months: int, spec: IndexSpec = IndexSpec()) -> dict:
    """Two windows of equal length before and after ``pivot``: counts by category and side, mean tension."""
    pivot = pd.Timestamp(pivot)
    before = events[(events["event_date"] >= pivot - pd.DateOffset(months=months)) & (events["event_date"] < pivot)]
    after = events[(events["event_date"] >= pivot) & (events["event_date"] < pivot + pd.DateOffset(months=months))]

    def summary(ev: pd.DataFrame) -> dict:
        sides = pd.Series([s for ss in ev["sides"] for s in ss], dtype=object)
        return {"events": len(ev), "mean_tension": round(float(ev["tension"].mean()), 2) if len(ev) else 0.0,
                "by_category": ev["category"].astype(str).value_counts().to_dict(),
                "by_side": sides.value_counts().to_dict(),
                "top": ev.assign(_a=ev["tension"].abs()).sort_values("_a", ascending=False).head(5)}
    return {"before": summary(before), "after": summary(after),
            "window": (pivot - pd.DateOffset(months=months), pivot, pivot + pd.DateOffset(months=months))}
