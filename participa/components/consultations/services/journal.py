"""The public journal lines of consultations: announced, dates changed, answers published (one
line per answer), report published, debate scheduled. Public values only: the consultation's
title, dates, numbers and outcome labels — never a contribution's text or a person's name."""

from __future__ import annotations

from typing import Any

from django.db import models

from participa.components.consultations.actions import ConsultationJournalAction
from participa.components.consultations.models import Consultation
from participa.core.journal import Public


def consultation_line(consultation: Consultation, action: ConsultationJournalAction, *,
                      item: models.Model | None = None, **params: Any) -> Public:
    """A journal line about ``consultation`` (or ``item`` inside it)."""
    component = consultation.component
    return Public(action=action, item=item if item is not None else consultation,
                  url=consultation.get_absolute_url(), space_id=component.space_id,
                  component_id=component.pk,
                  params={"title": consultation.title, **params})
