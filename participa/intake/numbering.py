"""Register numbers without gaps: every item registered offline (a letter, a paper survey, a
paper ballot) or online gets the next number of its register, kept as a counter on the row
that owns the register (``Consultation.next_number``…).

``take_number`` locks that row, reads the counter and advances it, in the caller's
transaction: two registrations at once wait for each other (never the same number), and a
registration that fails rolls its number back with it (never a gap).
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F


def take_number(model: type[models.Model], pk: int, *, field: str = "next_number") -> int:
    """The next number of the register kept in ``model.field`` of row ``pk``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number runs inside the registration's transaction")
    manager = model._default_manager
    number = int(manager.select_for_update().values_list(field, flat=True).get(pk=pk))
    manager.filter(pk=pk).update(**{field: F(field) + 1})
    return number
