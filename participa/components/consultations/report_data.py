"""What a synthesis report says: the header, the statistics, the table contribution → answer,
the debates and the changes between the draft and the final text.

Only public data goes into the table: ``body_redacted`` of contributions whose author agreed to
publication and whose redaction a moderator approved. Every contribution counts in the
statistics, published or not. A campaign (near-identical contributions) is one position with
N signatories and its collective answer.

The rows are read in chunks (``iter_rows``) so that a consultation with tens of thousands of
contributions never sits in memory at once; the writers in ``report_render`` consume them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Channel,
    Consultation,
    Contribution,
    ContributionType,
    DebateRequest,
    Outcome,
    Publication,
)
from participa.components.consultations.services import versions
from participa.components.consultations.services.debates import debates_held
from participa.components.meetings.minutes import public_minutes
from participa.components.meetings.models import Meeting
from participa.core.i18n import translated
from participa.core.models import GroupKind, Organization, legal_profile_label
from participa.lib import legal
from participa.notifications.emails import absolute_url

CHUNK_SIZE = 500

# The order of the sections comes from the legal profile (``Profile.report_sections``):
# Romania (Law 52/2003) leads with the table of recommendations and the justifications; Poland
# (art. 5a) with the channels used and the report's due date, then the comments with the
# city's position.

OUTCOME_ORDER = [Outcome.ACCEPTED, Outcome.PARTIAL, Outcome.REJECTED, Outcome.OUT_OF_SCOPE,
                 Outcome.ANSWERED]


def public_contributions_q() -> Q:
    """Contributions whose redacted text may be shown (published choice, redaction approved)."""
    return ~Q(publication=Publication.NOT_PUBLISHED) & Q(redaction_approved_at__isnull=False)


def author_shown(contribution: Contribution) -> str:
    """The author as published: group, public name or typed name; or "Anonymous contributor"."""
    if contribution.publication != Publication.NAMED:
        return _("Anonymous contributor")
    if contribution.group_id and contribution.group is not None:
        return contribution.group.name
    if contribution.channel == Channel.ONLINE and contribution.author is not None:
        return contribution.author.public_name
    return contribution.author_name or _("Anonymous contributor")


def article_label(contribution: Contribution) -> str:
    article = contribution.article
    if article is None:
        return _("Whole draft")
    return str(article)


@dataclass
class ReportRow:
    """One line of the table: a contribution, or a campaign as one position."""

    number: int
    article: str
    type: str
    channel: str
    received_on: datetime.date
    late: bool
    author: str
    text: str
    signatories: int = 1
    is_campaign: bool = False
    outcome_code: str = ""
    outcome: str = ""
    justification: str = ""
    answer_draft: bool = False

    @property
    def label(self) -> str:
        return str(self.number)


@dataclass
class ReportData:
    """Everything in a report except the table rows, which ``iter_rows`` streams."""

    consultation: Consultation
    organization: Organization
    profile: str
    final: bool
    published_only: bool
    title: str
    sections: list[str]
    header: list[tuple[str, str]]
    channels: list[tuple[str, str]]
    stats: dict[str, Any]
    debates: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    columns: list[str]
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def is_ro(self) -> bool:
        """Recommendations with a status and a written justification (Romanian style)."""
        return legal.get_profile(self.profile).report_style is legal.ReportStyle.RECOMMENDATIONS

    @property
    def is_pl(self) -> bool:
        """Comments with the city's position (Polish style)."""
        return legal.get_profile(self.profile).report_style is legal.ReportStyle.COMMENTS


def report_title(profile: str) -> str:
    style = legal.get_profile(profile).report_style
    if style is legal.ReportStyle.RECOMMENDATIONS:
        return _("Synthesis report of the recommendations received")
    if style is legal.ReportStyle.COMMENTS:
        return _("Consultation report")
    return _("Synthesis report")


