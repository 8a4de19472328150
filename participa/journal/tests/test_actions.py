"""The journal's actions are declared by the components that write them: each has a public
sentence, no two enumerations share a value, and neither ``record()`` nor the database takes
an action nobody declared."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.functional import lazystr

from participa.components.consultations.actions import (
    ConsultationAction,
    ConsultationJournalAction,
)
from participa.core.audit import Public, record
from participa.core.journal import (
    journal_enums,
    journal_label,
    known_journal_action,
    register_journal,
    sentence,
)
from participa.core.models import AuditEntry, JournalEntry


class Unregistered(models.TextChoices):
    """A journal enumeration nobody declared."""

    RENAMED = "renamed", "Renamed"


def test_every_journal_action_has_a_sentence_and_one_enumeration():
    enums = journal_enums()
    assert ConsultationJournalAction in enums
    values = [value for enum in enums for value in enum.values]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z_]+", value) for value in values)
    fallback = "Updated “Parks”."
    for value in values:
        assert known_journal_action(value)
        shown = sentence(value, {"title": "Parks", "count": 2, "number": "7",
                                 "outcome": "Accepted", "starts_at": "2026-05-04T10:00:00"})
        assert shown != fallback
        assert "Parks" in shown
    assert not known_journal_action(Unregistered.RENAMED)


def test_an_enumeration_without_a_sentence_for_each_action_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"without a sentence: \['renamed'\]"):
        register_journal(Unregistered, {})
    with pytest.raises(ImproperlyConfigured, match=r"name no action of it: \['moved'\]"):
        register_journal(Unregistered, {"renamed": lazystr("Renamed “%(title)s”."),
                                        "moved": lazystr("Moved “%(title)s”.")})
    assert Unregistered not in journal_enums()


def test_an_enumeration_reusing_another_s_value_is_refused():
    class Clash(models.TextChoices):
        ANNOUNCED = "announced", "Announced"

    with pytest.raises(ImproperlyConfigured,
                       match=r"'announced'.*ConsultationJournalAction and .*Clash"):
        register_journal(Clash, {"announced": lazystr("Announced “%(title)s”.")})
    assert Clash not in journal_enums()


def test_sentences_and_labels_are_the_declared_ones():
    params = {"title": {"en": "Parks", "ro": "Parcuri"}, "count": 1}
    assert sentence(ConsultationJournalAction.ANSWERS_PUBLISHED, params) == (
        "Published 1 answer on “Parks”.")
    assert sentence(ConsultationJournalAction.ANSWERS_PUBLISHED, {**params, "count": 3}) == (
        "Published 3 answers on “Parks”.")
    assert sentence(ConsultationJournalAction.ANNOUNCED, params) == (
        "Announced “Parks” for public consultation.")
    assert sentence("renamed", params) == "Updated “Parks”."
    # A line whose parameters do not fit its sentence shows the action's label.
    assert sentence(ConsultationJournalAction.CONTRIBUTION_ANSWERED, params) == (
        "Contribution answered")
    assert journal_label("renamed") == "renamed"
    with translation.override("ro"):
        assert sentence(ConsultationJournalAction.ANSWERS_PUBLISHED, {**params, "count": 3}) == (
            "A publicat 3 răspunsuri la „Parcuri”.")
        assert sentence(ConsultationJournalAction.ANNOUNCED, params) == (
            "A anunțat în consultare publică „Parcuri”.")


@pytest.mark.django_db
def test_record_refuses_a_journal_action_nobody_declared(org, consultation, manager):
    line = Public(action=Unregistered.RENAMED, item=consultation)
    with pytest.raises(ValueError, match=r"^Unknown journal action 'renamed'"):
        record(organization=org, actor=manager, action=ConsultationAction.CONSULTATION_UPDATE,
               obj=consultation, public=[line])
    assert not AuditEntry.objects.filter(action=ConsultationAction.CONSULTATION_UPDATE).exists()
    assert not JournalEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["Announced the plan", "Announced", "announced.today",
                                    "announced!", ""])
def test_the_database_refuses_free_text_as_a_journal_action(org, action):
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(organization=org, item_type="core.organization",
                                    item_id=str(org.pk), action=action)
    JournalEntry.objects.create(organization=org, item_type="core.organization",
                                item_id=str(org.pk), action=ConsultationJournalAction.ANNOUNCED)
    assert list(JournalEntry.objects.values_list("action", flat=True)) == ["announced"]
