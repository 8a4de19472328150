"""A table of action enumerations declared by the apps (audit actions, journal actions).

Core and the shared services declare theirs here directly; components declare theirs in their
manifest and the spaces registry feeds them in. Each value belongs to one enumeration only, so
that no app records another's action by mistake.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class ActionTable:
    """The registered enumerations of one kind of action (``kind`` names it in errors)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.enums: list[type[models.TextChoices]] = []
        self.owners: dict[str, type[models.TextChoices]] = {}

    def register(self, enum: type[models.TextChoices]) -> bool:
        """Add ``enum``; False when it was already there (registering is idempotent)."""
        if enum in self.enums:
            return False
        for value in enum.values:
            owner = self.owners.get(value)
            if owner is not None:
                raise ImproperlyConfigured(
                    f"The {self.kind} {value!r} is declared by both {owner.__qualname__} and "
                    f"{enum.__qualname__}.")
        self.enums.append(enum)
        self.owners.update(dict.fromkeys(enum.values, enum))
        return True

    def known(self, value: str) -> bool:
        return value in self.owners

    def choices(self) -> list[tuple[str, str]]:
        """``(value, label)`` of every registered action, sorted by value."""
        return sorted((value, str(enum(value).label)) for value, enum in self.owners.items())

    def label(self, value: str) -> str:
        """The action's label in the active language (the value itself when unknown)."""
        enum = self.owners.get(value)
        return str(enum(value).label) if enum is not None else value

    def copy(self) -> ActionTable:
        """An independent copy (tests register throwaway enumerations in it)."""
        table = ActionTable(self.kind)
        table.enums = list(self.enums)
        table.owners = dict(self.owners)
        return table
