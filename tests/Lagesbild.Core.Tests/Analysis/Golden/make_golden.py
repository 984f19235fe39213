#!/usr/bin/python3
"""Makes the golden clustering files: seeded points and the labels scikit-learn gives them.

Run with Debian's python3-sklearn: /usr/bin/python3 make_golden.py (from this folder).
Coordinates and times are integers and eps values half-integers (49.5 m, 86399.5 s), so no pair of
points sits exactly on a boundary and the labels do not depend on rounding.

Each output CSV has the header x,y,t,label. DBSCAN labels ignore t. ST-DBSCAN labels come from
DBSCAN with a precomputed distance max(d / eps, |dt| / eps_seconds) and eps 1: two points are
neighbours exactly when they are within eps metres and within eps_seconds.
"""
import csv

import numpy as np
from sklearn.cluster import DBSCAN

EPS = 49.5
EPS_SECONDS = 86399.5


def clustered_points(seed, n, clusters, spread, area, days):
    rng = np.random.default_rng(seed)
    centres = rng.integers(0, area, size=(clusters, 2))
    which = rng.integers(0, clusters + 1, size=n)  # the last "cluster" is background noise
    xy = np.empty((n, 2))
    for i, c in enumerate(which):
        if c == clusters:
            xy[i] = rng.integers(0, area, size=2)
        else:
            xy[i] = centres[c] + rng.normal(0, spread, size=2)
    t = rng.integers(0, days * 86400, size=n)
    return np.rint(xy).astype(np.int64), t.astype(np.int64)


def write(name, xy, t, labels):
    with open(name, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["x", "y", "t", "label"])
        for (x, y), ti, label in zip(xy, t, labels):
            out.writerow([x, y, ti, label])


def st_labels(xy, t, min_points):
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)) / EPS
    dt = np.abs(t[:, None] - t[None, :]) / EPS_SECONDS
    return DBSCAN(eps=1.0, min_samples=min_points, metric="precomputed").fit(np.maximum(d, dt)).labels_


for seed, n, min_points in [(1, 1500, 10), (2, 1500, 4), (3, 800, 1)]:
    xy, t = clustered_points(seed, n, clusters=12, spread=35, area=2500, days=28)
    labels = DBSCAN(eps=EPS, min_samples=min_points).fit(xy).labels_
    write(f"dbscan-seed{seed}-min{min_points}.csv", xy, t, labels)

for seed, n, min_points in [(4, 1500, 5), (5, 1200, 3)]:
    xy, t = clustered_points(seed, n, clusters=8, spread=25, area=1500, days=10)
    write(f"st-dbscan-seed{seed}-min{min_points}.csv", xy, t, st_labels(xy, t, min_points))
