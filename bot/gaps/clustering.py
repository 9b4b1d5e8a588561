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

How it is embedded (``GroupingEncoder``): the model's own sentence vector is the plain mean of
its token vectors, so "do you", "is there", "can we" weigh as much as "VPAT" or "runway". The
token vectors are averaged with inverse document frequency weights instead, counted over the
knowledge pages' sections (``(ln((N+1)/(df+1)) + 1) ** power``,
``CANDOR_GAP_CLUSTER_IDF_POWER``; 0 is the model's own vector). Cross-validated tuning ARI 0.617
-> 0.663 at power 1 (0.75: 0.66, 1.5: 0.64; the counts taken over the pages plus the batch:
0.66; over the NLU examples: 0.62; intermediate layers' token vectors: 0.52-0.63). With two more
tuning groups (buyers' chat filler included: "hi!", "lol", "hey,"), mean over 4 split seeds:
power 0 0.596, 0.75 0.644, 1 0.646, 1.25 0.656, 1.5 0.648, 2 0.654; 1.25 is shipped, distance
0.75. Tried and left out (first tuning set): the retrieval's nearest section as a "same section"
distance term (0.45–0.60 before the weighting: gap questions are the ones the pages do not
cover, so the nearest section is mostly noise), the overlap of the five nearest sections
(Jaccard, as a distance term: +0.014 at a fixed weight 0.05 over 4 seeds, but +0.005 with the
weight chosen inside each split, which picks anything from 0 to 0.15: not worth a search per
question), a TF-IDF word cosine blended in (0.62–0.67), second-order similarity (0.62–0.64), the
most similar clause pair of long messages (0.56–0.59), stop words removed before embedding
(0.51), leading greetings and trailing "thanks"/"pls" removed (+0.00: few questions carry them),
complete (0.49), single (0.44) or Ward (0.59, unweighted) linkage, HDBSCAN (0.51).

Token alignment instead of one vector per question (BERTScore-style, measured on the extended
tuning set; the shipped encoder scores 0.650 / 0.673 / 0.647 / 0.656 over split seeds 0-3, mean
0.657): each token of one question matched to its most similar token of the other (cosine of the
model's token vectors), those best matches averaged with the same IDF weights (``** power``),
both directions combined, distance 1 - that, precomputed for average linkage. Seeds 0, 1 unless
said: F1 of the two directions, special tokens left out, power 0 0.572, 1 0.629, 1.25 0.618,
2 0.640; special tokens kept (weight 1) 0.573, 0.630, 0.629, 0.645 (seeds 0-3 at power 2:
0.644), power 2.5 0.640, 3 0.634; mean of the directions instead of F1 0.574-0.634; the larger
direction 0.600; the smaller direction (the stricter one) power 1.25 0.664, 2 0.653, 3 0.672
(seeds 0-3; 2 below 1.25 and 3 on every seed, so no trend to follow; special tokens left out
at 2: 0.657, seeds 0, 1): +0.016 at best, not the +0.03 that would pay for a second pass over
the token vectors; token vectors centred on the pages' mean token vector 0.629-0.645; a grid
twice as fine 0.631 (the shipped cosine: 0.651); complete 0.529, single 0.377 linkage;
blended with the shipped cosine, the weight chosen inside each split from 0-1 in quarters,
0.651 (F1) and 0.663 (smaller direction), at a fixed 0.25 0.661 (seeds 0-3). Cost for 1000
questions on the 2-core machine: token vectors 6.3 s (as now), the alignment 4.3 s (stacked
token matrix, one matrix product per block, best match per question by ``maximum.reduceat``),
clustering 0.05 s.

Other ways of grouping the shipped vectors (issue 12), cross-validated tuning ARI as above; the
shipped method scores 0.661 over split seeds 0-1 and 0.657 over seeds 0-3. Figures are over seeds
0-1 unless "4 seeds". None of them gained the +0.03 that a change has to show, so none was kept:
- a graph and community detection instead of one global distance (networkx
  ``louvain_communities``, edges weighted cosine minus a floor, the resolution chosen inside each
  split): floor 0 0.627 (10 nearest neighbours only 0.635, 6: 0.650), 0.15 0.656, 0.2 0.676,
  0.25 0.673 (10 nearest: 0.674, 6: 0.676), 0.3 0.679, 0.35 0.623; squared weights 0.662; the
  floor chosen with the resolution fixed (0.5, 1) 0.54;
- shared nearest neighbours (the share of two questions' k nearest they have in common, as the
  similarity for average linkage; this normalises density): k 5 0.638, 8 0.593, 12 0.539; half
  that, half the cosine 0.668, 0.641, 0.607; mutual rank as the distance, k 5 0.623, 8 0.626;
- only what a question asks about (4 seeds): stop words and punctuation weighted 0 after
  embedding (their context stays in the other tokens' vectors) 0.527 at power 0, 0.622 at 1.25;
  tokens whose IDF is at least 1.5 only 0.668, 2: 0.655, 2.5: 0.651;
- the directions questions of one group differ along (within-group covariance of the fitting
  half, the top m components projected out before clustering; 4 seeds): m 1 0.653, 2 0.649,
  4 0.646, 8 0.596;
- consensus: co-association over distances 0.65-0.85, then average linkage on it: 0.647 (the
  shipped vectors), 0.650 (IDF powers 0.75, 1.25 and 2);
- query expansion inside the batch (each vector plus its k nearest questions' vectors weighted
  by cosine ** a, normalised, then the shipped clustering; 4 seeds): k 1 a 1 0.647, k 1 a 3
  0.681, k 2 a 1 0.679, k 2 a 3 0.682, k 3 a 1 0.671, a 2 0.677, a 3 0.688, a 4 0.659, k 4 a 3
  0.703, k 5 a 3 0.687, k 5 a 6 0.655, k 10 a 6 0.654; k 3 a 3 twice 0.669, with the question's
  own vector at weight 0.5 0.689, at 2 0.676; mutual neighbours only 0.640-0.671; on IDF >= 1.5
  tokens 0.684. The flattest curve of all (ARI over the distance on the whole set), but with k
  and a chosen inside each split (k 2-5, a 2-4, as they would be for new data) 0.685, 0.693,
  0.679, 0.684 over seeds 0-3: mean 0.685, +0.028; k 4 a 3 is the best of 15 settings and a 2
  or 4 beside it give +0.020 and +0.002, so its +0.046 is mostly the choosing. It would also
  make a question's group depend on its batch neighbours and part the clustering distance from
  the one ``follow_up`` compares single questions with.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from bot.knowledge.embedding import Embedder
from bot.knowledge.site import Site


def grouping_text(text: str, site: Site) -> str:
    """What the grouping embeds for one (masked) question: the product's name as "you", the
    site's other names for what it mentions appended (``Site.expand``)."""
    if site.product:
        name = re.escape(site.product)
        text = re.sub(rf"(?<!\w){name}(?:'?s)?(?!\w)", "you", text, flags=re.IGNORECASE)
    return site.expand(text)


class GroupingEncoder:
    """``texts -> unit vectors`` for the grouping: ``grouping_text``, then the model's token
    vectors averaged with IDF weights counted over ``corpus`` (the knowledge pages' sections).
    A question's vector does not depend on the other questions grouped with it."""

    def __init__(self, embedder: Embedder, site: Site, corpus: Iterable[str], power: float):
        self.embedder = embedder
        self.site = site
        self.power = power
        self._corpus = list(corpus)
        self._weights: dict[int, float] | None = None
        self._default = 1.0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        grouped = [grouping_text(t, self.site) for t in texts]
        if not grouped or self.power == 0:
            return self.embedder.encode(grouped)
        weights = self._idf()
        special = set(self.embedder.model.tokenizer.all_special_ids)
        outputs = self.embedder.model.encode(
            grouped,
            batch_size=self.embedder.batch_size,
            output_value=None,  # token vectors, ids and mask, aligned
            convert_to_numpy=False,
            show_progress_bar=False,
        )
        rows = []
        for out in outputs:
            ids = out["input_ids"].tolist()
            mask = out["attention_mask"].cpu().numpy().astype(np.float64)
            tokens = out["token_embeddings"].float().cpu().numpy().astype(np.float64)
            weight = mask * np.array(
                [1.0 if i in special else weights.get(i, self._default) for i in ids]
            )
            vector = (tokens * weight[:, None]).sum(axis=0) / max(float(weight.sum()), 1e-12)
            rows.append(vector / (float(np.linalg.norm(vector)) or 1.0))
        return np.asarray(rows, dtype=np.float32)

    def _idf(self) -> dict[int, float]:
        """Token id -> weight; tokens the corpus never uses get the largest weight."""
        if self._weights is None:
            tokenizer = self.embedder.model.tokenizer
            counts: Counter[int] = Counter()
            for text in self._corpus:
                counts.update(set(tokenizer(text, add_special_tokens=False)["input_ids"]))
            total = len(self._corpus)

            def weight(df: int) -> float:
                return (math.log((total + 1) / (df + 1)) + 1) ** self.power

            self._default = weight(0)
            self._weights = {token: weight(df) for token, df in counts.items()}
        return self._weights


def cluster_vectors(vectors: np.ndarray, distance: float) -> list[int]:
    """A group label per row of ``vectors`` (unit-normalised sentence embeddings)."""
    count = len(vectors)
    if count == 0:
        return []
    if count == 1:
        return [0]
    # Imported here: scikit-learn takes 2 s to import, and every ``bot`` command loads this
    # module through the CLI while only ``bot kb gaps`` clusters.
    from sklearn.cluster import AgglomerativeClustering

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
