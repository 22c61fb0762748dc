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
# Compact dtypes, as an analyst would choose at this size (defaults need several times the memory).
dtypes = {"commune": "category", "province": "category", "flags": "int8", "urban": "int8", "members": "int16",
          "class": "int8", "complete": "int8"}
dtypes.update({f"d{j}": "int8" for j in range(d)})
frame = pd.read_csv(path, dtype=dtypes)
read = time.perf_counter() - started

started = time.perf_counter()
indicators = [f"d{j}" for j in range(d)]
score = frame[indicators].sum(axis=1).astype("int16")
frame["poor"] = ((frame["complete"] == 1) & (score >= k)).astype("int8")
frame["score"] = score * frame["poor"]
for c in range(5):
    frame[f"c{c}"] = (frame["class"] == c).astype("int8")
for j, name in enumerate(indicators):
    frame[f"h{j}"] = (frame[name] * frame["complete"]).astype("int8")
    frame[f"hk{j}"] = (frame[name] * frame["poor"]).astype("int8")
sums = ["members", "complete", "poor", "score"] + [f"c{c}" for c in range(5)] + \
       [f"h{j}" for j in range(d)] + [f"hk{j}" for j in range(d)]
keys = ["commune", "province", "flags", "urban"]
cells = frame.groupby(keys, observed=True)[sums].sum()
cells["households"] = frame.groupby(keys, observed=True).size()


def measures(table):
    out = pd.DataFrame(index=table.index)
    out["poor_rate"] = table["c0"] / table["households"]
    out["H"] = table["poor"] / table["complete"]
    out["M0"] = table["score"] / d / table["complete"]
    for j in range(d):
        out[f"h{j}"] = table[f"h{j}"] / table["complete"]
        out[f"hk{j}"] = table[f"hk{j}"] / table["complete"]
    return out


communes = measures(cells.groupby(level="commune", observed=True).sum())
provinces = measures(cells.groupby(level="province", observed=True).sum())
national = cells.sum()
m0 = national["score"] / d / national["complete"]
aggregate = time.perf_counter() - started
print(f"pandas: read {read:.2f} s, aggregate {aggregate:.2f} s; {len(communes)} communes, "
      f"{len(provinces)} provinces; national poor {int(national['c0'])}, M0 {m0:.6f}", flush=True)
if len(sys.argv) > 4:
    with open(sys.argv[4], "w") as timing:
        timing.write(f"{read} {aggregate}\n")