def table_columns(profile: str) -> list[str]:
    """Headings of the table in the HTML and PDF, per legal profile."""
    style = legal.get_profile(profile).report_style
    if style is legal.ReportStyle.RECOMMENDATIONS:
        return [_("No."), _("Article"), _("Recommendation"), _("Author"),
                _("Status (accepted / partially / not accepted)"), _("Justification")]
    if style is legal.ReportStyle.COMMENTS:
        return [_("No."), _("Article"), _("Content of the comment"),
                _("Position of the city"), _("Justification")]
    return [_("No."), _("Article"), _("Contribution"), _("Author"), _("Outcome"),
            _("Justification")]


def flat_columns() -> list[str]:
    """Headings of the XLSX and CSV files: one column per field."""
    return [_("Number"), _("Article"), _("Type"), _("Channel"), _("Received on"), _("Late"),
            _("Author as published"), _("Signatories"), _("Text"), _("Outcome"),
            _("Justification")]


def _answer_visible(answer: Answer | None, published_only: bool) -> bool:
    if answer is None:
        return False
    return answer.state == AnswerState.PUBLISHED or not published_only


def _related(obj: Any, name: str) -> Any:
    """A reverse one-to-one that may be missing (``contribution.answer``)."""
    try:
        return getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist
        return None


def position_queryset(consultation: Consultation) -> QuerySet[Contribution]:
    """One row per position: public contributions outside campaigns, and the first public
    contribution of each campaign (annotated with the campaign's number of signatories).

    The first public number of every campaign is one uncorrelated, grouped subquery (read
    once), not a subquery re-reading the whole campaign for each of its members; the
    signatories are counted only for the (few) campaign rows.
    """
    public = public_contributions_q()
    first_public = (Contribution.objects
                    .filter(public, consultation=consultation, campaign__isnull=False)
                    .order_by().values("campaign").annotate(first=Min("number"))
                    .values("first"))
    signatories = (Contribution.objects.filter(campaign=OuterRef("campaign")).order_by()
                   .values("campaign").annotate(n=Count("pk")).values("n"))
    return (
        Contribution.objects.filter(public, consultation=consultation)
        .filter(Q(campaign__isnull=True) | Q(number__in=Subquery(first_public)))
        .annotate(signatories=Case(When(campaign__isnull=True, then=Value(1)),
                                   default=Subquery(signatories)))
        .select_related("article", "group", "author", "answer", "campaign__answer")
        .order_by("number")
    )


def row_for(contribution: Contribution, *, published_only: bool) -> ReportRow:
    campaign = contribution.campaign if contribution.campaign_id else None
    answer = _related(campaign, "answer") if campaign is not None else None
    if answer is None:
        answer = _related(contribution, "answer")
    visible = _answer_visible(answer, published_only)
    signatories = int(getattr(contribution, "signatories", None) or 1) if campaign else 1
    if campaign is not None:
        author = ngettext("%(count)d signatory", "%(count)d signatories",
                          signatories) % {"count": signatories}
    else:
        author = author_shown(contribution)
    return ReportRow(
        number=contribution.number,
        article=article_label(contribution),
        type=str(contribution.get_type_display()),
        channel=str(contribution.get_channel_display()),
        received_on=timezone.localtime(contribution.received_at).date(),
        late=contribution.is_late,
        author=author,
        text=contribution.body_redacted,
        signatories=signatories,
        is_campaign=campaign is not None,
        outcome_code=answer.outcome if visible and answer else "",
        outcome=str(answer.get_outcome_display()) if visible and answer else "",
        justification=answer.justification if visible and answer else "",
        answer_draft=bool(visible and answer and answer.state != AnswerState.PUBLISHED),
    )


def count_rows(consultation: Consultation) -> int:
    return position_queryset(consultation).count()


def iter_rows(consultation: Consultation, *, published_only: bool,
              chunk_size: int = CHUNK_SIZE) -> Iterator[list[ReportRow]]:
    """The table in chunks of ``chunk_size`` rows, read with a server-side cursor."""
    chunk: list[ReportRow] = []
    for contribution in position_queryset(consultation).iterator(chunk_size=chunk_size):
        chunk.append(row_for(contribution, published_only=published_only))
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _counts(rows: Any, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows}


