from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimgraph.analysis.lexical import claim_terms, negated, pair_features, roles_swapped
from claimgraph.graph.claims import (
    ClaimCentroid,
    average_linkage,
    claim_text,
    is_complete,
    new_centroid,
    updated_centroid,
)
from record_builders import record


def segment(text: str, article: str) -> dict[str, Any]:
    start = article.index(text)
    return {"start": start, "end": start + len(text), "text": text}


ARTICLE = (
    "“We have seen the parts,” she said, “and they are not civilian.” "
    "Shapps said that Beijing is sending ‘lethal aid’ to Russia. "
    "The embassy declined to comment."
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            ["“We have seen the parts,”", "“and they are not civilian.”"],
            "We have seen the parts and they are not civilian.",
        ),
        (
            ["that Beijing is sending ‘lethal aid’ to Russia"],
            "Beijing is sending lethal aid to Russia",
        ),
        ([], ""),
    ],
)
def test_claim_text_joins_segments_and_drops_quotes(content: list[str], expected: str) -> None:
    attribution = record({"content": [segment(text, ARTICLE) for text in content]})
    assert claim_text(attribution, ARTICLE) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # a content that only points back at a statement states no claim
        ("the assertion", ""),
        ("Shapps’ assertion", ""),
        ("the U.S. official's claims", ""),
        ("those allegations", ""),
        ("which", ""),
        ("it", ""),
        # a statement noun with what it says, or another noun, is a claim
        ("the claim that China sends aid", "the claim that China sends aid"),
        ("a report", "a report"),
        ("Russia’s war effort", "Russia’s war effort"),
        ("China sends aid", "China sends aid"),
    ],
)
def test_a_reference_to_a_statement_is_no_claim(content: str, expected: str) -> None:
    article = f"He said {content}."
    assert claim_text(record({"content": [segment(content, article)]}), article) == expected


def test_claim_text_keeps_apostrophes_inside_words() -> None:
    article = "He said Russia’s army had “run out” of shells."
    content = [segment("Russia’s army had “run out” of shells", article)]
    assert (
        claim_text(record({"content": content}), article) == "Russia’s army had run out of shells"
    )


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        (
            "China is sending lethal aid to Russia",
            "Beijing preparing to supply weapons to Moscow",
            {"@CN", "@RU", "send", "weapon"},
        ),
        ("The Kremlin denied it", "Russia denied it", {"@RU", "deny"}),
        ("Five killed in Kabul", "5 people killed in Kabul", {"#5", "kill", "@AF"}),
        ("Washington imposes sanctions", "U.S. imposes sanctions", {"@US", "impos", "sanction"}),
    ],
)
def test_synonyms_and_demonyms_are_folded(a: str, b: str, shared: set[str]) -> None:
    assert shared <= claim_terms(a).words & claim_terms(b).words


@pytest.mark.parametrize(
    ("a", "b", "swapped"),
    [
        ("China sends aid to Russia", "Russia sends aid to China", True),
        ("China sends aid to Russia", "Beijing supplies Moscow with aid", False),
        ("Russia and China sign a deal", "China and Russia sign a deal", False),
        ("China sends aid", "Russia sends aid", False),
    ],
)
def test_roles_swapped(a: str, b: str, swapped: bool) -> None:
    assert roles_swapped(claim_terms(a), claim_terms(b)) is swapped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China is sending arms to Russia", False),
        ("China is not sending arms to Russia", True),
        ("China isn't sending arms", True),
        ("Beijing denied sending arms", True),
    ],
)
def test_negation_is_detected_for_polarity(text: str, expected: bool) -> None:
    assert negated(text) is expected


def test_negation_does_not_change_the_lexical_features() -> None:
    a = claim_terms("China is sending arms to Russia")
    b = claim_terms("China is not sending arms to Russia")
    assert pair_features(a, b) == pair_features(a, a)


@pytest.mark.parametrize(
    ("a", "b", "match", "conflict"),
    [
        ("Gunmen killed 5 people", "Gunmen killed 50 people", 0.0, 1.0),
        ("Gunmen killed five people", "Gunmen killed 5 people", 1.0, 0.0),
        ("Gunmen killed 5 people", "Gunmen killed people", 0.0, 0.0),
    ],
)
def test_number_agreement(a: str, b: str, match: float, conflict: float) -> None:
    features = pair_features(claim_terms(a), claim_terms(b))
    assert features[3:] == (match, conflict)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China is sending lethal aid to Russia.", True),
        ("Is China sending aid?", False),
        ("those people", False),
        ("… and they are not civilian", False),
    ],
)
def test_is_complete(text: str, expected: bool) -> None:
    assert is_complete(text) is expected


