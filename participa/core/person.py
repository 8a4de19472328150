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

from django.core.exceptions import ValidationError
from django.db import NotSupportedError, connections, models, router
from django.db.models import F, QuerySet, Subquery

_FACTS: dict[str, Callable[[], Any]] = {}
PREFIX = "person_"


def declare_person_fact(name: str, expression: Callable[[], Any]) -> None:
    """Read ``expression()`` (an expression over the ``core.User`` row) with the signed-in
    person, as the attribute ``person_<name>``. Declared once, from an app's ``ready()``."""
    _FACTS[name] = expression
    _PREPARED.clear()


def person_queryset() -> QuerySet[Any]:
    # Local import: the user model is loaded once the app registry is ready.
    from participa.core.models import User

    queryset = User._default_manager.all()
    facts = {PREFIX + name: expression() for name, expression in _FACTS.items()}
    return queryset.annotate(**facts) if facts else queryset


# A primary key no person has, standing for the person's in the query compiled once.
_PLACEHOLDER = -7_319_004_281_553


class _PreparedPerson:
    """:func:`person_queryset` for one person, compiled once per database: building and
    compiling its subqueries cost more than running it, on every signed-in request. Only the
    person's key changes between two runs (the facts hold no other value that could age)."""

    def __init__(self, using: str) -> None:
        queryset = person_queryset().filter(pk=_PLACEHOLDER)
        self.model = queryset.model
        self.using = using
        self.compiler = queryset.query.get_compiler(using=using)
        sql, params = self.compiler.as_sql()
        self.sql, self.params = sql, list(params)
        if self.params.count(_PLACEHOLDER) != 1:
            raise RuntimeError("a person fact must not hold the placeholder key")
        self.slot = self.params.index(_PLACEHOLDER)
        select = self.compiler.select
        fields = self.compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.attnames = [column.target.attname for column, _sql, _alias
                         in select[self.start:self.end]]
        self.annotations = dict(self.compiler.annotation_col_map)
        self.converters = self.compiler.get_converters([column for column, _sql, _alias
                                                        in select])

    def load(self, pk: Any) -> Any:
        params = list(self.params)
        params[self.slot] = pk
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        person = self.model.from_db(self.using, self.attnames, row[self.start:self.end])
        for name, position in self.annotations.items():
            setattr(person, name, row[position])
        return person


_PREPARED: dict[tuple[str, str], _PreparedPerson] = {}


def load_person(pk: Any) -> Any:
    """The person ``pk`` with every declared fact (as :func:`person_queryset` reads them), or
    None when there is no such person or ``pk`` is no valid key."""
    # Local import: the user model is loaded once the app registry is ready.
    from participa.core.models import User

    try:
        pk = User._meta.pk.to_python(pk)
    except ValidationError:
        return None
    using = router.db_for_read(User)
    key = (using, connections[using].vendor)
    prepared = _PREPARED.get(key)
    if prepared is None:
        prepared = _PREPARED[key] = _PreparedPerson(using)
    return prepared.load(pk)


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
