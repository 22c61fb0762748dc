"""Baseline for bench_national: the same aggregation as the engine, with pandas.

Reads the classified households (one row each: commune, province, flags, urban, members, class,
complete, d0..d{n-1}), builds the same cells (commune x flags x urban), then every commune, every
province and the country with the Alkire-Foster measures. Prints its own timing split so the
CSV read can be told apart from the aggregation.
"""
import sys
import time

import pandas as pd

path, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
frame = pd.read_csv(path, dtype={"commune": str, "province": str})
read = time.perf_counter() - started

started = time.perf_counter()
indicators = [f"d{j}" for j in range(d)]
score = frame[indicators].sum(axis=1)
frame["poor"] = ((frame["complete"] == 1) & (score >= k)).astype("int64")
frame["score"] = score * frame["poor"]
for c in range(5):
    frame[f"c{c}"] = (frame["class"] == c).astype("int64")
for j, name in enumerate(indicators):
    frame[f"h{j}"] = frame[name] * frame["complete"]
    frame[f"hk{j}"] = frame[name] * frame["poor"]
sums = ["members", "complete", "poor", "score"] + [f"c{c}" for c in range(5)] + \
       [f"h{j}" for j in range(d)] + [f"hk{j}" for j in range(d)]
cells = frame.groupby(["commune", "province", "flags", "urban"])[sums].sum()
cells["households"] = frame.groupby(["commune", "province", "flags", "urban"]).size()


def measures(table):
    out = pd.DataFrame(index=table.index)
    out["poor_rate"] = table["c0"] / table["households"]
    out["H"] = table["poor"] / table["complete"]
    out["M0"] = table["score"] / d / table["complete"]
    for j in range(d):
        out[f"h{j}"] = table[f"h{j}"] / table["complete"]
        out[f"hk{j}"] = table[f"hk{j}"] / table["complete"]
    return out


communes = measures(cells.groupby(level="commune").sum())
provinces = measures(cells.groupby(level="province").sum())
national = cells.sum()
m0 = national["score"] / d / national["complete"]
aggregate = time.perf_counter() - started
print(f"pandas: read {read:.2f} s, aggregate {aggregate:.2f} s; {len(communes)} communes, "
      f"{len(provinces)} provinces; national poor {int(national['c0'])}, M0 {m0:.6f}", flush=True)
if len(sys.argv) > 4:
    with open(sys.argv[4], "w") as timing:
        timing.write(f"{read} {aggregate}\n")