def unit(*values: float) -> np.ndarray:
    v = np.zeros(384, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def test_updated_centroid_is_the_renormalised_running_mean() -> None:
    c = ClaimCentroid(id=3, vector=unit(1, 0), canonical="China sends arms to Russia", size=3)
    updated = updated_centroid(c, "Beijing arms Moscow", unit(0, 1))
    assert updated.id == 3 and updated.size == 4
    assert np.allclose(updated.vector, unit(3, 1), atol=1e-6)
    assert updated.canonical == "China sends arms to Russia"  # complete and closer


def test_a_complete_wording_replaces_a_fragment_as_canonical() -> None:
    c = new_centroid(0, "lethal aid", unit(1, 0))
    updated = updated_centroid(c, "China is sending lethal aid to Russia", unit(1, 0.2))
    assert updated.canonical == "China is sending lethal aid to Russia"


def test_average_linkage_merges_above_threshold_and_numbers_by_first_appearance() -> None:
    scores = np.array(
        [
            [1.0, 0.1, 0.9, 0.1],
            [0.1, 1.0, 0.2, 0.8],
            [0.9, 0.2, 1.0, 0.1],
            [0.1, 0.8, 0.1, 1.0],
        ]
    )
    assert average_linkage(scores, 0.5) == [0, 1, 0, 1]
    assert average_linkage(scores, 0.85) == [0, 1, 0, 2]
    assert average_linkage(scores, 0.05) == [0, 0, 0, 0]


def test_average_linkage_uses_the_average_not_the_best_link() -> None:
    # 0-1 and 1-2 are close, 0-2 are not: the chain does not merge at 0.6.
    scores = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.7], [0.0, 0.7, 1.0]])
    assert average_linkage(scores, 0.6) == [0, 0, 1]


# --- with the MiniLM encoder ------------------------------------------------------


@pytest.fixture(scope="module")
def encode() -> Any:
    pytest.importorskip("onnxruntime")
    from claimgraph.learned.embeddings import embed

    return embed


def score(encode: Any, a: str, b: str) -> float:
    from claimgraph.graph.claims import same_claim_score

    va, vb = encode([a, b])
    return same_claim_score(a, b, va, vb)


@pytest.mark.model
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "China is sending lethal aid to Russia",
            "Beijing preparing to supply weapons to Moscow",
            True,
        ),
        ("China is sending lethal aid to Russia", "Beijing is supplying arms to the Kremlin", True),
        # negation: the same claim, opposite stance
        ("China is sending arms to Russia", "China is not sending arms to Russia", True),
        (
            "Iran is shipping drone engines to Russia",
            "Tehran denies shipping drone engines to Russia",
            True,
        ),
        # shared words, different claims
        ("China sends aid to Russia", "China cuts interest rates", False),
        ("China sends aid to Russia", "Russia sends aid to China", False),
        ("Gunmen killed 5 people in Kabul", "Gunmen killed 50 people in Kabul", False),
        ("The central bank raised interest rates", "Russia launched 700 drones at Ukraine", False),
    ],
)
def test_same_claim_score(encode: Any, a: str, b: str, same: bool) -> None:
    p = score(encode, a, b)
    assert 0.0 <= p <= 1.0
    assert (p >= 0.5) is same, p


@pytest.mark.model
def test_an_empty_claim_matches_nothing(encode: Any) -> None:
    assert score(encode, "", "China sends aid to Russia") == 0.0


CLAIMS = [
    "China is sending lethal aid to Russia",
    "The Federal Reserve cut interest rates",
    "Beijing preparing to supply weapons to Moscow",
    "Iran is shipping drone engines to Russia across the Caspian Sea",
    "The Fed lowered interest rates again",
    "Tehran is sending drone engines to Moscow via the Caspian",
    "China is not sending weapons to Russia",
]
EXPECTED = [0, 1, 0, 2, 1, 2, 0]


