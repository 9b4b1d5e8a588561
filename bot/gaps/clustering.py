"""Grouping gap questions by meaning: sentence embeddings, then scikit-learn's agglomerative
clustering with a distance threshold (no fixed number of groups: editors do not know in
advance how many different things buyers asked).

Average linkage on cosine distance: a question joins a group when it is close to the group as
a whole, not merely to one member (single linkage chains "SOC 2 report" to "SOC 2 price" to
"price in euros"). The threshold is chosen on a labelled tuning set (bench/gaps_bench.py).

Tried and left out: taking the batch's mean vector out first (ARI 0.51 → 0.55 on the tuning
set, but on a handful of questions the mean is one group's own direction and splits it), Ward
and complete linkage, HDBSCAN (0.40 at best: too many short questions end up as noise), and
adding TF-IDF word or character features (no gain).
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering


def cluster_vectors(vectors: np.ndarray, distance: float) -> list[int]:
    """A group label per row of ``vectors`` (unit-normalised sentence embeddings)."""
    count = len(vectors)
    if count == 0:
        return []
    if count == 1:
        return [0]
    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average"
    )
    return [int(label) for label in model.fit_predict(np.asarray(vectors, dtype=np.float64))]


def central_order(vectors: np.ndarray, members: list[int]) -> list[int]:
    """``members`` (row indexes of one group) from the most typical to the least: by
    similarity to the group's mean direction, so the first examples show what the group is."""
    if len(members) <= 1:
        return list(members)
    rows = vectors[members]
    centre = rows.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    similarity = rows @ (centre / norm)
    return [members[i] for i in np.argsort(-similarity, kind="stable")]