def statistics(consultation: Consultation, *, published_only: bool) -> dict[str, Any]:
    """Counts over ALL contributions (published or not), a campaign being one position."""
    contributions = Contribution.objects.filter(consultation=consultation).order_by()
    total = contributions.count()
    by_channel = _counts(contributions.values("channel").annotate(n=Count("pk")), "channel")
    by_type = _counts(contributions.values("type").annotate(n=Count("pk")), "type")
    late = contributions.filter(is_late=True).count()
    hidden = contributions.filter(publication=Publication.NOT_PUBLISHED).count()
    anonymous = contributions.filter(publication=Publication.ANONYMOUS).count()

    states = [AnswerState.PUBLISHED] if published_only else list(AnswerState.values)
    outcomes: dict[str, int] = dict.fromkeys(OUTCOME_ORDER, 0)
    own = (contributions.filter(campaign__isnull=True, answer__state__in=states)
           .values("answer__outcome").annotate(n=Count("pk")))
    for row in own:
        outcomes[row["answer__outcome"]] = outcomes.get(row["answer__outcome"], 0) + row["n"]
    campaigns = (Campaign.objects.filter(consultation=consultation)
                 .annotate(n=Count("contributions")).filter(n__gt=0))
    campaign_count = campaigns.count()
    signatories = campaigns.aggregate(s=Sum("n"))["s"] or 0
    answered_campaigns = (Campaign.objects.filter(consultation=consultation,
                                                  contributions__isnull=False,
                                                  answer__state__in=states)
                          .values("answer__outcome").annotate(n=Count("pk", distinct=True)))
    for row in answered_campaigns:
        outcomes[row["answer__outcome"]] = outcomes.get(row["answer__outcome"], 0) + row["n"]
    positions = contributions.filter(campaign__isnull=True).count() + campaign_count
    answered = sum(outcomes.values())
    not_adopted = outcomes[Outcome.PARTIAL] + outcomes[Outcome.REJECTED]
    # Only the debates that took place: one still to come is no participation yet.
    debates = debates_held(Meeting.objects.filter(consultation=consultation))
    return {
        "total": total,
        "positions": positions,
        "by_channel": [(str(label), by_channel.get(value, 0))
                       for value, label in Channel.choices],
        "by_type": [(str(label), by_type.get(value, 0))
                    for value, label in ContributionType.choices],
        "by_outcome": [(str(Outcome(value).label), outcomes.get(value, 0))
                       for value in OUTCOME_ORDER],
        "outcomes": outcomes,
        "unanswered": max(positions - answered, 0),
        "not_adopted": not_adopted,
        "late": late,
        "hidden": hidden,
        "anonymous": anonymous,
        "campaigns": campaign_count,
        "signatories": signatories,
        "debates": debates.count(),
        "participants": debates.aggregate(s=Sum("participants"))["s"] or 0,
        "requests": DebateRequest.objects.filter(consultation=consultation).count(),
        "online_share": round(100 * by_channel.get(Channel.ONLINE, 0) / total) if total else 0,
    }


def _debates(consultation: Consultation) -> list[dict[str, Any]]:
    """The debates that took place: date, place, people registered and attending, and the
    minutes (the redacted text and the file)."""
    items = []
    held = debates_held(Meeting.objects.filter(consultation=consultation))
    for debate in (held.select_related("minutes", "component__space__organization")
                   .order_by("starts_at", "id")):
        minutes_url = ""
        if debate.minutes is not None and debate.minutes_published_at:
            try:
                minutes_url = absolute_url(consultation.organization,
                                           debate.minutes.get_absolute_url())
            except Exception:  # a missing route never breaks a report
                minutes_url = ""
        items.append({
            "starts_at": timezone.localtime(debate.starts_at),
            "place": debate.place,
            "registered": debate.registered_count,
            "participants": debate.participants,
            "minutes_text": public_minutes(debate),
            "minutes_url": minutes_url,
        })
    return items


