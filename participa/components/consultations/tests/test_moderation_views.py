"""The redaction review pages: the list (approve one or a page) and one contribution in full."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.components.consultations import selectors
from participa.components.consultations.models import Channel, Contribution, Publication
from participa.components.consultations.tests.conftest import make_contribution
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db

BODY = "Mă numesc Ion Popescu, ion.popescu@example.ro. Vreau parcări."
EMAIL = [23, 45, "email"]


def pending(consultation, body=BODY, **extra):
    contribution = make_contribution(consultation, channel=Channel.EMAIL, body=body,
                                     approved=False, **extra)
    contribution.redactions = [EMAIL] if body == BODY else []
    contribution.body_redacted = (body[:23] + "[redacted]" + body[45:]) if body == BODY else body
    contribution.save()
    return contribution


def list_url(consultation, query=""):
    component = consultation.component
    return reverse("manage:consultations:manage_moderation",
                   args=[component.space.slug, component.pk, consultation.pk]) + query


def detail_url(contribution):
    consultation = contribution.consultation
    component = consultation.component
    return reverse("manage:consultations:manage_moderation_detail",
                   args=[component.space.slug, component.pk, consultation.pk,
                         contribution.number])


def test_the_list_shows_original_and_redacted_side_by_side(consultation, moderator,
                                                           client_for):
    contribution = pending(consultation)
    pending(consultation, body="Do not publish me", publication=Publication.NOT_PUBLISHED)
    response = client_for(moderator).get(list_url(consultation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ion.popescu@example.ro" in html  # staff see the original
    assert "Mă numesc Ion Popescu, [redacted]. Vreau parcări." in html
    assert "Do not publish me" not in html
    assert detail_url(contribution) in html
    assert "Waiting for approval (1)" in html


@pytest.mark.parametrize("person", ["resident", "outsider", "district_rep"])
def test_it_is_for_moderators_and_managers_only(consultation, person, request, client_for):
    contribution = pending(consultation)
    client = client_for(request.getfixturevalue(person))
    assert client.get(list_url(consultation)).status_code == 404
    assert client.get(detail_url(contribution)).status_code == 404
    assert client.post(list_url(consultation), {"action": "approve",
                                                "number": contribution.number}).status_code == 404


def test_managers_may_review_too(consultation, manager, client_for):
    assert client_for(manager).get(list_url(consultation)).status_code == 200


def test_approve_one_makes_it_public(consultation, moderator, client_for):
    contribution = pending(consultation)
    response = client_for(moderator).post(list_url(consultation),
                                          {"action": "approve", "number": contribution.number},
                                          follow=True)
    assert "may now be published" in response.content.decode()
    assert list(selectors.public_contributions(consultation)) == [contribution]


def test_approve_all_on_the_page(consultation, moderator, client_for):
    rows = [pending(consultation) for _ in range(3)]
    client = client_for(moderator)
    html = client.get(list_url(consultation)).content.decode()
    assert "Approve all 3 contributions on this page" in html
    response = client.post(list_url(consultation), {
        "action": "approve_page", "numbers": [str(r.number) for r in rows]}, follow=True)
    assert "3 contributions were approved." in response.content.decode()
    assert not Contribution.objects.filter(redaction_approved_at__isnull=True).exists()
    html = client.get(list_url(consultation, "?status=approved")).content.decode()
    assert html.count("badge-active") == 3


def test_the_detail_highlights_and_names_each_redaction(consultation, moderator, client_for):
    contribution = pending(consultation)
    html = client_for(moderator).get(detail_url(contribution)).content.decode()
    assert '<mark class="redaction-mark">' in html
    assert "[E-mail address]" in html
    assert "Keep visible" in html
    assert 'name="words"' in html


def test_keep_visible_then_hide_words_then_approve(consultation, moderator, client_for):
    contribution = pending(consultation)
    client = client_for(moderator)
    client.post(detail_url(contribution), {"action": "remove", "start": 23, "end": 45})
    contribution.refresh_from_db()
    assert contribution.redactions == []
    response = client.post(detail_url(contribution), {
        "action": "hide", "words": "Ion Popescu", "kind": "name", "all_occurrences": "on"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.redactions == [[10, 21, "name"]]
    response = client.post(detail_url(contribution), {
        "action": "hide", "words": "ion.popescu@example.ro", "kind": "email"})
    contribution.refresh_from_db()
    assert contribution.body_redacted == "Mă numesc [redacted], [redacted]. Vreau parcări."
    client.post(detail_url(contribution), {"action": "approve"})
    contribution.refresh_from_db()
    assert contribution.redaction_approved_by == moderator


def test_words_not_in_the_text_keep_what_was_typed(consultation, moderator, client_for):
    contribution = pending(consultation)
    response = client_for(moderator).post(detail_url(contribution), {
        "action": "hide", "words": "Maria Ionescu", "kind": "name"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "does not appear in the original text" in html
    assert 'value="Maria Ionescu"' in html


def test_approving_goes_to_the_next_contribution_waiting(consultation, moderator, client_for):
    first, second = pending(consultation), pending(consultation)
    response = client_for(moderator).post(detail_url(first), {"action": "approve"})
    assert response["Location"] == detail_url(second)


def test_the_list_runs_a_fixed_number_of_queries(consultation, articles, moderator, client_for):
    for _ in range(3):
        pending(consultation, article=articles[0])

    def grow() -> None:
        for index in range(27):
            pending(consultation, article=articles[1] if index % 2 else None)

    few, many = assert_constant_queries(client_for(moderator), list_url(consultation), grow)
    assert few.content.decode().count('<tr id="c-') == 3
    assert many.content.decode().count('<tr id="c-') == 25
