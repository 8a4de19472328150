"""Staff pages of campaigns: list, detection, members, renaming and removal."""

from __future__ import annotations

from django.urls import reverse

from participa.components.consultations.models import Answer, Campaign, Contribution, Outcome
from participa.components.consultations.tests.conftest import make_consultation, make_space
from participa.components.consultations.tests.test_campaigns_services import (
    FEES,
    LETTER,
    _contribution,
    _letter_from,
)
from participa.core.models import AuditEntry
from participa.testing import assert_constant_queries


def url(consultation, name="manage_campaigns", *extra):
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *extra])


def _campaign(consultation, body=LETTER, size=2):
    campaign = Campaign.objects.create(consultation=consultation)
    for n in range(size):
        _letter_from(consultation, f"Person {n}", body=body, campaign=campaign)
    return campaign


def test_it_lists_the_campaigns_with_signatories_excerpt_and_answer(client_for, consultation,
                                                                     manager):
    trees = _campaign(consultation, size=3)
    fees = _campaign(consultation, body=FEES)
    Campaign.objects.filter(pk=fees.pk).update(label="Lower the parking fee")
    Answer.objects.create(consultation=consultation, campaign=fees, outcome=Outcome.ACCEPTED,
                          drafted_by=manager)

    response = client_for(manager).get(url(consultation))

    assert response.status_code == 200
    text = response.text
    assert text.index(f"Campaign {trees.pk}") < text.index("Lower the parking fee")  # largest first
    assert "We ask the city hall to keep the old trees" in text
    assert "Cu stimă, Person" not in text  # the redacted text, not the signature
    assert f"{url(consultation, 'manage_answers')}?campaign={fees.pk}" in text
    assert "No answer yet" in text and "Draft: Accepted" in text
    assert "80%" in text
    assert url(consultation, "manage_edit") in text
    assert url(consultation, "manage_campaign_detect") in text


def test_it_says_what_to_do_when_there_are_no_campaigns(client_for, consultation, manager):
    response = client_for(manager).get(url(consultation))
    assert "No campaigns yet." in response.text


def test_detection_by_post_creates_the_campaigns(client_for, consultation, manager):
    for name in ("Ana Pop", "Ion Dinu", "Maria Ilie"):
        _letter_from(consultation, name)
    _contribution(consultation, FEES)
    client = client_for(manager)

    assert client.get(url(consultation, "manage_campaign_detect")).status_code == 405
    response = client.post(url(consultation, "manage_campaign_detect"), follow=True)

    assert response.redirect_chain[-1][0] == url(consultation)
    campaign = Campaign.objects.get(consultation=consultation)
    assert campaign.contributions.count() == 3
    assert "Detection finished: 1 campaign groups 3 contributions." in response.text
    assert AuditEntry.objects.filter(action="campaign.detect", actor=manager).exists()


def test_detection_says_when_nothing_is_similar(client_for, consultation, manager):
    _contribution(consultation, FEES)
    _contribution(consultation, LETTER)
    response = client_for(manager).post(url(consultation, "manage_campaign_detect"), follow=True)
    assert "no contributions are similar enough" in response.text
    assert not Campaign.objects.exists()


def test_the_detail_shows_the_members(client_for, consultation, manager):
    campaign = _campaign(consultation, size=3)
    numbers = sorted(campaign.contributions.values_list("number", flat=True))
    response = client_for(manager).get(url(consultation, "manage_campaign_detail", campaign.pk))
    assert response.status_code == 200
    assert "3 signatories." in response.text
    for number in numbers:
        assert url(consultation, "manage_campaign_remove", campaign.pk, number) in response.text
    assert "E-mail" in response.text
    assert '<label for="id_label">' in response.text


