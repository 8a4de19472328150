"""Demo content: three consultations that show the whole life of a draft decision.

- an **open** consultation on the parking regulation of the city centre: recommendations sent
  online and by e-mail (with personal data that the redaction removed), a campaign of identical
  letters, a debate requested by the NGO and scheduled, answers being drafted and reviewed, two
  contributions still waiting for the moderator;
- a **closed** consultation on the protection of trees, closed as final: every contribution
  answered and published, a final text whose changes are linked to the contributions that caused
  them, and the synthesis report published;
- an **upcoming** consultation on the rules of terraces, announced and opening next week.

Every write goes through the services, by the people of the organization: a space manager
drafts, an administrator reviews (four eyes), the NGO asks for the debate, residents write.
Running it again changes nothing: a consultation whose address exists is left alone.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.db import transaction
from django.utils import timezone

from participa.components.consultations.models import (
    Channel,
    Consultation,
    ContributionType,
    Outcome,
    Publication,
    VersionKind,
)
from participa.components.consultations.services import (
    answers,
    campaigns,
    debates,
    moderation,
    reports,
    versions,
)
from participa.components.consultations.services import consultations as setup
from participa.components.consultations.services import contributions as intake
from participa.core.models import GroupKind, Role, RoleKind, User, UserGroup
from participa.lib.documents import parse_markdown
from participa.lib.documents.testing import make_docx
from participa.spaces.models import Component, SpaceMembership

PARKING_SLUG = "regulament-parcare-zona-centrala"
TREES_SLUG = "regulament-protectia-arborilor"
TERRACES_SLUG = "regulament-terase-sezoniere"

PARKING_DRAFT = """Proiect de hotărâre privind aprobarea Regulamentului de parcare în zona centrală

Art. 1. Obiectul regulamentului
(1) Prezentul regulament stabilește regulile de parcare pe domeniul public din zona \
centrală a municipiului.
(2) Zona centrală este delimitată în anexa nr. 1.

Art. 2. Tarife
(1) Tariful de parcare este de 5 lei pe oră, între orele 8:00 și 20:00, de luni până vineri.
(2) Sâmbăta, duminica și în zilele de sărbătoare legală parcarea este gratuită.

Art. 3. Abonamente pentru locuitori
(1) Locuitorii cu domiciliul în zona centrală pot obține un abonament anual de 100 de lei \
pentru un singur autoturism.
(2) Abonamentul se eliberează online sau la ghișeul unic, pe baza actului de identitate.

Art. 4. Locuri rezervate
Se rezervă cel puțin 4% din locuri pentru persoanele cu dizabilități, gratuit.

Art. 5. Intrarea în vigoare
Prezenta hotărâre intră în vigoare la 30 de zile de la publicare.
"""

TREES_DRAFT = """Proiect de hotărâre privind protecția arborilor din intravilan

Art. 1. Domeniul de aplicare
Regulamentul se aplică tuturor arborilor de pe domeniul public și privat al municipiului.

Art. 2. Tăierea arborilor
(1) Tăierea unui arbore sănătos se aprobă numai pe baza unui aviz al comisiei de spații verzi.
(2) Pentru fiecare arbore tăiat se plantează doi arbori noi în același cartier.

Art. 3. Sancțiuni
Tăierea fără aviz se sancționează cu amendă de la 1.000 la 5.000 de lei.
"""

TREES_FINAL = """Hotărâre privind protecția arborilor din intravilan

Art. 1. Domeniul de aplicare
Regulamentul se aplică tuturor arborilor de pe domeniul public și privat al municipiului.

Art. 2. Tăierea arborilor
(1) Tăierea unui arbore sănătos se aprobă numai pe baza unui aviz al comisiei de spații \
verzi, publicat pe site cu cel puțin 15 zile înainte.
(2) Pentru fiecare arbore tăiat se plantează trei arbori noi în același cartier, în cel \
mult 12 luni.

Art. 3. Sancțiuni
Tăierea fără aviz se sancționează cu amendă de la 5.000 la 10.000 de lei.
"""

TERRACES_DRAFT = """Proiect de hotărâre privind terasele sezoniere

Art. 1. Perioada
Terasele sezoniere pot funcționa între 1 aprilie și 31 octombrie.

