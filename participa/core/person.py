"""The signed-in person, read with what every page needs to know about them in ONE query.

Every page a signed-in person opens asks the same questions about them: their organization
roles, their space memberships, whether they are blocked, whether they belong to a group, how
many notifications they have not read. Asked one by one, that is five queries before the page
does anything of its own. Instead, the authentication backend (``participa/core/auth.py``) reads
the person with :func:`person_queryset`: each question is a column of that one query, declared by
the app that owns the answer (core its roles, spaces the memberships, moderation the blocks,
notifications the unread count) with :func:`declare_person_fact` in its ``ready()``.

The functions answering those questions (``core.permissions``, ``moderation.permissions``,
``notifications.selectors``…) read :func:`fact` first and fall back to their own query when the
person was loaded another way (a test's ``User.objects.get``, a background task). The facts are
those of the start of the request, as the per-request caches on the user object already were.

:class:`JSONRows` turns the rows of a correlated subquery into one JSON column (SQLite and
PostgreSQL, the two databases the project runs on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import NotSupportedError, models
from django.db.models import F, QuerySet, Subquery

_FACTS: dict[str, Callable[[], Any]] = {}
PREFIX = "person_"


def declare_person_fact(name: str, expression: Callable[[], Any]) -> None:
    """Read ``expression()`` (an expression over the ``core.User`` row) with the signed-in
    person, as the attribute ``person_<name>``. Declared once, from an app's ``ready()``."""
    _FACTS[name] = expression


def person_queryset() -> QuerySet[Any]:
    # Local import: the user model is loaded once the app registry is ready.
    from participa.core.models import User

    queryset = User._default_manager.all()
    facts = {PREFIX + name: expression() for name, expression in _FACTS.items()}
    return queryset.annotate(**facts) if facts else queryset


_MISSING = object()


def fact(user: Any, name: str, default: Any = _MISSING) -> Any:
    """The fact ``name`` read with ``user``, or ``default`` when it was not (the caller then
    asks the database itself)."""
    # getattr, not __dict__: ``request.user`` is a lazy proxy of the person.
    value = getattr(user, PREFIX + name, _MISSING)
    return default if value is _MISSING else value


class JSONRows(Subquery):
    """The rows of a (correlated) queryset's ``fields`` as one JSON array of arrays, e.g.
    ``[["admin", null, 3], ["official", 2, null]]`` — ``[]`` when there are none."""

    def __init__(self, queryset: QuerySet[Any], *fields: str) -> None:
        aliases = {f"c{n}": F(name) for n, name in enumerate(fields)}
        super().__init__(queryset.order_by().annotate(**aliases).values_list(*aliases),
                         output_field=models.JSONField())
        self.width = len(fields)

    def _wrap(self, compiler: Any, connection: Any, aggregate: str) -> tuple[str, Any]:
        inner, params = super().as_sql(compiler, connection)
        columns = ", ".join(f"_rows.c{n}" for n in range(self.width))
        aggregated = aggregate.format(columns=columns)
        # Only the compiled subquery and fixed aliases: every value stays in ``params``.
        sql = f"(SELECT COALESCE({aggregated}, '[]') FROM {inner} _rows)"  # noqa: S608
        return sql, params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return self._wrap(compiler, connection, "json_group_array(json_array({columns}))")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return self._wrap(compiler, connection, "json_agg(json_build_array({columns}))::text")

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> tuple[str, Any]:
        raise NotSupportedError(f"JSONRows is not implemented for {connection.vendor}")
