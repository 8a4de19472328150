"""What an intake batch is read for: each kind of batch names an adapter.

Intake knows how to keep uploads, read them in the background, show a preview, and register
the chosen items one by one, resumably. The adapter knows the rest: how files are read into
items, what the preview shows, and how one item becomes a record of its component (a
contribution of a consultation, an answer sheet of a survey…). A component declares its
adapters in its manifest (``ComponentSpec.intake_adapters``: kind → dotted path): the adapter's
module (and what it imports) loads when a batch of that kind is first handled.
``register_adapter`` is for adapters outside any component (tests).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.module_loading import import_string

from participa.spaces.registry import all_specs

if TYPE_CHECKING:
    from participa.intake.models import IntakeBatch


class IntakeAdapter(Protocol):
    #: the batch's ``kind``, e.g. "consultations.mailbox"
    kind: str
    #: the folder of the kept uploads, under "tmp/"
    folder: str
    #: the keys of the batch's summary (``IntakeBatch.counts``); "failed" must be one
    count_keys: Sequence[str]

    def read(self, files: list[tuple[str, bytes]], *, fallback_time: datetime.datetime
             ) -> tuple[list[Any], list[tuple[str, str]]]:
        """The items of the uploaded files, in order, and the problems ([code, name])."""

    def item_id(self, item: Any) -> str:
        """The item's source id (stable across readings of the same files)."""

    def preview_row(self, item: Any) -> dict[str, Any]:
        """What the preview keeps of an item (JSON; never its full text)."""

    def register(self, batch: IntakeBatch, item: Any | None, counts: dict[str, int]) -> None:
        """Register one chosen item (``None``: no longer in the files) inside the caller's
        transaction, and count the outcome in ``counts``."""


_ADAPTERS: dict[str, IntakeAdapter | str] = {}


def register_adapter(kind: str, adapter: IntakeAdapter | str) -> None:
    """Name the adapter of ``kind``: the object, or its dotted path."""
    _ADAPTERS[kind] = adapter


def _declared(kind: str) -> str | None:
    """The dotted path a component's manifest gives for ``kind``."""
    for spec in all_specs():
        if kind in spec.intake_adapters:
            return spec.intake_adapters[kind]
    return None


def adapter_for(kind: str) -> IntakeAdapter:
    adapter = _ADAPTERS.get(kind) or _declared(kind)
    if adapter is None:
        raise LookupError(f"No intake adapter for {kind!r}")
    if isinstance(adapter, str):
        adapter = _ADAPTERS[kind] = import_string(adapter)
    return adapter