Art. 2. Spațiul pietonal
Terasa lasă liber un culoar pietonal de cel puțin 1,5 metri.
"""

CHANNELS = {
    "online": True,
    "email": "consultare@primariatm.example",
    "post": "Primăria Municipiului Timișoara, Bd. C.D. Loga nr. 1, 300030 Timișoara",
    "in_person": "Centrul de informare pentru cetățeni, luni-vineri 8:30-16:30",
}
JUSTIFICATION = [
    ("h1", "Referat de aprobare"),
    ("p", "Proiectul răspunde aglomerării din zona centrală și cererilor locuitorilor."),
    ("p", "Impactul financiar estimat: venituri de 2,4 milioane lei pe an."),
]


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _moment(offset: int, hour: int = 10) -> datetime.datetime:
    day = _day(offset)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _people(component: Component) -> dict[str, Any]:
    """Who acts in the demo: found by role, so any organization can be seeded."""
    org = component.space.organization
    admins = list(User.objects.filter(organization=org, roles__kind=RoleKind.ADMIN)
                  .order_by("pk").distinct())
    managers = [membership.user for membership in SpaceMembership.objects.filter(
        space=component.space, role=SpaceMembership.Role.MANAGER).select_related("user")
        .order_by("pk")]
    staff_ids = set(Role.objects.filter(organization=org).values_list("user_id", flat=True))
    staff_ids |= set(SpaceMembership.objects.filter(space__organization=org,
                                                    role=SpaceMembership.Role.MANAGER)
                     .values_list("user_id", flat=True))
    residents = list(User.objects.filter(organization=org, is_active=True)
                     .exclude(pk__in=staff_ids).exclude(group_memberships__isnull=False)
                     .order_by("pk"))
    ngo = (UserGroup.objects.filter(organization=org, kind=GroupKind.NGO,
                                    verified_at__isnull=False).order_by("pk").first())
    drafter = managers[0] if managers else (admins[0] if admins else None)
    reviewer = next((user for user in admins + managers if user != drafter), None)
    ngo_member = (User.objects.filter(group_memberships__group=ngo).order_by("pk").first()
                  if ngo else None)
    return {"drafter": drafter, "reviewer": reviewer, "residents": residents, "ngo": ngo,
            "ngo_member": ngo_member}


def _create(component: Component, people: dict[str, Any], *, slug: str, title: dict[str, str],
            summary: dict[str, str], draft: str, announced: int, opens: int, closes: int
            ) -> Consultation:
    drafter = people["drafter"]
    consultation = setup.consultation_create(
        acting_user=drafter, component=component, title=title, summary=summary, slug=slug,
        department=component.space.area, scope=component.space.scope,
        contact_name="Ana Georgescu", contact_email="consultare@primariatm.example",
        contact_phone="0256 408 300", channels=CHANNELS,
        announced_on=_day(announced), opens_on=_day(opens), closes_on=_day(closes),
    )
    setup.draft_replace(acting_user=drafter, consultation=consultation,
                        units=parse_markdown(draft), source_name="proiect.md")
    data = make_docx(JUSTIFICATION)
    setup.document_upload(acting_user=drafter, consultation=consultation,
                          file=io.BytesIO(data), file_name="referat-de-aprobare.docx",
                          size=len(data), role="justification",
                          title={"ro": "Referat de aprobare", "pl": "Uzasadnienie",
                                 "en": "Justification report"})
    return setup.consultation_publish(acting_user=drafter, consultation=consultation,
                                      today=_day(announced))


def _article(consultation: Consultation, key: str) -> Any:
    return consultation.versions.get(number=1).articles.get(key=key)


def _seed_open(component: Component, people: dict[str, Any]) -> None:
    consultation = _create(
        component, people, slug=PARKING_SLUG,
        title={"ro": "Regulamentul de parcare în zona centrală",
               "pl": "Regulamin parkowania w strefie centralnej",
               "en": "Parking regulation of the city centre"},
        summary={"ro": "Tarife noi, abonamente pentru locuitori și locuri rezervate. Trimiteți "
                       "recomandări pe fiecare articol.",
                 "pl": "Nowe opłaty, abonamenty dla mieszkańców i miejsca zastrzeżone.",
                 "en": "New fees, residents' permits and reserved places. Send your "
                       "recommendations on each article."},
        draft=PARKING_DRAFT, announced=-12, opens=-10, closes=12,
    )
    drafter, reviewer = people["drafter"], people["reviewer"]
    residents = people["residents"]
    received = []
    if residents:
        received.append(intake.contribution_submit_online(
            acting_user=residents[0], consultation=consultation,
            article=_article(consultation, "art-2.1"), type=ContributionType.PROPOSAL,
            publication=Publication.NAMED,
            quote="5 lei pe oră",
            body="Propun un tarif de 3 lei pe oră în prima oră, ca să nu fie afectate "
                 "magazinele mici. Tariful întreg se poate aplica de la a doua oră."))
    if len(residents) > 1:
        received.append(intake.contribution_submit_online(
            acting_user=residents[1], consultation=consultation,
            article=_article(consultation, "art-3.1"), type=ContributionType.QUESTION,
            publication=Publication.ANONYMOUS,
            body="Abonamentul se poate folosi și pentru o mașină luată în leasing de firmă?"))
    objection = intake.contribution_register_offline(
        acting_user=drafter, consultation=consultation, channel=Channel.EMAIL,
        received_at=_moment(-6), author_name="Gheorghe Stanciu",
        author_email="g.stanciu@example.ro", type=ContributionType.OBJECTION,
        publication=Publication.NAMED, article=_article(consultation, "art-4"),
        body="Bună ziua,\n\nMă numesc Gheorghe Stanciu și locuiesc pe str. Mărășești nr. 14, "
             "ap. 3. 4% din locuri nu ajunge: cer 6%, ca în alte orașe. Mă puteți suna la "
             "0722 123 456.\n\nCu stimă,\nGheorghe Stanciu")
    received.append(objection)
    letter = ("Sunt împotriva tarifului de 5 lei pe oră. Centrul trebuie să rămână accesibil "
              "pentru toți locuitorii, nu doar pentru cei care își permit. Cer păstrarea "
              "tarifului actual.")
    for number, (name, street) in enumerate([("Maria Pop", "str. Alba Iulia nr. 2"),
                                             ("Ion Vlad", "str. Ungureanu nr. 9"),
                                             ("Dana Toma", "str. Eminescu nr. 5")]):
        received.append(intake.contribution_register_offline(
            acting_user=drafter, consultation=consultation, channel=Channel.POST,
            received_at=_moment(-5 + number), author_name=name,
            type=ContributionType.OBJECTION, publication=Publication.ANONYMOUS,
            article=_article(consultation, "art-2.1"),
            body=f"{letter}\n\n{name}, {street}"))
    received.append(intake.contribution_register_offline(
        acting_user=drafter, consultation=consultation, channel=Channel.IN_PERSON,
        received_at=_moment(-2), author_name="Florin Neagu", type=ContributionType.SUPPORT,
        publication=Publication.NOT_PUBLISHED,
        body="Susțin proiectul, dar nu vreau să îmi apară numele sau textul."))
    # The moderator approves the redacted texts, except the last two (the queue has work).
    moderator = reviewer or drafter
    for contribution in received[:-2]:
        moderation.redaction_approve(acting_user=moderator, contribution=contribution)
    campaigns.campaigns_detect(acting_user=drafter, consultation=consultation)
    # Answers: one approved and waiting for publication, one draft waiting for review.
    if reviewer is not None and residents:
        first = answers.answer_save_draft(
            acting_user=drafter, contribution=received[0], outcome=Outcome.PARTIAL,
            justification="Tariful redus se aplică în prima oră doar în weekend; în timpul "
                          "săptămânii rotația locurilor este prioritară.")
        answers.answer_review(acting_user=reviewer, answer=first, approve=True)
    answers.answer_save_draft(
        acting_user=drafter, contribution=objection, outcome=Outcome.REJECTED,
        justification="Cota de 4% depășește minimul legal; o vom reevalua după un an.")
    if people["ngo"] is not None and people["ngo_member"] is not None:
        request = debates.debate_request_create(
            acting_user=people["ngo_member"], consultation=consultation, group=people["ngo"],
            reason="Tarifele afectează mii de locuitori și comercianți: cerem o dezbatere "
                   "publică, conform art. 7 din Legea 52/2003.")
        # The debate is a meeting: the space's meetings component holds it (added if absent).
        debates.debates_component(acting_user=drafter, consultation=consultation)
        debates.debate_schedule(
            acting_user=drafter, consultation=consultation, requests=[request],
            starts_at=_moment(5, 17), place="Sala Mare a Primăriei, Bd. C.D. Loga nr. 1",
            online_url="https://live.primariatm.example/dezbatere-parcare")


def _seed_closed(component: Component, people: dict[str, Any]) -> None:
    consultation = _create(
        component, people, slug=TREES_SLUG,
        title={"ro": "Regulamentul privind protecția arborilor",
               "pl": "Regulamin ochrony drzew", "en": "Tree protection regulation"},
        summary={"ro": "Consultare încheiată: toate recomandările au primit răspuns, iar "
                       "raportul de sinteză este publicat.",
                 "pl": "Konsultacje zakończone: każda uwaga ma odpowiedź, raport jest "
                       "opublikowany.",
                 "en": "Closed: every recommendation was answered and the synthesis report "
                       "is published."},
        draft=TREES_DRAFT, announced=-80, opens=-75, closes=-50,
    )
    drafter, reviewer = people["drafter"], people["reviewer"]
    texts = [
        ("Ana Mureșan", Channel.EMAIL, Publication.NAMED, "art-2.2", ContributionType.PROPOSAL,
         "Propun trei arbori noi pentru fiecare arbore tăiat, plantați în cel mult un an. "
         "Cu stimă, Ana Mureșan"),
        ("Asociația Verde", Channel.POST, Publication.NAMED, "art-3", ContributionType.PROPOSAL,
         "Amenzile sunt prea mici față de valoarea unui arbore matur: cerem minimum 5.000 lei."),
        ("Radu Petrescu", Channel.EMAIL, Publication.ANONYMOUS, "art-2.1",
         ContributionType.PROPOSAL,
         "Avizul comisiei ar trebui publicat înainte de tăiere, ca oamenii să poată reacționa. "
         "Tel. 0744 555 666."),
        ("Elisabeta Kovacs", Channel.IN_PERSON, Publication.ANONYMOUS, None,
         ContributionType.QUESTION, "Cine plătește plantarea arborilor noi?"),
        ("Mihai Georgescu", Channel.EMAIL, Publication.NAMED, "art-1", ContributionType.OTHER,
         "Regulamentul ar trebui să includă și parcurile private deschise publicului."),
    ]
    received = []
    for number, (name, channel, publication, key, kind, body) in enumerate(texts):
        received.append(intake.contribution_register_offline(
            acting_user=drafter, consultation=consultation, channel=channel,
            received_at=_moment(-70 + 3 * number), author_name=name, type=kind,
            publication=publication, body=body,
            article=_article(consultation, key) if key else None))
    for contribution in received:
        moderation.redaction_approve(acting_user=reviewer or drafter, contribution=contribution)
    outcomes = [
        (Outcome.ACCEPTED, ""),
        (Outcome.ACCEPTED, ""),
        (Outcome.PARTIAL, "Avizul se publică cu 15 zile înainte; nu este nevoie de o consultare "
                          "separată pentru fiecare arbore."),
        (Outcome.ANSWERED, "Costul plantării îl suportă cel care a obținut avizul de tăiere."),
        (Outcome.OUT_OF_SCOPE, "Parcurile private nu sunt domeniul acestei hotărâri; propunerea "
                               "este notată în planul de acțiune pentru spații verzi."),
    ]
    for contribution, (outcome, justification) in zip(received, outcomes, strict=True):
        answer = answers.answer_save_draft(acting_user=drafter, contribution=contribution,
                                           outcome=outcome, justification=justification)
        if reviewer is not None:
            answers.answer_review(acting_user=reviewer, answer=answer, approve=True)
    if reviewer is None:
        return
    answers.answers_publish_all(acting_user=drafter, consultation=consultation)
    final = versions.version_create(
        acting_user=drafter, consultation=consultation, kind=VersionKind.FINAL,
        units=parse_markdown(TREES_FINAL), note="Forma adoptată de Consiliul Local",
        source_name="hotarare.md")
    for key, numbers in (("art-2.1", [received[2].number]), ("art-2.2", [received[0].number]),
                         ("art-3", [received[1].number])):
        versions.article_change_link(acting_user=drafter, version=final, article_key=key,
                                     contribution_numbers=numbers)
    answers.consultation_close_final(acting_user=drafter, consultation=consultation)
    answers.consultation_mark_adopted(acting_user=drafter, consultation=consultation)


def _publish_report(component: Component, people: dict[str, Any]) -> None:
    """Build the final report (in the background task, run at once outside a transaction)."""
    consultation = Consultation.objects.get(component=component, slug=TREES_SLUG)
    if consultation.closed_at is None or consultation.report_published_at is not None:
        return
    report = reports.report_request(acting_user=people["drafter"], consultation=consultation,
                                    final=True)
    report.refresh_from_db()
    if report.state == "done":
        reports.report_publish(acting_user=people["drafter"], report=report)


def _seed_upcoming(component: Component, people: dict[str, Any]) -> None:
    _create(
        component, people, slug=TERRACES_SLUG,
        title={"ro": "Regulamentul teraselor sezoniere", "pl": "Regulamin ogródków sezonowych",
               "en": "Seasonal terraces regulation"},
        summary={"ro": "Perioada de funcționare și culoarul pietonal.",
                 "pl": "Okres działania i przejście dla pieszych.",
                 "en": "Opening season and the pedestrian corridor."},
        draft=TERRACES_DRAFT, announced=0, opens=7, closes=37,
    )


def seed(component: Component) -> None:
    """Add the three demo consultations; running it again changes nothing."""
    people = _people(component)
    if people["drafter"] is None:
        return
    existing = set(Consultation.objects.filter(component=component).values_list("slug",
                                                                                  flat=True))
    for slug, build in ((PARKING_SLUG, _seed_open), (TREES_SLUG, _seed_closed),
                        (TERRACES_SLUG, _seed_upcoming)):
        if slug not in existing:
            with transaction.atomic():
                build(component, people)
    if not transaction.get_connection().in_atomic_block:
        _publish_report(component, people)
