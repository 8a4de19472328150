"""Campaign services: detection, answered campaigns kept, removal, renaming, merging."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participa.components.consultations.models import Answer, Campaign, Contribution, Outcome
from participa.components.consultations.services.campaigns import (
    campaign_merge,
    campaign_remove_member,
    campaign_rename,
    campaigns_detect,
)
from participa.components.consultations.tests.conftest import make_contribution
from participa.core.models import AuditEntry

LETTER = (
    "We ask the city hall to keep the old trees on the main boulevard and to build the new "
    "bicycle lane on the other side of the street, where there is room enough without cutting "
    "a single tree. Please publish the study of the traffic before the decision is adopted."
)
FEES = (
    "The parking fee in the centre is far too high for the families who live there; lower it "
    "to three lei per hour and give residents a yearly card at a fair price like other cities."
)


def _contribution(consultation, body, redacted=None, **extra):
    extra.setdefault("channel", "post")
    contribution = make_contribution(consultation, body=body, **extra)
    if redacted is not None:
        contribution.body_redacted = redacted
        contribution.redaction_approved_at = contribution.redaction_approved_at if redacted \
            else None
        contribution.save(update_fields=["body_redacted", "redaction_approved_at"])
    return contribution


def _letter_from(consultation, name, body=LETTER, **extra):
    """A campaign letter whose signature differs but is redacted in the published text."""
    extra.setdefault("channel", "email")
    return _contribution(consultation, f"{body}\nCu stimă, {name}",
                         f"{body}\nCu stimă, =anonimizat=", author_name=name, **extra)


def _members(campaign):
    return sorted(campaign.contributions.values_list("number", flat=True))


def test_it_groups_near_identical_contributions_into_campaigns(consultation, manager):
    trees = [_letter_from(consultation, name) for name in ("Ana Pop", "Ion Dinu", "Maria Ilie")]
    edited = _letter_from(consultation, "Dan Radu", body=LETTER.replace("old trees", "trees"))
    fees = [_contribution(consultation, FEES), _contribution(consultation, FEES.upper() + "!!")]
    alone = _contribution(consultation, "When will the bus line 33 run again?")

    result = campaigns_detect(acting_user=manager, consultation=consultation)

    assert (result.campaigns, result.created, result.grouped) == (2, 2, 6)
    campaigns = list(Campaign.objects.filter(consultation=consultation))
    assert sorted(_members(c) for c in campaigns) == sorted([
        [c.number for c in [*trees, edited]], [c.number for c in fees]])
    alone.refresh_from_db()
    assert alone.campaign is None
    entry = AuditEntry.objects.get(action="campaign.detect")
    assert entry.actor == manager
    assert entry.changes["campaigns"] == 2 and entry.changes["threshold"] == 0.8


def test_it_compares_the_redacted_text_when_there_is_one(consultation, manager):
    # Same letter, long and different signatures: only the redacted texts are near-identical.
    signature = " ".join(["Ana Maria Popescu, strada Lalelelor 12, Timișoara, telefon"] * 5)
    other = " ".join(["Ion Ionescu, bulevardul Revoluției 1, Arad, e-mail"] * 5)
    _contribution(consultation, f"{FEES}\n{signature}", FEES)
    _contribution(consultation, f"{FEES}\n{other}", FEES)
    _contribution(consultation, f"{FEES}\n{other} 2", "")
    assert campaigns_detect(acting_user=manager, consultation=consultation).grouped == 2


def test_it_uses_the_consultations_threshold(consultation, manager):
    _letter_from(consultation, "Ana Pop")
    _letter_from(consultation, "Dan Radu",
                 body=LETTER.replace("old trees", "trees").replace("Please", "You must"))
    consultation.similarity_threshold = 0.95
    consultation.save(update_fields=["similarity_threshold"])
    assert campaigns_detect(acting_user=manager, consultation=consultation).campaigns == 0
    consultation.similarity_threshold = 0.8
    consultation.save(update_fields=["similarity_threshold"])
    assert campaigns_detect(acting_user=manager, consultation=consultation).campaigns == 1


def test_an_answered_campaign_is_kept_as_it_is(consultation, manager):
    first = [_letter_from(consultation, name) for name in ("Ana Pop", "Ion Dinu")]
    campaigns_detect(acting_user=manager, consultation=consultation)
    answered = Campaign.objects.get()
    Answer.objects.create(consultation=consultation, campaign=answered,
                          outcome=Outcome.REJECTED, justification="The lane needs the space.",
                          drafted_by=manager)
    later = [_letter_from(consultation, name) for name in ("Maria Ilie", "Dan Radu")]

    result = campaigns_detect(acting_user=manager, consultation=consultation)

    assert result.kept_answered == 1
    assert _members(answered) == [c.number for c in first]  # its collective answer stays valid
    assert Campaign.objects.count() == 2
    newer = Campaign.objects.exclude(pk=answered.pk).get()
    assert _members(newer) == [c.number for c in later]


def test_a_campaign_keeps_its_name_when_detected_again(consultation, manager):
    letters = [_letter_from(consultation, name) for name in ("Ana Pop", "Ion Dinu")]
    campaigns_detect(acting_user=manager, consultation=consultation)
    campaign = Campaign.objects.get()
    campaign_rename(acting_user=manager, campaign=campaign, label="  Save the   trees ")
    _letter_from(consultation, "Maria Ilie")

    result = campaigns_detect(acting_user=manager, consultation=consultation)

    assert (result.created, result.updated) == (0, 1)
    campaign.refresh_from_db()
    assert campaign.label == "Save the trees"
    assert len(_members(campaign)) == len(letters) + 1


def test_a_campaign_no_longer_similar_is_dissolved_by_detection(consultation, manager):
    a, b = _letter_from(consultation, "Ana Pop"), _letter_from(consultation, "Ion Dinu")
    campaigns_detect(acting_user=manager, consultation=consultation)
    Contribution.objects.filter(pk=b.pk).update(body_redacted=FEES)
    result = campaigns_detect(acting_user=manager, consultation=consultation)
    assert (result.campaigns, result.dissolved) == (0, 1)
    assert not Campaign.objects.exists()
    assert not Contribution.objects.filter(pk__in=[a.pk, b.pk], campaign__isnull=False).exists()


def test_removing_one_of_two_members_dissolves_the_campaign(consultation, manager):
    a, b = _letter_from(consultation, "Ana Pop"), _letter_from(consultation, "Ion Dinu")
    campaigns_detect(acting_user=manager, consultation=consultation)

    assert campaign_remove_member(acting_user=manager, contribution=a) is True

    assert not Campaign.objects.exists()
    b.refresh_from_db()
    assert b.campaign is None
    assert AuditEntry.objects.filter(action="campaign.remove_member").count() == 1
    assert AuditEntry.objects.filter(action="campaign.dissolve").count() == 1


def test_removing_a_member_of_a_larger_campaign_keeps_it(consultation, manager):
    a, *others = [_letter_from(consultation, n) for n in ("Ana Pop", "Ion Dinu", "Dan Radu")]
    campaigns_detect(acting_user=manager, consultation=consultation)
    assert campaign_remove_member(acting_user=manager, contribution=a) is False
    campaign = Campaign.objects.get()
    assert _members(campaign) == [c.number for c in others]


def test_an_answered_campaign_is_not_dissolved_by_a_removal(consultation, manager):
    a, b = _letter_from(consultation, "Ana Pop"), _letter_from(consultation, "Ion Dinu")
    campaigns_detect(acting_user=manager, consultation=consultation)
    campaign = Campaign.objects.get()
    Answer.objects.create(consultation=consultation, campaign=campaign,
                          outcome=Outcome.ACCEPTED, drafted_by=manager)
    assert campaign_remove_member(acting_user=manager, contribution=a) is False
    assert _members(campaign) == [b.number]


def test_a_name_too_long_is_refused(consultation, manager):
    _letter_from(consultation, "Ana Pop"), _letter_from(consultation, "Ion Dinu")
    campaigns_detect(acting_user=manager, consultation=consultation)
    with pytest.raises(ValidationError):
        campaign_rename(acting_user=manager, campaign=Campaign.objects.get(), label="x" * 201)


def test_campaigns_can_be_merged_unless_the_merged_one_is_answered(consultation, manager):
    trees = [_letter_from(consultation, n) for n in ("Ana Pop", "Ion Dinu")]
    fees = [_contribution(consultation, FEES) for _ in range(2)]
    campaigns_detect(acting_user=manager, consultation=consultation)
    tree_campaign = Campaign.objects.get(contributions=trees[0])
    fee_campaign = Campaign.objects.get(contributions=fees[0])
    Answer.objects.create(consultation=consultation, campaign=fee_campaign,
                          outcome=Outcome.ACCEPTED, drafted_by=manager)
    with pytest.raises(ValidationError):
        campaign_merge(acting_user=manager, target=tree_campaign, others=[fee_campaign])
    campaign_merge(acting_user=manager, target=fee_campaign, others=[tree_campaign])
    assert len(_members(fee_campaign)) == 4
    assert not Campaign.objects.filter(pk=tree_campaign.pk).exists()


def test_detection_writes_in_bulk(consultation, manager, django_assert_max_num_queries):
    Contribution.objects.bulk_create([
        Contribution(consultation=consultation, number=n, type="proposal", channel="email",
                     body=f"{LETTER}\nCu stimă, persoana {n}",
                     body_redacted=f"{LETTER}\n=anonimizat=" if n % 3 else f"{FEES} {n % 2}",
                     publication="named")
        for n in range(1, 601)
    ])
    with django_assert_max_num_queries(20):
        result = campaigns_detect(acting_user=manager, consultation=consultation)
    assert result.campaigns == 2 and result.grouped == 600


def test_a_contribution_taken_out_of_a_campaign_stays_out_after_a_new_detection(
        consultation, resident, manager):
    from participa.components.consultations.services.campaigns import (
        campaign_remove_member,
        campaigns_detect,
    )
    from participa.components.consultations.tests.conftest import make_contribution

    letter = "We oppose the new parking fees in the centre; keep them as they are today."
    members = [make_contribution(consultation, author=resident, body=letter) for _ in range(3)]
    campaigns_detect(acting_user=manager, consultation=consultation)
    members[0].refresh_from_db()
    assert members[0].campaign_id is not None
    campaign_remove_member(acting_user=manager, contribution=members[0])
    campaigns_detect(acting_user=manager, consultation=consultation)
    for member in members:
        member.refresh_from_db()
    assert members[0].campaign_id is None
    assert members[1].campaign_id is not None and members[1].campaign_id == members[2].campaign_id
