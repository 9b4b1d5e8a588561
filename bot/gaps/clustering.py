"""Grouping gap questions by meaning: sentence embeddings, then scikit-learn's agglomerative
clustering with a distance threshold (no fixed number of groups: editors do not know in
advance how many different things buyers asked).

Average linkage on cosine distance: a question joins a group when it is close to the group as
a whole, not merely to one member (single linkage chains "SOC 2 report" to "SOC 2 price" to
"price in euros"). The threshold is chosen on a labelled tuning set (bench/gaps_bench.py).

What is embedded (``grouping_text``): the question with our product's name said as "you" (a
buyer naming it or not asks the same thing, and the name pulled unrelated questions together)
and the site file's synonyms added, as search adds them ("SCIM"/"IdP" alone mean little to the
model). Both come from the editors' ``site.yml``, nothing here lists words.

Chosen by cross-validation over the tuning groups (bench/gaps_bench.py: half the groups fit the
distance, the other half score it, 40 splits each way). Mean held-apart ARI: plain vectors 0.53,
with the synonyms 0.59, with the name as "you" too 0.62. Tried and left out there: complete
linkage (0.44), HDBSCAN (0.41), chat shorthand written out (+0.00), embedding only the question
part of a long message (0.45: the context names the topic), adding the nearest section's
vector (0.53 at weight 0.2, worse above), taking out the pages' or the NLU examples' mean
direction (+0.00 to +0.03 and unstable with the number of components), density-scaled
distances (0.54–0.57). Earlier, on the first tuning set: the batch's own mean vector taken out
(splits a group when a handful of questions is mostly one group), Ward linkage, TF-IDF features.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from bot.knowledge.site import Site


def grouping_text(text: str, site: Site) -> str:
    """What the grouping embeds for one (masked) question: the product's name as "you", the
    site's other names for what it mentions appended (``Site.expand``)."""
    if site.product:
        name = re.escape(site.product)
        text = re.sub(rf"(?<!\w){name}(?:'?s)?(?!\w)", "you", text, flags=re.IGNORECASE)
    return site.expand(text)


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
