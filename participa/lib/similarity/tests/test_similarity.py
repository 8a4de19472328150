"""Near-duplicate grouping: the measure, the groups, and the groups as graph components."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participa.lib.similarity import group_near_duplicates, normalize, similarity

LETTER = (
    "We the residents of the Iosefin district ask the city hall to keep the old trees on the "
    "main boulevard and to build the new bicycle lane on the other side of the street, where "
    "there is enough room for it without cutting a single tree. Thank you for listening."
)
OTHER = (
    "The parking fee in the centre is far too high for families; please lower it to three lei "
    "per hour and give residents a yearly card at a fair price, as other cities already do."
)


def test_it_ignores_case_diacritics_spacing_and_punctuation():
    assert normalize("  Șoseaua ŞTEFAN—cel   Mare!\n Łódź, ţară… ") == (
        "soseaua stefan cel mare lodz tara")
    assert similarity("Pista de biciclete, vă rog!", "pista  de BICICLETE va rog") == 1.0


def test_identical_texts_are_grouped():
    assert group_near_duplicates([LETTER, OTHER, LETTER, LETTER.upper()]) == [[0, 2, 3]]


def test_a_changed_word_keeps_texts_together():
    changed = LETTER.replace("old trees", "beautiful trees")
    assert similarity(LETTER, changed) >= 0.9
    assert group_near_duplicates([LETTER, OTHER, changed]) == [[0, 2]]


def test_a_different_signature_keeps_texts_together():
    first = f"{LETTER}\nBest regards, Ioana Popescu"
    second = f"{LETTER}\nCu stimă,\nMihai Ionescu, str. Lalelelor 3"
    assert group_near_duplicates([first, second]) == [[0, 1]]


def test_a_personal_sentence_added_keeps_texts_together():
    longer = f"{LETTER} My children cross here."
    assert group_near_duplicates([longer, LETTER]) == [[0, 1]]


def test_clearly_different_texts_stay_apart():
    texts = [LETTER, OTHER, "I support the project.", "I oppose the project.", "Agreed."]
    assert group_near_duplicates(texts) == []
    assert similarity("I support the project.", "I oppose the project.") < 0.5


def test_the_threshold_is_configurable():
    edited = LETTER.replace("old trees", "trees").replace("Thank you for listening.", "")
    score = similarity(LETTER, edited)
    assert 0.8 < score < 0.95
    assert group_near_duplicates([LETTER, edited], threshold=0.8) == [[0, 1]]
    assert group_near_duplicates([LETTER, edited], threshold=0.95) == []
    assert group_near_duplicates([LETTER, LETTER.lower(), edited], threshold=1) == [[0, 1]]
    with pytest.raises(ValueError):
        group_near_duplicates([LETTER], threshold=0)


def test_groups_are_chains_of_close_texts():
    # a ~ b and b ~ c while a and c are less similar: one group (a connected component).
    words = [f"w{n}" for n in range(40)]
    a = " ".join(words)
    b = " ".join([*words[:37], "x1", "x2", "x3"])
    c = " ".join([*words[:34], "x1", "x2", "x3", "y1", "y2", "y3"])
    assert similarity(a, b) >= 0.8 and similarity(b, c) >= 0.8 > similarity(a, c)
    assert group_near_duplicates([a, c, b]) == [[0, 1, 2]]


def test_empty_texts_are_duplicates_of_each_other_only():
    assert group_near_duplicates(["...", "!", LETTER, "?", OTHER]) == [[0, 1, 3]]
    assert similarity("", "") == 1.0
    assert similarity("", "word") == 0.0


def test_it_finds_planted_campaigns_among_thousands():
    from bench.campaigns import CAMPAIGNS, contributions

    texts, labels = contributions(3_000, seed=7)
    groups = group_near_duplicates(texts)
    group_of = {index: number for number, group in enumerate(groups) for index in group}
    for campaign in range(CAMPAIGNS):
        members = [index for index, label in enumerate(labels) if label == campaign]
        assert len({group_of.get(index) for index in members}) == 1  # all in one group
        group = groups[group_of[members[0]]]
        assert sorted(group) == members  # and nothing else in it
    # the distinct texts stay apart (the generator may write a near-copy by chance)
    assert sum(1 for index, label in enumerate(labels) if label is None
               and index in group_of) <= 4


def _components(texts: list[str], threshold: float) -> list[list[int]]:
    """Connected components of the graph "similarity >= threshold", by brute force."""
    parent = list(range(len(texts)))

    def find(item: int) -> int:
        while parent[item] != item:
            item = parent[item]
        return item

    for i, j in itertools.combinations(range(len(texts)), 2):
        if similarity(texts[i], texts[j]) >= threshold:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for item in range(len(texts)):
        groups.setdefault(find(item), []).append(item)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _connected(group: list[int], texts: list[str], threshold: float) -> bool:
    reached, frontier = {group[0]}, [group[0]]
    while frontier:
        item = frontier.pop()
        for other in group:
            if other not in reached and similarity(texts[item], texts[other]) >= threshold:
                reached.add(other)
                frontier.append(other)
    return reached == set(group)


# Texts over a small vocabulary, often copied with an edit, so that similarities spread.
_word = st.sampled_from(["parc", "arbori", "taxa", "Parcare", "bicicletă", "școala", "zi",
                         "noapte", "și", "nu"])
_base = st.lists(_word, min_size=0, max_size=12).map(" ".join)


@st.composite
def _texts(draw: st.DrawFn) -> list[str]:
    texts = draw(st.lists(_base, min_size=1, max_size=14))
    for _ in range(draw(st.integers(0, 10))):
        source = draw(st.sampled_from(texts)).split()
        if source:
            position = draw(st.integers(0, len(source) - 1))
            source[position] = draw(_word)
        texts.append(" ".join(source) + draw(st.sampled_from(["", "!", " ,"])))
    return texts


@settings(max_examples=150, deadline=None)
@given(texts=_texts(), threshold=st.sampled_from([0.5, 0.6, 0.75, 0.8, 0.9, 1.0]))
def test_groups_are_exactly_the_components_of_the_close_pairs_graph(texts, threshold):
    groups = group_near_duplicates(texts, threshold)
    assert groups == _components(texts, threshold)
    for group in groups:
        assert _connected(group, texts, threshold)
    for first, second in itertools.combinations(groups, 2):
        assert all(similarity(texts[i], texts[j]) < threshold for i in first for j in second)


@settings(max_examples=100, deadline=None)
@given(texts=_texts(), threshold=st.sampled_from([0.5, 0.7, 0.8, 0.9]))
def test_the_fast_path_only_reports_connected_groups_of_close_texts(texts, threshold):
    groups = group_near_duplicates(texts, threshold, exhaustive=False)
    exact = _components(texts, threshold)
    for group in groups:
        assert _connected(group, texts, threshold)
        # every fast group lies inside one exact component (it may miss an edge, never add one)
        assert any(set(group) <= set(component) for component in exact)
    assert len({i for g in groups for i in g}) == sum(len(g) for g in groups)


def test_texts_with_the_same_word_pairs_are_one_group_at_threshold_one():
    # Found by the property above: the repeated word gives both texts the one bigram.
    texts = ["parc parc", "parc parc parc", "parc nou"]
    assert similarity(texts[0], texts[1]) == 1.0
    assert group_near_duplicates(texts, 1.0) == [[0, 1]]
