"""Demo content of a proposals component, so that its journal has something to show:

- four **categories** (mobility, green spaces, public space, digital services);
- a dozen **proposals from every channel**: written online (some with a map point in
  Timișoara), registered from a letter, an e-mail and a visit to the city hall (their personal
  data checked, then published), and one made from a consultation's contribution answered "out
  of scope — noted for the action plan" when the demo has one;
- one **withdrawn** by its author;
- **supports**, one proposal over the (small) demo threshold, with its answer deadline;
- **answers** drafted by one official and approved by another, then published.

The proposals are written through the services. Supports and answers are written here as
their services would (those belong to the supports and evaluation work). Running it again
changes nothing: a component that has proposals is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.consultations.models import Contribution
from participa.components.consultations.models import Outcome as ContributionOutcome
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import (
    Channel,
    Outcome,
    Proposal,
    ProposalCategory,
    Publication,
    Support,
)
from participa.components.proposals.services.answers import (
    proposal_answer_approve,
    proposal_answer_publish,
    proposal_answer_save_draft,
)
from participa.components.proposals.services.from_contributions import (
    proposal_from_contribution,
)
from participa.components.proposals.services.intake import (
    proposal_publish_registered,
    proposal_register,
)
from participa.components.proposals.services.proposals import (
    proposal_create,
    proposal_line,
    proposal_withdraw,
)
from participa.components.proposals.services.tracking import proposal_track
from participa.core.audit import record
from participa.core.models import Role, RoleKind, User
from participa.spaces.models import Component, SpaceMembership
from participa.tracking.models import TrackedStatus
from participa.tracking.services import (
    expense_add,
    milestone_add,
    milestone_complete,
    tracked_item_publish,
    tracked_item_update,
)

CATEGORIES: list[dict[str, str]] = [
    {"ro": "Mobilitate", "pl": "Mobilność", "en": "Mobility"},
    {"ro": "Spații verzi", "pl": "Tereny zielone", "en": "Green spaces"},
    {"ro": "Spațiu public", "pl": "Przestrzeń publiczna", "en": "Public space"},
    {"ro": "Servicii digitale", "pl": "Usługi cyfrowe", "en": "Digital services"},
]

# Online proposals: (title, text, category index, map point or None, publication).
ONLINE: list[tuple[str, str, int, tuple[str, str] | None, str]] = [
    ("Pistă de biciclete pe Calea Șagului",
     "O pistă separată de carosabil între Piața Badea Cârțan și Calea Martirilor, ca elevii "
     "să poată merge în siguranță cu bicicleta la școală.", 0, ("45.738200", "21.217600"),
     Publication.NAMED),
    ("Bănci și umbră în Parcul Rozelor",
     "Mai multe bănci la umbră pe aleea principală și câțiva arbori noi lângă locul de joacă.",
     1, ("45.751000", "21.231200"), Publication.NAMED),
    ("Cișmele cu apă potabilă în Piața Victoriei",
     "Două cișmele vara, la capetele pieței, pentru turiști și pentru cei care așteaptă "
     "autobuzul.", 2, ("45.753600", "21.225400"), Publication.ANONYMOUS),
    ("Programări online la ghișeele de taxe locale",
     "Un calendar online pentru programări, ca să nu mai stăm la coadă dimineața.", 3, None,
     Publication.NAMED),
    ("Stații de autobuz acoperite în Zona Sud",
     "Stațiile de pe Calea Aradului nu au acoperiș: iarna și vara așteptarea este grea.", 0,
     ("45.770100", "21.226300"), Publication.NAMED),
    ("Grădină comunitară în Fabric",
     "Un teren neîngrijit de pe strada Ștefan cel Mare poate deveni grădină comunitară "
     "îngrijită de vecini.", 1, ("45.757900", "21.245800"), Publication.NAMED),
    ("Semafor cu buton la trecerea de lângă Școala 30",
     "Copiii traversează greu la ore de vârf; un semafor la cerere ar ajuta.", 0, None,
     Publication.NAMED),
]

# Received offline: (channel, sender, e-mail, title, text as received, category, publication).
OFFLINE: list[tuple[str, str, str, str, str, int, str]] = [
    (Channel.LETTER, "Gheorghe Vlad", "", "Iluminat pe strada Lalelelor",
     "Subsemnatul Gheorghe Vlad, tel. 0744 123 456, vă rog să montați iluminat public pe "
     "strada Lalelelor: seara este întuneric complet.", 2, Publication.NAMED),
    (Channel.EMAIL, "Ana Munteanu", "ana.munteanu@example.ro", "Coșuri de gunoi selective",
     "Bună ziua, sunt Ana Munteanu. Propun coșuri pentru colectare selectivă în toate "
     "parcurile. Mă găsiți la ana.munteanu@example.ro.", 1, Publication.ANONYMOUS),
    (Channel.IN_PERSON, "Asociația de proprietari 14", "", "Parcare pentru riverani",
     "Propunem locuri de parcare rezervate riveranilor în zona blocurilor de pe Aleea "
     "Azurului, cu abonament lunar.", 0, Publication.NAMED),
]

ANSWERS: list[tuple[int, str, str]] = [
    # (index in the proposals made, outcome, justification)
    (0, Outcome.INTEGRATED, "Pista este inclusă în planul de mobilitate 2026-2030, acțiunea "
                            "M-12, cu termen 2027."),
    (1, Outcome.ACCEPTED, ""),
    (3, Outcome.ALREADY_DONE, "Programările online sunt disponibile din martie pe "
                              "portalul de servicii."),
    (6, Outcome.EVALUATING, ""),
    (7, Outcome.FORWARDED, "Iluminatul public pe această stradă ține de furnizorul de "
                           "energie; am transmis cererea și vă vom anunța răspunsul."),
]

THRESHOLD = 3


def _people(component: Component) -> dict[str, Any]:
    """Who acts in the demo: found by role, so any organization can be seeded."""
    org = component.space.organization
    admins = list(User.objects.filter(organization=org, roles__kind=RoleKind.ADMIN)
                  .order_by("pk").distinct())
    managers = [membership.user for membership in SpaceMembership.objects.filter(
        space=component.space, role=SpaceMembership.Role.MANAGER).select_related("user")
        .order_by("pk")]
    staff_ids = set(Role.objects.filter(organization=org).values_list("user_id", flat=True))
    staff_ids |= set(SpaceMembership.objects.filter(space__organization=org)
                     .values_list("user_id", flat=True))
    residents = list(User.objects.filter(organization=org, is_active=True,
                                         deleted_at__isnull=True)
                     .exclude(pk__in=staff_ids).order_by("pk"))
    drafter = managers[0] if managers else (admins[0] if admins else None)
    reviewer = next((user for user in admins + managers if user != drafter), None)
    # Supporters: anyone of the organization (staff are residents too).
    supporters = list(User.objects.filter(organization=org, is_active=True,
                                          deleted_at__isnull=True).order_by("pk"))
    return {"drafter": drafter, "reviewer": reviewer, "residents": residents,
            "supporters": supporters, "admin": admins[0] if admins else None}


def _moment(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _answer(proposal: Proposal, *, drafter: User, reviewer: User, outcome: str,
            justification: str) -> None:
    """An answer drafted by one official, approved by another (four eyes) and published,
    through the answers services (an integrated one names its commitment)."""
    integrated = outcome == Outcome.INTEGRATED
    answer = proposal_answer_save_draft(
        acting_user=drafter, proposal=proposal, outcome=outcome, justification=justification,
        commitment_title="Planul de mobilitate urbană 2026-2030, acțiunea M-12"
        if integrated else "",
        commitment_url="https://www.primariatm.ro/plan-mobilitate/m-12" if integrated else "")
    proposal_answer_approve(acting_user=reviewer, answer=answer)
    proposal_answer_publish(acting_user=drafter, answer=answer)


def _supports(proposal: Proposal, supporters: list[User], component: Component,
              drafter: User) -> None:
    for user in supporters:
        Support.objects.get_or_create(proposal=proposal, user=user)
    count = Support.objects.filter(proposal=proposal).count()
    values: dict[str, Any] = {"supports_count": count}
    if count >= THRESHOLD:
        values.update(threshold_reached_at=_moment(-2),
                      answer_due_on=timezone.localdate() + datetime.timedelta(days=28))
    Proposal.objects.filter(pk=proposal.pk).update(**values)
    if count >= THRESHOLD:
        proposal.refresh_from_db()
        record(organization=component.space.organization, actor=None,
               action=ProposalAction.PROPOSAL_THRESHOLD, obj=proposal,
               changes={"supports_count": [None, count]},
               public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_THRESHOLD)])


def _from_consultation(component: Component, drafter: User) -> Proposal | None:
    """The organization's first contribution answered "out of scope", made a proposal."""
    org = component.space.organization
    contribution = (Contribution.objects
                    .filter(consultation__component__space__organization=org,
                            answer__outcome=ContributionOutcome.OUT_OF_SCOPE,
                            answer__state=AnswerState.PUBLISHED, proposal__isnull=True)
                    .order_by("pk").first())
    if contribution is None:
        return None
    return proposal_from_contribution(acting_user=drafter, contribution=contribution,
                                      component=component)


