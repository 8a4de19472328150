"""Staff pages that set a consultation up: the list, create and edit, the hub of one
consultation, announcing it (with the legal checks), the draft's articles, importing the draft
from a document, and the attached documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participa.components.consultations import legal_messages
from participa.components.consultations.filters import ManageConsultationFilterSet
from participa.components.consultations.forms_setup import (
    DOCUMENT_ROLE_CHOICES,
    ArticleForm,
    ConsultationForm,
    DocumentForm,
    TextSourceForm,
    document_error_message,
    role_label,
)
from participa.components.consultations.models import (
    Article,
    Consultation,
    ConsultationState,
    Contribution,
    DebateRequest,
    DebateRequestState,
    DraftVersion,
    VersionKind,
)
from participa.components.consultations.permissions import can_manage_consultations
from participa.components.consultations.services import consultations as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.lib import legal
from participa.lib.documents import DocumentError, Unit, parse_document
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
CONSULTATIONS_PER_PAGE = 25
IMPORT_SALT = "consultations.draft_import"


# --- access --------------------------------------------------------------------------------


def consultation_in(user: Any, component: Component, consultation_id: int
                    ) -> Consultation | None:
    """The component's consultation ``consultation_id`` (with its component), or None."""
    consultation = (Consultation.objects.filter(component=component, pk=consultation_id)
                    .with_status().first())
    if consultation is not None:
        consultation.component = component
    return consultation


# The consultations component (and one of its consultations) if the person may run it; 404
# otherwise (missing = forbidden).
component_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_consultations)
consultation_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_consultations,
                                     item=consultation_in, item_arg="consultation_id")


def consultation_url(name: str, consultation: Consultation, *args: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *args])


def _index_url(component: Component) -> str:
    return reverse("manage:consultations:manage_index", args=[component.space.slug,
                                                             component.pk])


def status_label(status: str) -> str:
    labels = {
        "draft": _("Draft, not announced"),
        "upcoming": _("Announced, not open yet"),
        "open": _("Open for recommendations"),
        "closed": _("Closed"),
        "report": _("Report published"),
    }
    return labels.get(status, status)


def render_page(request: AuthedRequest, template: str, component: Component,
                **extra: Any) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


# --- list, create, edit --------------------------------------------------------------------


@component_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    consultations = (
        Consultation.objects.filter(component=component)
        .annotate(contribution_count=Count("contributions", distinct=True))
        .select_related("scope", "department")
        .with_status()
        .order_by("-created_at", "-id")
    )
    filterset = ManageConsultationFilterSet.from_request(
        request, consultations, organization=component.space.organization)
    page_obj = Paginator(filterset.filtered_qs, CONSULTATIONS_PER_PAGE).get_page(
        request.GET.get("page"))
    rows = list(page_obj.object_list)
    today = timezone.localdate()
    for consultation in rows:
        consultation.component = component
        consultation.status_label = status_label(
            consultation.status(today))
    return render_page(request, "consultations/manage/index.html", component,
                       page_obj=page_obj, consultations=rows, form=filterset.form,
                       filtered=filterset.is_bound)


@component_staff_view
def manage_create(request: AuthedRequest, component: Component) -> HttpResponse:
    org = component.space.organization
    form = ConsultationForm(request.POST or None, organization=org,
                            instance=Consultation(component=component))
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                acting_user=request.user,
                component=component, **form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            consultation.component = component
            messages.success(request, _("The consultation “%(title)s” was created. Add the "
                                        "text of the draft next.") % {"title": consultation})
            return HttpResponseRedirect(consultation_url("manage_articles", consultation))
    return render_page(request, "consultations/manage/setup_form.html", component, form=form,
                       consultation=None)


@consultation_staff_view
def manage_edit(request: AuthedRequest, component: Component,
                consultation: Consultation) -> HttpResponse:
    component = consultation.component
    title = str(consultation)
    form = ConsultationForm(request.POST or None, organization=component.space.organization,
                            instance=consultation)
    if request.method == "POST" and form.is_valid():
        # The form wrote on the instance: the service compares with the stored row.
        fresh = Consultation.objects.get(pk=consultation.pk)
        fresh.component = component
        try:
            services.consultation_update(
                acting_user=request.user,
                consultation=fresh, **form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The consultation “%(title)s” was saved.")
                             % {"title": fresh})
            return HttpResponseRedirect(consultation_url("manage_detail", fresh))
    return render_page(request, "consultations/manage/setup_form.html", component, form=form,
                       consultation=consultation, consultation_title=title)


# --- the hub -------------------------------------------------------------------------------

