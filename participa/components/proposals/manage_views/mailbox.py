"""Staff view of the e-mail import into proposals (the shared intake): upload, read in the
background, preview and choose, register (each message a proposal waiting for its personal
data check), then the report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.proposals.forms_intake import MailboxConfirmForm, MailboxUploadForm
from participa.components.proposals.manage_views.proposals import (
    proposals_staff_view,
    render_proposals,
)
from participa.components.proposals.models import Proposal
from participa.components.proposals.services import mailbox as imports
from participa.core.http import AuthedRequest
from participa.intake.models import BatchState, IntakeBatch
from participa.lib import mailbox
from participa.spaces.models import Component

TEMPLATE = "proposals/manage/mailbox_import.html"


def _pending(request: AuthedRequest, component: Component) -> IntakeBatch | None:
    return imports.pending_batches(component).filter(created_by_id=request.user.pk).first()


def _error_text(code: str, name: str) -> str:
    texts = {
        "empty": _("The file “%(name)s” is empty."),
        "no_messages": _("No e-mail message was found in “%(name)s”."),
        "not_a_message": _("“%(name)s” is not an e-mail message (.eml) nor an mbox file. "
                           "Export the messages again from the mail program."),
    }
    return texts.get(code, _("“%(name)s” cannot be read.")) % {"name": name}


def _report(request: AuthedRequest, counts: dict[str, Any]) -> None:
    n = int(counts.get("registered", 0))
    messages.success(request, ngettext(
        "%(count)s message registered as a proposal: check its personal data, then publish it.",
        "%(count)s messages registered as proposals: check their personal data, then publish "
        "them.", n) % {"count": n})
    if n := int(counts.get("duplicates", 0)):
        messages.info(request, ngettext(
            "%(count)s message was already registered and was skipped.",
            "%(count)s messages were already registered and were skipped.", n) % {"count": n})
    if n := int(counts.get("empty", 0)):
        messages.warning(request, ngettext(
            "%(count)s message had no text and was not registered.",
            "%(count)s messages had no text and were not registered.", n) % {"count": n})
    if n := int(counts.get("failed", 0)):
        messages.error(request, ngettext(
            "%(count)s message could not be registered. Register it by hand.",
            "%(count)s messages could not be registered. Register them by hand.", n)
            % {"count": n})


@proposals_staff_view
def manage_mailbox_import(request: AuthedRequest, component: Component) -> HttpResponse:
    here = reverse("manage:proposals:manage_mailbox_import",
                   args=[component.space.slug, component.pk])
    user = request.user
    step = request.POST.get("step", "") if request.method == "POST" else ""
    pending = _pending(request, component)
    if step == "cancel":
        if pending is not None:
            imports.import_discard(acting_user=user, component=component, batch=pending)
        messages.info(request, _("The import was cancelled."))
        return HttpResponseRedirect(here)
    if pending is not None and pending.state == BatchState.DONE:
        _report(request, pending.counts or {})
        imports.import_discard(acting_user=user, component=component, batch=pending)
        return HttpResponseRedirect(reverse("manage:proposals:manage_index",
                                            args=[component.space.slug, component.pk]))
    if pending is not None and pending.state in (BatchState.PARSING, BatchState.REGISTERING,
                                                 BatchState.INTERRUPTED):
        return render_proposals(request, TEMPLATE, component, working=True,
                                file_names=pending.names)
    if step == "upload":
        upload_form = MailboxUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            files = [(item.name or "message", item.read())
                     for item in upload_form.cleaned_data["files"]]
            total, errors = mailbox.screen_uploads(files)
            if total:
                imports.import_start(acting_user=user, component=component, files=files)
                return HttpResponseRedirect(here)
            for error in errors or [mailbox.MailboxError("no_messages", files[0][0])]:
                upload_form.add_error("files", _error_text(error.code, error.name))
        return render_proposals(request, TEMPLATE, component, upload_form=upload_form)
    if pending is None or pending.state == BatchState.FAILED:
        upload_form = MailboxUploadForm()
        if pending is not None:
            for code, name in pending.problems or [["no_messages", ", ".join(pending.names)]]:
                upload_form.add_error(None, _error_text(code, name))
            imports.import_discard(acting_user=user, component=component, batch=pending)
        return render_proposals(request, TEMPLATE, component, upload_form=upload_form)
    confirm_form = MailboxConfirmForm(request.POST if step == "confirm" else None)
    if step == "confirm" and confirm_form.is_valid():
        chosen = request.POST.getlist("include") if request.POST.get("choose") == "1" else None
        imports.import_confirm(acting_user=user, component=component, batch=pending,
                               chosen=chosen,
                               publication=confirm_form.cleaned_data["publication"])
        return HttpResponseRedirect(here)
    found = list(pending.preview)
    registered = dict(Proposal.objects.filter(
        component=component, source_id__in=[row["source_id"] for row in found])
        .values_list("source_id", "number"))
    rows = [{"message": row, "duplicate_of": registered.get(row["source_id"]),
             "empty": row["empty"]} for row in found]
    return render_proposals(request, TEMPLATE, component, confirm_form=confirm_form, rows=rows,
                            file_names=pending.names)
