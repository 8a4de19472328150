"""Forms of the consultation set-up in the back office: the consultation itself, the draft's
articles, a draft imported from a document, the attached documents and the text versions."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participa.attachments.services import max_bytes
from participa.attachments.validation import accepted_extensions
from participa.components.consultations.models import Article, Consultation, VersionKind
from participa.core.forms_i18n import TranslatedModelForm
from participa.core.models import Area, Organization, Scope, legal_profile_choices

IMPORT_EXTENSIONS = (".docx", ".odt", ".md", ".txt")
IMPORT_MAX_BYTES = 10 * 1024 * 1024


def document_error_message(code: str) -> str:
    """The sentence for a ``participa.lib.documents.DocumentError`` code."""
    messages = {
        "unsupported": _("This type of file cannot be read: upload a DOCX, ODT, Markdown (.md) "
                         "or plain text (.txt) file."),
        "unreadable": _("The file could not be read: it may be damaged or protected by a "
                        "password. Save it again and upload it, or paste the text."),
        "empty": _("No text was found in the file: check that it is the right file, or paste "
                   "the text."),
    }
    return str(messages.get(code, messages["unreadable"]))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput(),
                           help_text=help_text)


class ConsultationForm(TranslatedModelForm):
    """Pass ``organization=`` and ``instance=`` (``Consultation(component=...)`` when new).

    Only the texts are model fields of the form; the services validate and save the rest
    (``service_values()`` gives their keyword arguments).
    """

    translated_fields = {
        "title": {"required": True, "max_length": 300},
        "summary": {"widget": "textarea", "rows": 5,
                    "help_text": _("A few sentences: what the decision changes and for whom.")},
    }

    slug = forms.SlugField(
        label=_("Short name in the address"), required=False, max_length=80,
        help_text=_("Letters, digits and hyphens. Leave empty to make it from the title."),
    )
    scope = forms.ModelChoiceField(label=_("Scope"), queryset=Scope.objects.none(),
                                   required=False, empty_label=_("The whole city"))
    department = forms.ModelChoiceField(label=_("Responsible department"),
                                        queryset=Area.objects.none(), required=False,
                                        empty_label=_("None chosen"))
    contact_name = forms.CharField(
        label=_("Contact person"), required=False, max_length=200,
        help_text=_("The person responsible for relations with civil society."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    channel_online = forms.BooleanField(label=_("Recommendations accepted online, on this "
                                                "platform"), required=False, initial=True)
    channel_email = forms.EmailField(
        label=_("E-mail address for recommendations"), required=False,
        help_text=_("Leave empty if recommendations are not accepted by e-mail."))
    channel_post = forms.CharField(
        label=_("Postal address for recommendations"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty if recommendations are not accepted by post."))
    channel_in_person = forms.CharField(
        label=_("Where to submit recommendations in person"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The office and its opening hours. Leave empty if not offered."))
    legal_profile = forms.ChoiceField(label=_("Legal profile"), choices=legal_profile_choices,
                                      help_text=_("The rules the timeline must follow."))
    announced_on = _date_field(_("Announcement date"),
                               _("Leave empty to use the day it is announced."))
    opens_on = _date_field(_("Recommendations accepted from"))
    closes_on = _date_field(_("Recommendations accepted until"))
    endorsement_on = _date_field(_("Sent for endorsement on"))
    adoption_on = _date_field(_("Planned adoption date"))
    date_change_reason = forms.CharField(
        label=_("Reason for changing the dates"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when a date of an announced consultation changes. It is shown "
                    "on the public timeline and sent to the people who follow the "
                    "consultation."))
    urgency = forms.BooleanField(
        label=_("Urgency procedure (the usual deadlines do not apply)"), required=False)
    urgency_reason = forms.CharField(
        label=_("Reason for the urgency procedure"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required with the urgency procedure. It is recorded and shown in the "
                    "reports."))
    similarity_threshold = forms.FloatField(
        label=_("Similarity for campaigns"), min_value=0.5, max_value=1.0, initial=0.8,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text=_("Contributions at least this similar (0.5 to 1) are grouped as a campaign."))

    class Meta:
        model = Consultation
        fields = ["title", "summary"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Organization = self.organization
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ModelChoiceField)
        scope_field.queryset = Scope.objects.filter(organization=org).order_by("code")
        department_field = self.fields["department"]
        assert isinstance(department_field, forms.ModelChoiceField)
        department_field.queryset = Area.objects.filter(organization=org).order_by("code")
        instance: Consultation = self.instance
        if instance.pk:
            channels = instance.channels or {}
            self.initial.update({
                "slug": instance.slug, "scope": instance.scope_id,
                "department": instance.department_id, "contact_name": instance.contact_name,
                "contact_email": instance.contact_email,
                "contact_phone": instance.contact_phone,
                "channel_online": bool(channels.get("online", True)),
                "channel_email": channels.get("email", ""),
                "channel_post": channels.get("post", ""),
                "channel_in_person": channels.get("in_person", ""),
                "legal_profile": instance.legal_profile, "announced_on": instance.announced_on,
                "opens_on": instance.opens_on, "closes_on": instance.closes_on,
                "endorsement_on": instance.endorsement_on, "adoption_on": instance.adoption_on,
                "urgency": instance.urgency, "urgency_reason": instance.urgency_reason,
                "similarity_threshold": instance.similarity_threshold,
            })
            if instance.is_published:
                slug_field = self.fields["slug"]
                slug_field.disabled = True
                slug_field.help_text = _("The address of an announced consultation stays the "
                                         "same.")
                announced_field = self.fields["announced_on"]
                announced_field.disabled = True
                announced_field.help_text = _("The announcement date starts the legal deadlines: "
                                              "it stays the same once announced.")
                self.fields["closes_on"].help_text = _(
                    "Can be extended, never shortened; give the reason below.")
        else:
            self.initial.setdefault("legal_profile", org.legal_profile)
        if not (instance.pk and instance.is_published):
            del self.fields["date_change_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on: datetime.date | None = data.get("opens_on")
        closes_on: datetime.date | None = data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The last day must be on or after the first day."))
        endorsement_on: datetime.date | None = data.get("endorsement_on")
        adoption_on: datetime.date | None = data.get("adoption_on")
        if endorsement_on and adoption_on and adoption_on < endorsement_on:
            self.add_error("adoption_on", _("The decision cannot be adopted before the draft is "
                                            "sent for endorsement."))
        if data.get("urgency") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("Write why the urgency procedure is needed: "
                                               "the reason is recorded and reported."))
        slug = data.get("slug") or ""
        if slug and not self.instance.is_published and Consultation.objects.filter(
            component_id=self.instance.component_id, slug=slug
        ).exclude(pk=self.instance.pk).exists():
            self.add_error("slug", _("Another consultation of this component already has this "
                                     "address; choose another one."))
        return data

    def groups(self) -> list[tuple[str, list[Any]]]:
        """The fields in labelled groups (fieldsets), in order."""
        texts = [name for name in self.fields
                 if name.startswith(("title__", "summary__")) or name == "slug"]
        groups: list[tuple[Any, list[str]]] = [
            (_("Texts"), texts),
            (_("Responsibility"), ["scope", "department", "contact_name", "contact_email",
                                   "contact_phone"]),
            (_("Channels for recommendations"), ["channel_online", "channel_email",
                                                 "channel_post", "channel_in_person"]),
            (_("Timeline"), ["legal_profile", "announced_on", "opens_on", "closes_on",
                             "endorsement_on", "adoption_on", "date_change_reason"]),
            (_("Urgency procedure"), ["urgency", "urgency_reason"]),
            (_("Campaigns"), ["similarity_threshold"]),
        ]
        return [(str(legend), [self[name] for name in names if name in self.fields])
                for legend, names in groups]

    def service_values(self) -> dict[str, Any]:
        """Keyword arguments for ``consultation_create`` / ``consultation_update``."""
        data = self.cleaned_data
        values: dict[str, Any] = self.translated_values()
        values.update({
            name: data.get(name)
            for name in ("scope", "department", "announced_on", "opens_on", "closes_on",
                         "endorsement_on", "adoption_on")
        })
        values.update({
            name: data.get(name) or ""
            for name in ("slug", "contact_name", "contact_email", "contact_phone",
                         "legal_profile", "urgency_reason")
        })
        values["urgency"] = bool(data.get("urgency"))
        if not values["urgency"]:
            values["urgency_reason"] = ""
        values["similarity_threshold"] = float(data.get("similarity_threshold") or 0.8)
        values["channels"] = {
            "online": bool(data.get("channel_online")),
            "email": data.get("channel_email") or "",
            "post": data.get("channel_post") or "",
            "in_person": data.get("channel_in_person") or "",
        }
        if self.instance.pk and self.instance.is_published:
            values.pop("slug", None)
            values.pop("announced_on", None)
            values["date_change_reason"] = data.get("date_change_reason") or ""
        return values


LEVEL_CHOICES = [(0, _("Heading (chapter, section)")), (1, _("Article")), (2, _("Paragraph"))]


class ArticleForm(forms.Form):
    number = forms.CharField(label=_("Numbering"), required=False, max_length=60,
                             help_text=_("As written in the text, e.g. “Art. 3” or “(2)”."))
    heading = forms.CharField(label=_("Heading"), required=False, max_length=300)
    body = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))
    level = forms.TypedChoiceField(label=_("Kind"), choices=LEVEL_CHOICES, coerce=int,
                                   initial=1)

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any) -> None:
        if article is not None:
            kwargs.setdefault("initial", {"number": article.number, "heading": article.heading,
                                          "body": article.body, "level": article.level})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("heading") or "").strip() and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the text of the article (or at least a heading)."))
        return data


def _check_upload(upload: Any) -> Any:
    if upload is None:
        return upload
    name = (upload.name or "").lower()
    if not name.endswith(IMPORT_EXTENSIONS):
        raise forms.ValidationError(document_error_message("unsupported"))
    if upload.size > IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large: at most %(limit)s.")
            % {"limit": filesizeformat(IMPORT_MAX_BYTES)})
    return upload


class TextSourceForm(forms.Form):
    """A text read from an uploaded document, or pasted as Markdown."""

    file = forms.FileField(
        label=_("Document"), required=False,
        help_text=_("DOCX, ODT, Markdown (.md) or plain text (.txt). Numbering such as "
                    "“Art. 1” and “(1)” is kept."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Or paste the text (Markdown)"), required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One article per heading, e.g. “## Art. 1 Scope” followed by its text."),
    )

    def clean_file(self) -> Any:
        return _check_upload(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip() \
                and not self.errors.get("file"):
            raise forms.ValidationError(_("Choose a document to upload or paste the text."))
        return data

    def source(self) -> tuple[bytes, str]:
        """(content, file name) of what was given: the file wins over the pasted text."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "pasted.md"