# Sections of a consultation's back office, in the order of the work (some run by other pages).
SECTIONS = ("manage_articles", "manage_import", "manage_documents", "manage_versions",
            "manage_contributions", "manage_moderation", "manage_answers", "manage_campaigns",
            "manage_debates", "manage_reports", "manage_close")


def _section_label(name: str) -> str:
    labels = {
        "manage_articles": _("Articles of the draft"),
        "manage_import": _("Import the draft from a document"),
        "manage_documents": _("Documents"),
        "manage_versions": _("Versions of the text"),
        "manage_contributions": _("Contributions"),
        "manage_moderation": _("Moderation of personal data"),
        "manage_answers": _("Answers"),
        "manage_campaigns": _("Campaigns and duplicates"),
        "manage_debates": _("Public debates"),
        "manage_reports": _("Synthesis reports"),
        "manage_close": _("Close as final"),
    }
    return labels.get(name, name)


def section_links(consultation: Consultation) -> list[dict[str, str]]:
    """Links to every section of the consultation's back office that exists."""
    links = []
    for name in SECTIONS:
        try:
            url = consultation_url(name, consultation)
        except NoReverseMatch:
            continue
        links.append({"name": name, "url": url, "label": _section_label(name)})
    return links


@consultation_staff_view
def manage_detail(request: AuthedRequest, component: Component,
                  consultation: Consultation) -> HttpResponse:
    component = consultation.component
    today = timezone.localdate()
    counts = Contribution.objects.filter(consultation=consultation).aggregate(
        total=Count("id"),
        late=Count("id", filter=Q(is_late=True)),
        to_moderate=Count("id", filter=Q(redaction_approved_at__isnull=True)),
        answered=Count("id", filter=Q(answer__state="published")
                       | Q(campaign__answer__state="published")),
    )
    problems = services.publication_problems(consultation, today=today) \
        if consultation.state == ConsultationState.DRAFT else []
    draft = (DraftVersion.objects.filter(consultation=consultation, kind=VersionKind.DRAFT)
             .order_by("number").first())
    article_count = Article.objects.filter(version=draft).count() if draft else 0
    pending_debates = DebateRequest.objects.filter(
        consultation=consultation, state=DebateRequestState.PENDING).count()
    documents = services.documents_of(consultation)
    for document in documents:
        document.role_label = role_label(document.role)
    org = component.space.organization
    earliest_endorsement = legal.earliest_endorsement(
        consultation.legal_profile, consultation.announced_on or today,
        urgency=consultation.urgency, overrides=org.legal_parameters or None,
    ) if consultation.endorsement_on is None else None
    return render_page(
        request, "consultations/manage/detail.html", component, consultation=consultation,
        status=consultation.status(today),
        status_text=status_label(consultation.status(today)),
        days_left=consultation.days_left(today),
        counts=counts, article_count=article_count, pending_debates=pending_debates,
        problems=[legal_messages.violation_message(p) for p in problems],
        documents=documents, sections=section_links(consultation),
        earliest_endorsement=earliest_endorsement,
        warnings=services.timeline_warnings(consultation)
        if consultation.state != ConsultationState.DRAFT else [],
    )


@consultation_staff_view
def manage_publish(request: AuthedRequest, component: Component,
                   consultation: Consultation) -> HttpResponse:
    component = consultation.component
    if consultation.state != ConsultationState.DRAFT:
        messages.info(request, _("This consultation has already been announced."))
        return HttpResponseRedirect(consultation_url("manage_detail", consultation))
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            errors = [_("Tick the box to confirm that the draft and its documents are ready to "
                        "be announced.")]
        else:
            try:
                published = services.consultation_publish(
                    acting_user=request.user,
                    consultation=consultation,
                )
            except services.PublicationRefused as refused:
                errors = list(refused.messages)
            else:
                published.component = component
                messages.success(request, _("“%(title)s” is announced: people can read it and, "
                                            "from %(date)s, send recommendations.") % {
                    "title": published,
                    "date": legal_messages.format_date(published.opens_on)
                    if published.opens_on else "",
                })
                return HttpResponseRedirect(consultation_url("manage_detail", published))
    problems = [legal_messages.violation_message(p)
                for p in services.publication_problems(consultation)]
    return render_page(request, "consultations/manage/setup_publish.html", component,
                       consultation=consultation, errors=errors, problems=problems,
                       announced_on=consultation.announced_on or timezone.localdate())


# --- articles ------------------------------------------------------------------------------


def _draft_articles(consultation: Consultation) -> tuple[DraftVersion, list[Any]]:
    version = services.draft_version(consultation)
    articles: list[Any] = list(Article.objects.filter(version=version)
                    .annotate(contribution_count=Count("contributions"))
                    .order_by("position", "id"))
    return version, articles