def _requests(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        {"group": request.group.name, "kind": str(GroupKind(request.group.kind).label),
         "received_on": timezone.localtime(request.received_at).date(),
         "respond_by": request.respond_by, "state": str(request.get_state_display())}
        for request in DebateRequest.objects.filter(consultation=consultation)
        .select_related("group")
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return translated(value)
    return str(value)


def _field(item: Any, *names: str) -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value not in (None, "", [], {}):
            return value
    return None


def _change_kind(value: Any) -> str:
    labels = {"changed": _("Changed"), "added": _("Added"), "removed": _("Removed")}
    text = _text(value)
    return labels.get(text, text)


def _numbers(value: Any) -> list[str]:
    if not value:
        return []
    numbers = []
    for item in value:
        number = getattr(item, "number", None) if not isinstance(item, int | str) else item
        if isinstance(item, dict):
            number = item.get("number")
        if number is not None:
            numbers.append(str(number))
    return numbers


def changes(consultation: Consultation) -> list[dict[str, Any]]:
    """The changes between the draft and the final text, from the versions service."""
    items = []
    for item in versions.changes_for_report(consultation) or []:
        items.append({
            "article": _text(_field(item, "article_label", "article", "label", "article_key",
                                    "key")),
            "kind": _change_kind(_field(item, "status_label", "kind_label", "status", "kind",
                                        "change")),
            "before": _text(_field(item, "before", "old", "old_text")),
            "after": _text(_field(item, "after", "new", "new_text")),
            "note": _text(_field(item, "note", "reason", "summary")),
            "contributions": _numbers(_field(item, "contributions", "contribution_numbers",
                                             "numbers")),
        })
    return items


def _header(consultation: Consultation, org: Organization) -> list[tuple[str, str]]:
    def day(value: datetime.date | None) -> str:
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""

    department = translated(consultation.department.name) if consultation.department else ""
    contact = ", ".join(part for part in (consultation.contact_name, consultation.contact_email,
                                          consultation.contact_phone) if part)
    rows = [
        (_("Organization"), org.name),
        (_("Draft decision"), str(consultation)),
        (_("Legal profile"), legal_profile_label(consultation.legal_profile)),
        (_("Announced on"), day(consultation.announced_on)),
        (_("Recommendations accepted from"), day(consultation.opens_on)),
        (_("Recommendations accepted until"), day(consultation.closes_on)),
        (_("Sent for endorsement on"), day(consultation.endorsement_on)),
        (_("Planned adoption date"), day(consultation.adoption_on)),
        (_("Report due by"), day(report_due_on(consultation))),
        (_("Responsible department"), department),
        (_("Contact person"), contact),
    ]
    return [(label, value) for label, value in rows if value]


def report_due_on(consultation: Consultation) -> datetime.date | None:
    if consultation.report_due_on:
        return consultation.report_due_on
    if consultation.closes_on is None:
        return None
    org = consultation.organization
    try:
        return legal.report_due(consultation.legal_profile, consultation.closes_on,
                                overrides=org.legal_parameters or None)
    except Exception:  # the legal library may not know this profile
        return None


def _channels(consultation: Consultation) -> list[tuple[str, str]]:
    offered = consultation.channels or {}
    items: list[tuple[str, str]] = []
    if offered.get("online", True):
        items.append((str(Channel.ONLINE.label), _("on this platform")))
    for key, label in ((Channel.EMAIL, Channel.EMAIL.label), (Channel.POST, Channel.POST.label),
                       (Channel.IN_PERSON, Channel.IN_PERSON.label)):
        value = offered.get(str(key))
        if value:
            items.append((str(label), str(value)))
    return items


def gather(consultation: Consultation, *, final: bool,
           published_only: bool | None = None) -> ReportData:
    """The report's data except the table; call inside ``translation.override(language)``.

    A final report (and anything shown to the public) has only published answers.
    """
    if published_only is None:
        published_only = final
    org = consultation.organization
    profile = consultation.legal_profile
    return ReportData(
        consultation=consultation,
        organization=org,
        profile=profile,
        final=final,
        published_only=published_only,
        title=report_title(profile),
        sections=list(legal.get_profile(profile).report_sections),
        header=_header(consultation, org),
        channels=_channels(consultation),
        stats=statistics(consultation, published_only=published_only),
        debates=_debates(consultation),
        requests=_requests(consultation),
        changes=changes(consultation),
        columns=table_columns(profile),
    )
