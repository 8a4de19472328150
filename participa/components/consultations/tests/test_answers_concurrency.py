"""Two officials clicking "Publish all approved answers" at once publish once (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from participa.components.consultations.models import AnswerState, Channel, Outcome
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
    answers_publish_all,
)
from participa.components.consultations.tests.conftest import make_contribution
from participa.core.models import AuditEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_publishes_once_when_two_officials_click_at_once(consultation, manager,
                                                            second_official):
    for _ in range(5):
        contribution = make_contribution(consultation, channel=Channel.EMAIL)
        answer = answer_save_draft(acting_user=manager, contribution=contribution,
                                   outcome=Outcome.REJECTED, justification="No budget.")
        answer_review(acting_user=second_official, answer=answer, approve=True)
    barrier = threading.Barrier(2)
    results: list[int] = []
    refusals: list[ValidationError] = []
    errors: list[BaseException] = []

    def publish(user) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(answers_publish_all(acting_user=user, consultation=consultation))
        except ValidationError as refusal:
            refusals.append(refusal)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(user,))
               for user in (manager, second_official)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert results == [5]
    assert len(refusals) == 1 and "no approved answers" in str(refusals[0])
    assert AuditEntry.objects.filter(action="answer.publish_all").count() == 1
    published = consultation.answers.filter(state=AnswerState.PUBLISHED)
    assert published.count() == 5
    assert len(set(published.values_list("published_at", flat=True))) == 1


def test_two_officials_drafting_at_once_make_one_answer(consultation, manager,
                                                        second_official):
    contribution = make_contribution(consultation, channel=Channel.EMAIL)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def save(user, text) -> None:
        try:
            barrier.wait(timeout=30)
            answer_save_draft(acting_user=user, contribution=contribution,
                              outcome=Outcome.PARTIAL, justification=text)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user, text))
               for user, text in ((manager, "Only in part."), (second_official, "Partly."))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert consultation.answers.count() == 1
