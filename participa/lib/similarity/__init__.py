"""Near-duplicate grouping of short texts (campaigns), fast on tens of thousands (no Django).

API (stable; other code depends on it):

    group_near_duplicates(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]
        # groups (lists of indices into ``texts``, each of 2 or more, sorted) whose members are
        # at least ``threshold`` similar to one another; every index in at most one group
    similarity(a: str, b: str) -> float   # the measure used, in [0, 1]
"""