@pytest.mark.model
def test_cluster_groups_claims_across_wording(encode: Any) -> None:
    import claimgraph

    assert claimgraph.cluster(CLAIMS) == EXPECTED


@pytest.mark.model
def test_cluster_is_deterministic_and_order_robust(encode: Any) -> None:
    from claimgraph.graph.claims import cluster_vectors

    vectors = encode(CLAIMS)
    assert cluster_vectors(CLAIMS, vectors) == cluster_vectors(CLAIMS, vectors)
    order = [6, 4, 2, 0, 5, 3, 1]
    shuffled = cluster_vectors([CLAIMS[i] for i in order], vectors[order])
    groups = {
        frozenset(order[k] for k, c in enumerate(shuffled) if c == label) for label in shuffled
    }
    expected = {frozenset(k for k, c in enumerate(EXPECTED) if c == label) for label in EXPECTED}
    assert groups == expected


@pytest.mark.model
def test_new_claims_join_existing_centroids_as_reclustering_would(encode: Any) -> None:
    from claimgraph.graph.claims import assign_claim, cluster_vectors

    vectors = encode(CLAIMS)
    first, later = 4, range(4, len(CLAIMS))
    labels = cluster_vectors(CLAIMS[:first], vectors[:first])
    centroids: dict[int, ClaimCentroid] = {}
    for text, vec, label in zip(CLAIMS[:first], vectors[:first], labels, strict=True):
        c = centroids.get(label)
        centroids[label] = (
            new_centroid(label, text, vec) if c is None else updated_centroid(c, text, vec)
        )
    incremental = list(labels)
    for i in later:
        found, _ = assign_claim(CLAIMS[i], vectors[i], list(centroids.values()))
        if found is None:
            found = len(centroids)
            centroids[found] = new_centroid(found, CLAIMS[i], vectors[i])
        else:
            centroids[found] = updated_centroid(centroids[found], CLAIMS[i], vectors[i])
        incremental.append(found)
    assert incremental == cluster_vectors(CLAIMS, vectors) == EXPECTED


@pytest.mark.model
def test_score_matrix_agrees_with_the_pairwise_score(encode: Any) -> None:
    from claimgraph.graph.claims import same_claim_score, score_matrix

    texts = [*CLAIMS, "Russia sends aid to China", "China sends aid to Russia", ""]
    vectors = encode(texts)
    matrix = score_matrix(texts, vectors)
    for i, a in enumerate(texts):
        for j, b in enumerate(texts):
            if i != j:
                assert matrix[i, j] == pytest.approx(
                    same_claim_score(a, b, vectors[i], vectors[j]), abs=1e-6
                )


@pytest.mark.model
def test_large_inputs_use_incremental_clustering(
    encode: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.graph import claims

    monkeypatch.setattr(claims, "MAX_AGGLOMERATIVE", 2)
    assert claims.cluster_vectors(CLAIMS, encode(CLAIMS)) == EXPECTED


def test_importing_claimgraph_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, claimgraph, claimgraph.graph; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- issue 17: one claim whatever is said about it ---------------------------

STORY_SET = [
    "China is sending lethal aid to Russia",  # asserts
    "China may be preparing to send weapons to Russia",  # hedges
    "Beijing is supplying arms to Moscow, an official who asked not to be named said",  # relays
    "China denies sending lethal aid to Russia",  # denies
    "The European Central Bank raised interest rates by a quarter point",  # unrelated
]


@pytest.mark.model
def test_reported_hedged_and_denied_tellings_are_one_claim() -> None:
    pytest.importorskip("onnxruntime")
    from claimgraph.graph.claims import cluster

    labels = cluster(STORY_SET)
    assert len(set(labels[:4])) == 1
    assert labels[4] != labels[0]


@pytest.mark.model
def test_attributed_headline_joins_the_plain_claim_at_the_default_threshold() -> None:
    pytest.importorskip("onnxruntime")
    from claimgraph.graph.claims import cluster

    texts = [
        "UK says China providing lethal aid to Russia",
        "China is sending lethal aid to Russia",
    ]
    assert cluster(texts) == [0, 0]


def test_cluster_threshold_is_packaged_and_below_the_pair_threshold() -> None:
    from claimgraph.graph.claims import cluster_threshold, load_model

    assert 0.0 < cluster_threshold() < load_model().threshold
