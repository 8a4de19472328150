"""Staff pages of the register of recommendations: the register (filters, CSV), registering a
contribution received by e-mail, post or in person, one contribution's record, and importing a
batch of e-mails from a mailbox export (upload, preview, confirm)."""

from __future__ import annotations

import csv
import datetime
import io
import zoneinfo
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.attachments.models import Attachment
from participa.components.consultations import permissions
from participa.components.consultations.forms_staff import (
    MailboxConfirmForm,
    MailboxUploadForm,
    OfflineContributionForm,
    RegisterFilterForm,
)
from participa.components.consultations.manage_views.setup import consultation_in
from participa.components.consultations.models import (
    AnswerState,
    Channel,
    Consultation,
    ConsultationState,
    Contribution,
    ContributionType,
    Publication,
)
from participa.components.consultations.services import mailbox_import as import_services
from participa.components.consultations.services.contributions import (
    contribution_register_offline,
    is_late,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.intake.models import BatchState, IntakeBatch
from participa.lib import mailbox
from participa.opendata.formats import BOM, safe_cell
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
ROWS_PER_SCREEN = 50


# --- access -----------------------------------------------------------------------------------

# The consultation if the person may manage it; 404 otherwise (missing = forbidden).
consultation_staff_view = staff_view(
    COMPONENT_TYPE, permission=permissions.can_manage_consultations, item=consultation_in,
    item_arg="consultation_id")


def consultation_url(name: str, consultation: Consultation, *args: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *args])


def _optional_url(name: str, consultation: Consultation, *args: Any) -> str:
    """A link to a page another part of the component provides; empty while it does not exist."""
    try:
        return consultation_url(name, consultation, *args)
    except NoReverseMatch:
        return ""


def render_page(request: AuthedRequest, template: str, consultation: Consultation,
            **extra: Any) -> HttpResponse:
    component = consultation.component
    context = {
        "component": component, "space": component.space, "consultation": consultation,
        "detail_url": _optional_url("manage_detail", consultation),
        "register_url": consultation_url("manage_contributions", consultation),
        **extra,
    }
    return render_manage(request, template, context, nav="spaces")


# --- the register -----------------------------------------------------------------------------

_PUBLISHED = AnswerState.PUBLISHED.value


def _register_queryset(consultation: Consultation) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(consultation=consultation)
        .select_related("article")
        .annotate(own_answer_state=F("answer__state"),
                  campaign_answer_state=F("campaign__answer__state"))
        .order_by("number")
    )


def _filter(queryset: QuerySet[Contribution], data: dict[str, Any]) -> QuerySet[Contribution]:
    if data.get("channel"):
        queryset = queryset.filter(channel=data["channel"])
    if data.get("type"):
        queryset = queryset.filter(type=data["type"])
    if data.get("late") == "yes":
        queryset = queryset.filter(is_late=True)
    elif data.get("late") == "no":
        queryset = queryset.filter(is_late=False)
    answered = Q(answer__isnull=False) | Q(campaign__answer__isnull=False)
    published = Q(answer__state=_PUBLISHED) | Q(campaign__answer__state=_PUBLISHED)
    if data.get("answer") == "missing":
        queryset = queryset.exclude(answered)
    elif data.get("answer") == "unpublished":
        queryset = queryset.filter(answered).exclude(published)
    elif data.get("answer") == "published":
        queryset = queryset.filter(published)
    article = data.get("article")
    if article == "none":
        queryset = queryset.filter(article__isnull=True)
    elif article:
        queryset = queryset.filter(article_id=article)
    return queryset


def answer_state_label(contribution: Any) -> str:
    """What a row shows about the answer (its own, or the campaign's collective answer)."""
    own = getattr(contribution, "own_answer_state", None)
    if own == AnswerState.SUPERSEDED:
        own = None  # the campaign's collective answer replaces it
    collective = getattr(contribution, "campaign_answer_state", None)
    state = own or collective
    if not state:
        return _("No answer yet")
    label = str(AnswerState(state).label)
    if not own:
        return _("%(state)s (collective answer)") % {"state": label}
    return label