def seed(component: Component) -> None:
    """Add the demo categories and proposals; running it again changes nothing."""
    if Proposal.objects.filter(component=component).exists():
        return
    people = _people(component)
    drafter, reviewer, residents = people["drafter"], people["reviewer"], people["residents"]
    if drafter is None or not residents:
        return
    with transaction.atomic():
        Component.objects.filter(pk=component.pk).update(settings={
            **component.settings, "threshold_supports": THRESHOLD, "threshold_days": 90,
            "answer_days": 30})
        categories = [ProposalCategory.objects.create(component=component, name=name,
                                                      position=index)
                      for index, name in enumerate(CATEGORIES)]
        space = component.space
        made: list[Proposal] = []
        for index, (title, body, category, point, publication) in enumerate(ONLINE):
            author = residents[index % len(residents)]
            data: dict[str, Any] = {"title": title, "body": body,
                                    "category": categories[category],
                                    "publication": publication, "scope": space.scope,
                                    "area": space.area}
            if point is not None:
                data.update(latitude=Decimal(point[0]), longitude=Decimal(point[1]))
            made.append(proposal_create(acting_user=author, component=component, data=data,
                                        publish=True))
        for index, (channel, sender, email, title, body, category, publication) in enumerate(
                OFFLINE):
            proposal = proposal_register(
                acting_user=drafter, component=component, channel=channel,
                received_at=_moment(-20 + 4 * index), author_name=sender, author_email=email,
                title=title, body=body, publication=publication,
                category=categories[category], scope=space.scope, area=space.area)
            made.append(proposal_publish_registered(acting_user=drafter, proposal=proposal))
        from_consultation = _from_consultation(component, drafter)
        if from_consultation is not None:
            made.append(from_consultation)
        # One withdrawn by its author (the sixth online one).
        withdrawn = made[5]
        proposal_withdraw(acting_user=withdrawn.author or drafter, proposal=withdrawn)
        # Supports: the first proposal over the threshold, two others below it.
        supporters = people["supporters"]
        _supports(made[0], supporters[:THRESHOLD + 1], component, drafter)
        _supports(made[1], supporters[2:4], component, drafter)
        _supports(made[4], supporters[:1], component, drafter)
        if reviewer is not None:
            for index, outcome, justification in ANSWERS:
                _answer(made[index], drafter=drafter, reviewer=reviewer, outcome=outcome,
                        justification=justification)
            if people["admin"] is not None:  # administrators track any department's work
                _track(made[1], people["admin"])