def test_the_campaign_can_be_renamed(client_for, consultation, manager):
    campaign = _campaign(consultation)
    address = url(consultation, "manage_campaign_detail", campaign.pk)
    response = client_for(manager).post(address, {"label": "Save the trees"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.label == "Save the trees"


def test_a_name_too_long_is_explained_and_kept(client_for, consultation, manager):
    campaign = _campaign(consultation)
    address = url(consultation, "manage_campaign_detail", campaign.pk)
    response = client_for(manager).post(address, {"label": "trees " * 40})
    assert response.status_code == 200
    assert "at most 200 characters" in response.text
    assert "trees trees" in response.text
    campaign.refresh_from_db()
    assert campaign.label == ""


def test_removal_asks_for_confirmation_then_dissolves_a_pair(client_for, consultation, manager):
    campaign = _campaign(consultation)
    first = campaign.contributions.order_by("number").first()
    address = url(consultation, "manage_campaign_remove", campaign.pk, first.number)
    client = client_for(manager)

    confirm = client.get(address)
    assert confirm.status_code == 200
    assert "will be dissolved" in confirm.text
    assert Contribution.objects.filter(campaign=campaign).count() == 2

    response = client.post(address, follow=True)
    assert response.redirect_chain[-1][0] == url(consultation)
    assert "was dissolved" in response.text
    assert not Campaign.objects.exists()


def test_removal_from_a_larger_campaign_returns_to_it(client_for, consultation, manager):
    campaign = _campaign(consultation, size=3)
    first = campaign.contributions.order_by("number").first()
    response = client_for(manager).post(
        url(consultation, "manage_campaign_remove", campaign.pk, first.number))
    assert response["Location"] == url(consultation, "manage_campaign_detail", campaign.pk)
    assert campaign.contributions.count() == 2


def test_it_answers_404_to_everybody_else(client_for, consultation, resident, ngo_member,
                                          district_rep, moderator):
    campaign = _campaign(consultation)
    number = campaign.contributions.first().number
    anonymous = client_for(None)
    assert anonymous.get(url(consultation)).url.startswith("/accounts/login/?next=")
    assert anonymous.post(url(consultation, "manage_campaign_remove", campaign.pk, number)
                          ).url.startswith("/accounts/login/?next=")
    for user in (resident, ngo_member, district_rep, moderator):
        client = client_for(user)
        assert client.get(url(consultation)).status_code == 404
        assert client.post(url(consultation, "manage_campaign_detect")).status_code == 404
        assert client.get(url(consultation, "manage_campaign_detail", campaign.pk)
                          ).status_code == 404
        assert client.post(url(consultation, "manage_campaign_remove", campaign.pk, number)
                           ).status_code == 404
    assert campaign.contributions.count() == 2


def test_it_answers_404_to_another_organization(client_for, consultation, outsider):
    client = client_for(outsider, host="other.test")
    assert client.get(url(consultation)).status_code == 404


def test_it_answers_404_for_a_consultation_or_campaign_elsewhere(client_for, consultation,
                                                                 component, manager, admin, org):
    from participa.components.consultations.tests.conftest import make_component

    other_component = make_component(make_space(org, slug="elsewhere"))
    stranger = make_consultation(other_component, slug="stranger")
    foreign = _campaign(stranger)
    client = client_for(admin)
    assert client.get(reverse("manage:consultations:manage_campaigns",
                              args=[component.space.slug, component.pk, stranger.pk])
                      ).status_code == 404
    assert client.get(url(consultation, "manage_campaign_detail", foreign.pk)).status_code == 404
    mine = _campaign(consultation)
    number = foreign.contributions.first().number + 100
    assert client.post(url(consultation, "manage_campaign_remove", mine.pk, number)
                       ).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client_for, consultation, manager):
    for _ in range(3):
        _campaign(consultation)

    def grow() -> None:
        for _ in range(27):
            _campaign(consultation)

    few, many = assert_constant_queries(client_for(manager), url(consultation), grow)
    assert few.text.count("Answer the campaign") == 3
    assert many.text.count("Answer the campaign") == 25  # one page


def test_the_detail_runs_a_fixed_number_of_queries(client_for, consultation, manager):
    campaign = _campaign(consultation, size=3)

    def grow() -> None:
        for n in range(27):
            _letter_from(consultation, f"Other {n}", campaign=campaign)

    few, many = assert_constant_queries(
        client_for(manager), url(consultation, "manage_campaign_detail", campaign.pk), grow)
    assert many.text.count("<tr") > few.text.count("<tr") > 0