@consultation_staff_view
def manage_contributions(request: AuthedRequest, component: Component,
                         consultation: Consultation) -> HttpResponse | StreamingHttpResponse:
    form = RegisterFilterForm(request.GET or None, consultation=consultation)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = _filter(_register_queryset(consultation), data)
    if request.GET.get("format") == "csv":
        return _register_csv(consultation, queryset)
    page_obj = Paginator(queryset, ROWS_PER_SCREEN).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    for row in rows:
        row.consultation = consultation
        row.answer_label = answer_state_label(row)
        row.detail_url = consultation_url(
            "manage_contribution_detail", consultation, row.number)
    filtered = any(value for key, value in request.GET.items() if key not in ("page",))
    return render_page(
        request, "consultations/manage/contributions.html", consultation,
        form=form, page_obj=page_obj, rows=rows, filtered=filtered,
        can_register=consultation.state != ConsultationState.DRAFT,
        csv_query=_csv_query(request),
    )


def _csv_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return query.urlencode()


def _register_csv(consultation: Consultation,
                  queryset: QuerySet[Contribution]) -> StreamingHttpResponse:
    """The register as CSV (staff only: it names the senders; never the texts or e-mails)."""
    header = [_("Number"), _("Registration number"), _("Received on"), _("Channel"), _("Type"),
              _("Sender"), _("Article"), _("Publication"), _("Late"),
              _("Personal data check approved"), _("Answer")]
    channels = dict(Channel.choices)
    types = dict(ContributionType.choices)
    publications = dict(Publication.choices)
    yes, no = _("yes"), _("no")

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")

        def flush() -> str:
            value = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return value

        writer.writerow([safe_cell(item) for item in header])
        yield BOM + flush()
        for row in queryset.iterator(chunk_size=2000):
            row.consultation = consultation
            article = row.article
            writer.writerow([safe_cell(item) for item in (
                row.number, row.registration_label,
                timezone.localtime(row.received_at).strftime("%Y-%m-%d %H:%M"),
                channels.get(row.channel, row.channel), types.get(row.type, row.type),
                row.author_name, str(article) if article else _("The whole draft"),
                publications.get(row.publication, row.publication),
                yes if row.is_late else no,
                yes if row.redaction_approved_at else no,
                answer_state_label(row),
            )])
            yield flush()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"register-{consultation.slug}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- registering one contribution -------------------------------------------------------------

def _late_warning(request: HttpRequest, contribution: Contribution) -> None:
    if contribution.is_late:
        messages.warning(request, _(
            "Contribution %(label)s arrived after the deadline: it is registered and flagged "
            "“late”.") % {"label": contribution.registration_label})


