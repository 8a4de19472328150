"""The receipt of a contribution: for its author only."""

from __future__ import annotations

from django.urls import reverse

from participa.components.consultations.models import ContributionType, Publication
from participa.components.consultations.services.contributions import (
    contribution_submit_online,
)


def url(contribution):
    consultation = contribution.consultation
    component = consultation.component
    return reverse("spaces:consultations:receipt",
                   args=[component.space.slug, component.pk, consultation.slug,
                         contribution.number])


def test_it_shows_the_receipt_to_its_author(client_for, consultation, resident):
    contribution = contribution_submit_online(
        acting_user=resident, consultation=consultation, body="Lower the fee, please.",
        type=ContributionType.PROPOSAL, publication=Publication.NOT_PUBLISHED)
    response = client_for(resident).get(url(contribution))
    assert response.status_code == 200
    content = response.content.decode()
    assert contribution.registration_label in content
    assert "Lower the fee, please." in content
    assert "Do not publish (counted only)" in content
    assert "We e-mailed you this receipt." in content


def test_it_is_404_for_anyone_else(client_for, consultation, resident, ngo_member, manager):
    contribution = contribution_submit_online(
        acting_user=resident, consultation=consultation, body="Mine",
        type=ContributionType.PROPOSAL, publication=Publication.NAMED)
    for user in (None, ngo_member, manager):
        assert client_for(user).get(url(contribution)).status_code == 404