class VersionForm(TextSourceForm):
    kind = forms.ChoiceField(
        label=_("Which text is it?"),
        choices=[(VersionKind.REVISED, _("A revised text")),
                 (VersionKind.FINAL, _("The final text (adopted or sent for adoption)"))],
        widget=forms.RadioSelect, initial=VersionKind.REVISED,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300,
                           help_text=_("What changed, in a sentence."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"kind": self.fields.pop("kind"), **self.fields}


DOCUMENT_ROLE_CHOICES = [
    ("justification", _("Justification report (referat de aprobare / notă de fundamentare)")),
    ("impact_study", _("Impact study")),
    ("annex", _("Annex")),
]


def role_label(role: str) -> str:
    return str(dict(DOCUMENT_ROLE_CHOICES).get(role, role))


class DocumentForm(forms.Form):
    role = forms.ChoiceField(label=_("What is this document?"), choices=DOCUMENT_ROLE_CHOICES,
                             widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_("Leave empty to use the file name."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = ", ".join(ext.lstrip(".").upper() for ext in accepted_extensions())
        self.fields["file"].help_text = _("Accepted types: %(types)s. At most %(limit)s.") % {
            "types": types, "limit": filesizeformat(max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ",".join(accepted_extensions())


_NUMBERS_SPLIT = re.compile(r"[\s,;]+")


class ChangeLinkForm(forms.Form):
    """Link a changed article to the contributions that caused it (by registration number).

    Numbers are typed ("12, 40") rather than picked from a list: a consultation may have
    thousands of contributions.
    """

    article_key = forms.CharField(widget=forms.HiddenInput)
    contributions = forms.CharField(
        label=_("Registration numbers of the contributions that caused this change"),
        required=False, max_length=2000,
        help_text=_("Separated by commas or spaces, e.g. “12, 40”."),
    )
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_contributions(self) -> list[int]:
        raw = (self.cleaned_data.get("contributions") or "").strip()
        numbers: list[int] = []
        wrong: list[str] = []
        for part in _NUMBERS_SPLIT.split(raw):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if part.isdigit() and int(part) > 0:
                if int(part) not in numbers:
                    numbers.append(int(part))
            else:
                wrong.append(part)
        if wrong:
            raise forms.ValidationError(
                _("These are not registration numbers: %(values)s. Type numbers only, e.g. "
                  "“12, 40”.") % {"values": ", ".join(wrong)})
        return numbers
