"""Article-by-article comparison of two versions of a text (no Django imports).

API (stable; other code depends on it):

    compare(old: Sequence[UnitLike], new: Sequence[UnitLike]) -> list[ArticleDiff]
    ArticleDiff(key, status, old, new, segments)   # status: same / changed / added / removed
    # segments: list of (op, text) with op in "equal", "insert", "delete" — word level
    UnitLike: anything with .key, .number, .heading, .body
"""
