"""Staff tool (under /manage/tools/redaction/): remove personal data from any document
before publishing it.

Paste a text or upload a DOCX, ODT or TXT file, choose the language and, optionally, the names
of the people concerned; the page shows the original and the redacted text side by side with
each redaction marked and named, and offers the redacted text as a UTF-8 .txt download.
Using the tool is a read (nothing is stored), so it is not audited.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from participa.core.http import AuthedRequest
from participa.core.models import Organization
from participa.core.redaction import placeholder_for
from participa.lib import redaction
from participa.lib.documents import DocumentError, extract_text
from participa.spaces.staff import manage_view, render_manage, require_manage_access

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = (".docx", ".odt", ".txt")

KIND_LABELS = {
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "national_id": _("personal ID number"),
    "iban": _("bank account (IBAN)"),
    "address": _("street address"),
    "url": _("personal web address"),
    "name": _("person's name"),
}


def _language_choices(org: Organization) -> list[tuple[str, str]]:
    known = dict(settings.LANGUAGES)
    choices = []
    for code in org.languages or [org.default_language]:
        try:
            label = get_language_info(code)["name_translated"]
        except KeyError:
            label = known.get(code, code)
        choices.append((code, label))
    return choices


class RedactionToolForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Paste the text to redact, or upload a file below."),
    )
    file = forms.FileField(
        label=_("Or a file"), required=False,
        help_text=_("A DOCX, ODT or TXT file of at most 10 MB. If you upload a file, the pasted "
                    "text is not used."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt,.txt"}),
    )
    lang = forms.ChoiceField(label=_("Language of the text"))
    names = forms.CharField(
        label=_("Names of the people concerned"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. One name per line, for example the author of a letter; each is "
                    "removed wherever it appears, also in short or inflected forms."),
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang_field = self.fields["lang"]
        assert isinstance(lang_field, forms.ChoiceField)
        lang_field.choices = _language_choices(org)
        self.fields["lang"].initial = org.default_language

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_(
                "Only DOCX, ODT and TXT files can be redacted. Save the document in one of "
                "these formats and upload it again, or paste its text."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_(
                "The file is larger than 10 MB. Split it into smaller files, or paste the text."))
        data = upload.read()
        try:
            self.extracted = extract_text(data, upload.name)
        except DocumentError as error:
            if error.code == "empty":
                raise forms.ValidationError(_(
                    "The file contains no text. Check that it is the right file, or paste the "
                    "text.")) from error
            if error.code == "unsupported":
                raise forms.ValidationError(_(
                    "This kind of file cannot be read. Upload a DOCX, ODT or TXT file, or paste "
                    "the text.")) from error
            raise forms.ValidationError(_(
                "The file could not be read; it may be damaged. Open it, save it again and "
                "upload it, or paste the text.")) from error
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_(
                "The text file is not in UTF-8 encoding. Save it as UTF-8 and upload it again, "
                "or paste the text.")) from error
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or upload a file to redact."))
        return cleaned

    def source_text(self) -> str:
        if self.cleaned_data.get("file"):
            return str(getattr(self, "extracted", ""))
        return str(self.cleaned_data.get("text") or "")

    def name_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("names") or "").splitlines()
                if line.strip()]


def _segments(text: str, spans: tuple[redaction.Span, ...],
              placeholder: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The original and the redacted text as lists of plain and marked pieces."""
    original: list[dict[str, Any]] = []
    redacted: list[dict[str, Any]] = []
    last = 0
    for number, span in enumerate(sorted(spans), start=1):
        if span.start < last:
            continue
        plain = text[last:span.start]
        original.append({"text": plain})
        redacted.append({"text": plain})
        label = KIND_LABELS.get(span.kind, span.kind)
        original.append({"text": text[span.start:span.end], "kind": label, "number": number})
        redacted.append({"text": placeholder, "kind": label, "number": number})
        last = span.end
    original.append({"text": text[last:]})
    redacted.append({"text": text[last:]})
    return original, redacted


@manage_view()
def redaction_tool(request: AuthedRequest) -> HttpResponse:
    org = require_manage_access(request)
    context: dict[str, Any] = {}
    if request.method == "POST":
        form = RedactionToolForm(request.POST, request.FILES, org=org)
        if form.is_valid():
            lang = form.cleaned_data["lang"]
            text = form.source_text()
            placeholder = placeholder_for(org, lang)
            result = redaction.redact(text, lang=lang, names=form.name_list(),
                                      placeholder=placeholder,
                                      keep_officials=org.redaction_keep_officials)
            counts = dict(Counter(span.kind for span in result.spans))
            download = "download" in request.POST
            if download:
                response = HttpResponse(result.text, content_type="text/plain; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="redacted.txt"'
                return response
            original, redacted = _segments(text, result.spans, placeholder)
            context.update({
                "result": result, "original_segments": original, "redacted_segments": redacted,
                "source_text": text, "names_text": "\n".join(form.name_list()), "lang": lang,
                "counts": [(KIND_LABELS[kind], counts[kind]) for kind in redaction.KINDS
                           if counts.get(kind)],
            })
            if form.cleaned_data.get("file"):
                # The extracted text replaces the upload so that the form can be sent again.
                form = RedactionToolForm(
                    initial={"text": text, "lang": lang, "names": context["names_text"]},
                    org=org)
    else:
        form = RedactionToolForm(org=org)
    context["form"] = form
    return render_manage(request, "manage/redaction_tool.html", context, nav="tools")


urlpatterns: list[URLPattern] = [
    path("tools/redaction/", redaction_tool, name="redaction_tool"),
]
