"""Template filters of tracked items: money as the reader's language writes it, in the
organization's currency (``{{ item.spent|money:item.organization }}`` → "1 234 567,00 lei")."""

from __future__ import annotations

import decimal
from typing import Any

from django import template
from django.utils import formats, numberformat

register = template.Library()

# The currency by the organization's legal profile (its country): Romanian lei, Polish złoty,
# euro elsewhere.
CURRENCIES = {"ro": "lei", "pl": "zł"}
DEFAULT_CURRENCY = "EUR"


def currency(organization: Any) -> str:
    profile = str(getattr(organization, "legal_profile", "") or "")
    return CURRENCIES.get(profile.split("-", 1)[0], DEFAULT_CURRENCY)


def format_money(value: decimal.Decimal | int | None, organization: Any = None) -> str:
    """``value`` with two decimals, grouped by thousands as the active language writes them
    (a no-break space where the decimal mark is a comma: "1 234 567,00"), then the currency,
    kept on the same line."""
    if value is None:
        return ""
    decimal_mark = str(formats.get_format("DECIMAL_SEPARATOR"))
    grouping = "\u00a0" if decimal_mark == "," else str(formats.get_format("THOUSAND_SEPARATOR"))
    text = numberformat.format(decimal.Decimal(value), decimal_mark, decimal_pos=2, grouping=3,
                               thousand_sep=grouping, force_grouping=True)
    return f"{text}\u00a0{currency(organization)}"


@register.filter
def money(value: Any, organization: Any = None) -> str:
    return format_money(value, organization)


@register.filter
def percent_of(part: Any, whole: Any) -> int | None:
    """``part`` as a whole percentage of ``whole`` (None when there is no whole)."""
    if part is None or not whole:
        return None
    return int(decimal.Decimal(part) * 100 / decimal.Decimal(whole))


@register.filter
def kind_name(content_type: Any) -> str:
    """The name of a source's kind ("Proposal"), from its content type."""
    model = content_type.model_class() if content_type is not None else None
    return str(model._meta.verbose_name).capitalize() if model is not None else ""
