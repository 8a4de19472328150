"""``{% published_edition_report edition as report %}``: the edition's latest published report
(one query), for the edition page's link."""

from __future__ import annotations

from django import template

from participa.components.budgets.models import Edition
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.services.report import published_edition_report

register = template.Library()


@register.simple_tag
def published_edition_report_of(edition: Edition | None) -> EditionReport | None:
    return published_edition_report(edition) if edition is not None else None