@consultation_staff_view
def manage_contribution_new(request: AuthedRequest, component: Component,
                            consultation: Consultation) -> HttpResponse:
    if consultation.state == ConsultationState.DRAFT:
        messages.error(request, _("Contributions can be registered once the consultation is "
                                  "announced. Publish it first."))
        return HttpResponseRedirect(consultation_url("manage_contributions", consultation))
    form = OfflineContributionForm(request.POST or None, request.FILES or None,
                                   consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = contribution_register_offline(
                acting_user=request.user,
                consultation=consultation, channel=data["channel"],
                received_at=data["received_at"], author_name=data["author_name"],
                author_email=data["author_email"], body=data["body"], type=data["type"],
                publication=data["publication"], article=data["article"],
                original_file=data.get("original_file") or None,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            contribution.consultation = consultation
            messages.success(request, _("Contribution %(label)s is registered.") % {
                "label": contribution.registration_label})
            _late_warning(request, contribution)
            if "another" in request.POST:
                return HttpResponseRedirect(
                    consultation_url("manage_contribution_new", consultation))
            return HttpResponseRedirect(consultation_url(
                "manage_contribution_detail", consultation, contribution.number))
    return render_page(request, "consultations/manage/contributions_form.html", consultation,
                   form=form, closes_on=consultation.closes_on)


# --- one contribution -------------------------------------------------------------------------

@consultation_staff_view
def manage_contribution_detail(request: AuthedRequest, component: Component,
                               consultation: Consultation, number: int) -> HttpResponse:
    contribution = (
        Contribution.objects.filter(consultation=consultation, number=number)
        .select_related("article", "author", "group", "registered_by",
                        "redaction_approved_by", "campaign")
        .annotate(own_answer_state=F("answer__state"),
                  campaign_answer_state=F("campaign__answer__state"))
        .first()
    )
    if contribution is None or not permissions.can_view_contribution_original(
            request.user, contribution):
        raise Http404
    contribution.consultation = consultation
    answer = None
    if contribution.own_answer_state and \
            contribution.own_answer_state != AnswerState.SUPERSEDED:
        answer = contribution.answer
    elif contribution.campaign_answer_state and contribution.campaign:
        answer = contribution.campaign.answer
    files = list(Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id=contribution.pk))
    return render_page(
        request, "consultations/manage/contributions_detail.html", consultation,
        contribution=contribution, answer=answer, answer_label=answer_state_label(contribution),
        files=files,
        moderation_url=_optional_url("manage_moderation_detail", consultation, number),
        answers_url=_optional_url("manage_answers", consultation),
    )


# --- mailbox import ---------------------------------------------------------------------------

def _pending(request: HttpRequest, consultation: Consultation) -> IntakeBatch | None:
    """The signed-in person's unfinished batch for this consultation."""
    return import_services.pending_batches(consultation).filter(
        created_by_id=request.user.pk).first()


def _error_text(error: mailbox.MailboxError) -> str:
    params = {"name": error.name, "limit": mailbox.MAX_MESSAGES,
              "header_kb": mailbox.MAX_HEADER_BYTES // 1024,
              "fields": mailbox.MAX_HEADER_FIELDS, "words": mailbox.MAX_ENCODED_WORDS}
    texts = {
        "empty": _("The file “%(name)s” is empty."),
        "bad_zip": _("The file “%(name)s” looks like a ZIP archive but cannot be opened."),
        "too_large": _("The message “%(name)s” is too large."),
        "too_many": _("“%(name)s” holds too many messages: import at most %(limit)s at a "
                      "time."),
        "no_messages": _("No e-mail message was found in “%(name)s”."),
        "headers_too_large": _("The message “%(name)s” was not read: its headers are too "
                               "large or too many (over %(header_kb)s KB, %(fields)s fields or "
                               "%(words)s encoded words). It looks like spam or a broken "
                               "export; register it by hand if it is a real contribution."),
        "not_a_message": _("“%(name)s” is not an e-mail message (.eml) nor an mbox file. "
                           "Export the messages again from the mail program."),
    }
    return texts.get(error.code, _("“%(name)s” cannot be read.")) % params


def _preview_rows(consultation: Consultation,
                  batch: IntakeBatch) -> list[dict[str, Any]]:
    """The rows kept by the background reading, with today's flags (nothing is parsed)."""
    found = list(batch.preview)
    registered = dict(
        Contribution.objects.filter(consultation=consultation,
                                    source_id__in=[item["source_id"] for item in found])
        .values_list("source_id", "number"))
    rows = []
    for item in found:
        received_at = import_services.sent_at(item) or batch.uploaded_at
        rows.append({
            "message": item,
            "received_at": received_at,
            "late": is_late(consultation, received_at),
            "early": _is_early(consultation, received_at),
            "duplicate_of": registered.get(item["source_id"]),
            "empty": item["empty"],
        })
    return rows


def _is_early(consultation: Consultation, received_at: datetime.datetime) -> bool:
    """Sent before the first day for recommendations (in the city's time zone)."""
    if consultation.opens_on is None:
        return False
    zone = zoneinfo.ZoneInfo(consultation.component.space.organization.time_zone)
    return received_at.astimezone(zone).date() < consultation.opens_on


def _chosen(request: HttpRequest) -> list[str] | None:
    """The Message-IDs staff left ticked (None: every message, the form made no choice)."""
    if request.POST.get("choose") != "1":
        return None
    return request.POST.getlist("include")


def _report(request: HttpRequest, counts: dict[str, int]) -> None:
    if counts.get("files_gone"):
        messages.error(request, _("The uploaded files are no longer available. Upload "
                                  "them again."))
    n = counts["registered"]
    messages.success(request, ngettext("%(count)s message registered as a contribution.",
                                       "%(count)s messages registered as contributions.",
                                       n) % {"count": n})
    if n := counts["duplicates"]:
        messages.info(request, ngettext(
            "%(count)s message was already registered and was skipped.",
            "%(count)s messages were already registered and were skipped.", n) % {"count": n})
    if n := counts["late"]:
        messages.warning(request, ngettext(
            "%(count)s message arrived after the deadline and is flagged “late”.",
            "%(count)s messages arrived after the deadline and are flagged “late”.", n)
            % {"count": n})
    if n := counts["no_date"]:
        messages.warning(request, ngettext(
            "%(count)s message had no date: the time of the upload was used. Check it in the "
            "register.",
            "%(count)s messages had no date: the time of the upload was used. Check them in "
            "the register.", n) % {"count": n})
    if n := counts["empty"]:
        messages.warning(request, ngettext(
            "%(count)s message had no text and was not registered.",
            "%(count)s messages had no text and were not registered.", n) % {"count": n})
    if n := counts["no_original"]:
        messages.warning(request, ngettext(
            "The original of %(count)s message could not be kept as a file.",
            "The original of %(count)s messages could not be kept as a file.", n)
            % {"count": n})
    if counts.get("left_out"):
        messages.info(request, ngettext(
            "%(count)s message was left out, as you chose, and was not registered.",
            "%(count)s messages were left out, as you chose, and were not registered.",
            counts["left_out"]) % {"count": counts["left_out"]})
    if n := counts["failed"]:
        messages.error(request, ngettext(
            "%(count)s message could not be registered. Register it by hand.",
            "%(count)s messages could not be registered. Register them by hand.", n)
            % {"count": n})


@consultation_staff_view
def manage_mailbox_import(request: AuthedRequest, component: Component,
                          consultation: Consultation) -> HttpResponse:
    """Step 1: upload (screened at once, read in the background); step 2: while the messages
    are read, a page that refreshes itself; step 3: preview, untick, confirm, or cancel."""
    self_url = consultation_url("manage_mailbox_import", consultation)
    user = request.user
    if consultation.state == ConsultationState.DRAFT:
        messages.error(request, _("Contributions can be registered once the consultation is "
                                  "announced. Publish it first."))
        return HttpResponseRedirect(consultation_url("manage_contributions", consultation))
    step = request.POST.get("step", "") if request.method == "POST" else ""
    pending = _pending(request, consultation)
    if step == "cancel":
        registered = int((pending.counts or {}).get("registered", 0)) if pending else 0
        if pending is not None:
            import_services.import_discard(acting_user=user, batch=pending)
        if registered:
            messages.info(request, ngettext(
                "The import was cancelled; the %(count)s message already registered stays "
                "in the register.",
                "The import was cancelled; the %(count)s messages already registered stay in "
                "the register.", registered) % {"count": registered})
        else:
            messages.info(request, _("The import was cancelled; nothing was registered."))
        return HttpResponseRedirect(self_url)
    if step == "resume" and pending is not None:
        if not import_services.import_resume(acting_user=user, batch=pending):
            messages.info(request, _("This registration is not interrupted: it goes on."))
        return HttpResponseRedirect(self_url)
    if (pending is not None and pending.state == BatchState.DONE
            and step != "upload"):  # a new upload replaces a finished batch
        _report(request, {**pending.counts, "left_out": pending.left_out})
        import_services.import_discard(acting_user=user, batch=pending)
        return HttpResponseRedirect(consultation_url("manage_contributions", consultation))
    if pending is not None and pending.state in (BatchState.REGISTERING,
                                                 BatchState.INTERRUPTED):
        if step:  # a late upload or a second confirmation: the batch goes on as it is
            return HttpResponseRedirect(self_url)
        interrupted = import_services.is_interrupted(pending)
        return render_page(request, "consultations/manage/contributions_import.html",
                           consultation, registering=True, interrupted=interrupted,
                           done_count=pending.position, total_count=pending.total,
                           file_names=pending.names,
                           refresh_seconds=None if interrupted else 3)
    if step == "upload":
        upload_form = MailboxUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            files = [(item.name or "message", item.read())
                     for item in upload_form.cleaned_data["files"]]
            total, errors = mailbox.screen_uploads(files)
            if total:
                import_services.import_start(acting_user=user, consultation=consultation,
                                             files=files)
                for error in errors:
                    messages.warning(request, _error_text(error))
                return HttpResponseRedirect(self_url)
            for error in errors or [mailbox.MailboxError("no_messages", files[0][0])]:
                upload_form.add_error("files", _error_text(error))
        return render_page(request, "consultations/manage/contributions_import.html",
                           consultation, upload_form=upload_form)
    if pending is None:
        return render_page(request, "consultations/manage/contributions_import.html",
                           consultation, upload_form=MailboxUploadForm())
    if pending.state == BatchState.PARSING:
        return render_page(request, "consultations/manage/contributions_import.html",
                           consultation, parsing=True, file_names=pending.names,
                           refresh_seconds=3)
    if pending.state == BatchState.FAILED:
        import_services.import_discard(acting_user=user, batch=pending)
        upload_form = MailboxUploadForm()
        for code, name in pending.problems or [["no_messages", ", ".join(pending.names)]]:
            upload_form.add_error(None, _error_text(mailbox.MailboxError(code, name)))
        return render_page(request, "consultations/manage/contributions_import.html",
                           consultation, upload_form=upload_form)
    confirm_form = MailboxConfirmForm(request.POST if step == "confirm" else None,
                                      consultation=consultation)
    if step == "confirm" and confirm_form.is_valid():
        data = confirm_form.cleaned_data
        import_services.import_confirm(acting_user=user, batch=pending,
                                       chosen=_chosen(request), type=data["type"],
                                       publication=data["publication"],
                                       article=data["article"])
        return HttpResponseRedirect(self_url)
    rows = _preview_rows(consultation, pending)
    new = sum(1 for row in rows if row["duplicate_of"] is None and not row["empty"])
    unread = [_error_text(mailbox.MailboxError(code, name))
              for code, name in pending.problems if code == "unreadable"]
    return render_page(
        request, "consultations/manage/contributions_import.html", consultation,
        confirm_form=confirm_form, rows=rows, new_count=new, unread=unread,
        duplicate_count=sum(1 for row in rows if row["duplicate_of"] is not None),
        late_count=sum(1 for row in rows if row["late"] and row["duplicate_of"] is None),
        early_count=sum(1 for row in rows if row["early"] and row["duplicate_of"] is None),
        chosen_ids=set(request.POST.getlist("include")) if request.POST.get("choose") == "1"
        else None,
        file_names=pending.names,
    )


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/contributions/", manage_contributions,
         name="manage_contributions"),
    path("<int:consultation_id>/contributions/new/", manage_contribution_new,
         name="manage_contribution_new"),
    path("<int:consultation_id>/contributions/import/", manage_mailbox_import,
         name="manage_mailbox_import"),
    path("<int:consultation_id>/contributions/<int:number>/", manage_contribution_detail,
         name="manage_contribution_detail"),
]
