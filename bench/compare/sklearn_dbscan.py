#!/usr/bin/python3
"""scikit-learn's DBSCAN (or ST-DBSCAN through a sparse precomputed neighbour graph) on a bench CSV.

usage: sklearn_dbscan.py INPUT EPS MIN_POINTS RUNS LABELS_OUT [EPS_SECONDS]
Prints the median milliseconds of fit() over RUNS runs after one warm-up. For ST-DBSCAN the
timing includes building the neighbour graph (radius neighbours in space, filtered by time),
which is what a scikit-learn user has to do.
"""
import csv
import statistics
import sys
import time

import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.neighbors import radius_neighbors_graph

path, eps, min_points, runs, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
eps_seconds = float(sys.argv[6]) if len(sys.argv) > 6 else None
data = np.loadtxt(path, delimiter=",", skiprows=1)
xy, t = data[:, :2], data[:, 2]


def fit():
    if eps_seconds is None:
        return DBSCAN(eps=eps, min_samples=min_points).fit(xy).labels_
    graph = radius_neighbors_graph(xy, eps, mode="distance", include_self=False).tocoo()
    # Distance in the scaled max metric; pairs beyond eps_seconds are dropped from the graph.
    dt = np.abs(t[graph.row] - t[graph.col]) / eps_seconds
    d = np.maximum(graph.data / eps, dt)
    keep = dt <= 1.0
    from scipy.sparse import csr_matrix
    m = csr_matrix((d[keep], (graph.row[keep], graph.col[keep])), shape=(len(t), len(t)))
    return DBSCAN(eps=1.0, min_samples=min_points, metric="precomputed").fit(m).labels_


labels = fit()
times = []
for _ in range(runs):
    start = time.perf_counter()
    labels = fit()
    times.append((time.perf_counter() - start) * 1000)
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["label"])
    w.writerows([[label] for label in labels])
print(f"{statistics.median(times):.2f}")