def _track(proposal: Proposal, official: User) -> None:
    """The accepted proposal's implementation, tracked in public: planned cost, milestones
    (one done), one expense and a progress report."""
    today = timezone.localdate()
    item = proposal_track(acting_user=official, proposal=proposal)
    item = tracked_item_update(acting_user=official, item=item, status=TrackedStatus.PROCUREMENT,
                               progress=20, planned_cost=Decimal("185000.00"),
                               start_on=today - datetime.timedelta(days=30),
                               end_on=today + datetime.timedelta(days=150))
    done = milestone_add(acting_user=official, item=item, title="Proiect tehnic aprobat",
                         due_on=today - datetime.timedelta(days=10))
    milestone_complete(acting_user=official, milestone=done,
                       done_on=today - datetime.timedelta(days=12))
    milestone_add(acting_user=official, item=item, title="Contract de execuție semnat",
                  due_on=today + datetime.timedelta(days=30))
    milestone_add(acting_user=official, item=item, title="Lucrări finalizate și recepționate",
                  due_on=today + datetime.timedelta(days=150))
    expense_add(acting_user=official, item=item, amount=Decimal("12400.00"),
                spent_on=today - datetime.timedelta(days=12),
                description="Proiect tehnic și avize")
    item = tracked_item_publish(acting_user=official, item=item)
    tracked_item_update(acting_user=official, item=item, progress=25,
                        note="Documentația de atribuire a fost publicată în SEAP.")