def _article_or_404(consultation: Consultation, article_id: int) -> Article:
    article = (Article.objects.filter(pk=article_id, version__consultation=consultation,
                                      version__kind=VersionKind.DRAFT)
               .select_related("version").first())
    if article is None:
        raise Http404
    article.version.consultation = consultation
    return article


@consultation_staff_view
def manage_articles(request: AuthedRequest, component: Component,
                    consultation: Consultation) -> HttpResponse:
    component = consultation.component
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        after = None
        after_id = request.POST.get("after")
        if after_id and after_id.isdigit():
            after = _article_or_404(consultation, int(after_id))
        try:
            article = services.article_create(
                acting_user=request.user,
                consultation=consultation, number=form.cleaned_data["number"],
                heading=form.cleaned_data["heading"], body=form.cleaned_data["body"],
                level=form.cleaned_data["level"], after=after,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(article)s” was added.") % {"article": article})
            return HttpResponseRedirect(consultation_url("manage_articles", consultation)
                                        + f"#article-{article.pk}")
    version, articles = _draft_articles(consultation)
    editable = consultation.state == ConsultationState.DRAFT
    return render_page(request, "consultations/manage/setup_articles.html", component,
                       consultation=consultation, version=version, articles=articles,
                       form=form, editable=editable,
                       locked=consultation.state == ConsultationState.FINAL)


@consultation_staff_view
def manage_article_edit(request: AuthedRequest, component: Component, consultation: Consultation,
                        article_id: int) -> HttpResponse:
    article = _article_or_404(consultation, article_id)
    label = str(article)
    current = article
    if consultation.state != ConsultationState.DRAFT:
        # Once announced, an edit starts from the latest public text of this article.
        current = (Article.objects.filter(version__consultation=consultation, key=article.key)
                   .order_by("-version__number").first()) or article
    form = ArticleForm(request.POST or None, article=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_update(
                acting_user=request.user,
                article=article, number=form.cleaned_data["number"],
                heading=form.cleaned_data["heading"], body=form.cleaned_data["body"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if saved.version_id != article.version_id:
                messages.success(request, _(
                    "The change of “%(article)s” was published as version %(number)s of the "
                    "text; the announced draft stays as it was.") % {
                        "article": saved, "number": saved.version.number})
            else:
                messages.success(request, _("“%(article)s” was saved.") % {"article": saved})
            return HttpResponseRedirect(consultation_url("manage_articles", consultation)
                                        + f"#article-{article.pk}")
    return render_page(request, "consultations/manage/setup_article_form.html",
                       consultation.component, consultation=consultation, article=article,
                       article_label=label, form=form)


@consultation_staff_view
def manage_article_delete(request: AuthedRequest, component: Component, consultation: Consultation,
                          article_id: int) -> HttpResponse:
    article = _article_or_404(consultation, article_id)
    cancel_url = consultation_url("manage_articles", consultation)
    blocked = None
    if request.method == "POST":
        label = str(article)
        try:
            services.article_delete(acting_user=request.user,
                                    article=article)
        except ValidationError as error:
            blocked = " ".join(error.messages)
        else:
            messages.success(request, _("“%(article)s” was deleted.") % {"article": label})
            return HttpResponseRedirect(cancel_url)
    return render_page(request, "includes/confirm_delete.html", consultation.component,
                       object=article, cancel_url=cancel_url, blocked_reason=blocked)


@require_POST
@consultation_staff_view
def manage_article_move(request: AuthedRequest, component: Component, consultation: Consultation,
                        article_id: int) -> HttpResponse:
    article = _article_or_404(consultation, article_id)
    back = consultation_url("manage_articles", consultation)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the article up or down."))
        return HttpResponseRedirect(back)
    try:
        moved = services.article_move(acting_user=request.user,
                                      article=article,
                                      direction="up" if direction == "up" else "down")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    if moved:
        messages.success(request, (_("“%(article)s” moved up.") if direction == "up"
                                   else _("“%(article)s” moved down.")) % {"article": article})
    else:
        messages.info(request, _("“%(article)s” is already at that end of the text.")
                      % {"article": article})
    return HttpResponseRedirect(back + f"#article-{article.pk}")


# --- import --------------------------------------------------------------------------------


def _units_payload(units: list[Unit], source: str) -> str:
    return signing.dumps({
        "source": source,
        "units": [[u.key, u.number, u.heading, u.body, u.level] for u in units],
    }, salt=IMPORT_SALT, compress=True)


def _units_from_payload(payload: str) -> tuple[list[Unit], str]:
    data = signing.loads(payload, salt=IMPORT_SALT, max_age=6 * 3600)
    units = [Unit(key=str(k), number=str(n), heading=str(h), body=str(b), level=int(lv))
             for k, n, h, b, lv in data["units"]]
    return units, str(data.get("source", ""))


@consultation_staff_view
def manage_import(request: AuthedRequest, component: Component,
                  consultation: Consultation) -> HttpResponse:
    component = consultation.component
    back = consultation_url("manage_articles", consultation)
    if consultation.state != ConsultationState.DRAFT:
        messages.error(request, _("The draft was announced: upload a revised version of the "
                                  "text instead of replacing it."))
        return HttpResponseRedirect(back)
    _version, current = _draft_articles(consultation)
    if request.method == "POST" and request.POST.get("payload"):
        try:
            units, source = _units_from_payload(request.POST["payload"])
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            messages.error(request, _("The preview has expired: upload the document again."))
            return HttpResponseRedirect(consultation_url("manage_import", consultation))
        try:
            count = services.draft_replace(
                acting_user=request.user,
                consultation=consultation, units=units, source_name=source,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        messages.success(request, ngettext(
            "The draft now has the %(count)s unit read from “%(source)s”.",
            "The draft now has the %(count)s units read from “%(source)s”.", count)
            % {"count": count, "source": source})
        return HttpResponseRedirect(back)
    form = TextSourceForm(request.POST or None, request.FILES or None)
    units_found: list[Unit] = []
    payload = ""
    source = ""
    if request.method == "POST" and form.is_valid():
        data, source = form.source()
        try:
            units_found = services.unique_units(parse_document(data, source))
        except DocumentError as error:
            form.add_error("file" if form.cleaned_data.get("file") else "text",
                           document_error_message(error.code))
        else:
            if not units_found:
                form.add_error(None, document_error_message("empty"))
            else:
                payload = _units_payload(units_found, source)
    return render_page(request, "consultations/manage/setup_import.html", component,
                       consultation=consultation, form=form, units=units_found,
                       payload=payload, source=source, current_count=len(current))


# --- documents -----------------------------------------------------------------------------


@consultation_staff_view
def manage_documents(request: AuthedRequest, component: Component,
                     consultation: Consultation) -> HttpResponse:
    component = consultation.component
    here = consultation_url("manage_documents", consultation)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "role":
        documents = {str(doc.pk): doc for doc in services.documents_of(consultation)}
        document = documents.get(request.POST.get("attachment", ""))
        if document is None:
            raise Http404
        try:
            services.document_set_role(acting_user=request.user,
                                       consultation=consultation, attachment=document,
                                       role=request.POST.get("role", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” is now listed as: %(role)s.") % {
                "title": document, "role": role_label(request.POST.get("role", ""))})
        return HttpResponseRedirect(here)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        org = component.space.organization
        title = form.cleaned_data["title"].strip()
        try:
            services.document_upload(
                acting_user=request.user,
                consultation=consultation, file=upload, file_name=upload.name,
                size=upload.size, title={org.default_language: title} if title else {},
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The document was attached to the consultation."))
            return HttpResponseRedirect(here)
    attached = services.documents_of(consultation)
    for document in attached:
        document.role_label = role_label(document.role)

    return render_page(request, "consultations/manage/setup_documents.html", component,
                       consultation=consultation, form=form, documents=attached,
                       role_choices=DOCUMENT_ROLE_CHOICES,
                       needs_justification=legal.get_profile(
                           consultation.legal_profile).requires_justification_document,
                       has_justification=any(d.role == "justification" for d in attached))


urlpatterns: list[URLPattern] = [
    path("", manage_index, name="manage_index"),
    path("new/", manage_create, name="manage_create"),
    path("<int:consultation_id>/", manage_detail, name="manage_detail"),
    path("<int:consultation_id>/edit/", manage_edit, name="manage_edit"),
    path("<int:consultation_id>/publish/", manage_publish, name="manage_publish"),
    path("<int:consultation_id>/articles/", manage_articles, name="manage_articles"),
    path("<int:consultation_id>/articles/<int:article_id>/edit/", manage_article_edit,
         name="manage_article_edit"),
    path("<int:consultation_id>/articles/<int:article_id>/delete/", manage_article_delete,
         name="manage_article_delete"),
    path("<int:consultation_id>/articles/<int:article_id>/move/", manage_article_move,
         name="manage_article_move"),
    path("<int:consultation_id>/import/", manage_import, name="manage_import"),
    path("<int:consultation_id>/documents/", manage_documents, name="manage_documents"),
]
