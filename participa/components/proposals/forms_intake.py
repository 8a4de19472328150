"""Staff forms of the offline channels: a proposal received by letter, e-mail or in person,
and the review of its redactions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.components.proposals.models import Channel, ProposalCategory, Publication
from participa.core.form_fields import choice_field
from participa.core.models import Area, Scope
from participa.lib import mailbox
from participa.redaction.review import ALL_KINDS
from participa.spaces.models import Component

OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices
                    if value in (Channel.LETTER, Channel.EMAIL, Channel.IN_PERSON)]
OFFLINE_PUBLICATIONS = [(value, label) for value, label in Publication.choices
                        if value in (Publication.NAMED, Publication.ANONYMOUS)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class RegisterProposalForm(forms.Form):
    """A proposal received offline, typed in by staff as received."""

    channel = forms.ChoiceField(label=_("Received by"), choices=OFFLINE_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Date and time received"), widget=DateTimeLocalInput(),
        help_text=_("As on the registration stamp or the e-mail. It cannot be in the future."))
    author_name = forms.CharField(
        label=_("Sender"), max_length=200,
        help_text=_("As written by the sender: a person's name or an organization."))
    author_email = forms.EmailField(label=_("Sender's e-mail"), required=False,
                                    help_text=_("Never published."))
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("The sender's title, or a short one of your own."))
    body = forms.CharField(
        label=_("Text of the proposal"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Copy the whole text as received. It stays for staff only; the public "
                    "reads it once personal data is removed and you have checked it."))
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(),
                                  required=False)
    category = forms.ModelChoiceField(label=_("Category"),
                                      queryset=ProposalCategory.objects.none(), required=False)
    publication = forms.ChoiceField(
        label=_("Publication chosen by the sender"), choices=OFFLINE_PUBLICATIONS,
        widget=forms.RadioSelect, initial=Publication.NAMED,
        help_text=_("When the sender did not ask to be named, choose “Anonymously”."))

    def __init__(self, *args: Any, component: Component, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "received_at", timezone.localtime().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        org = component.space.organization
        fields = self.fields
        scope, area, category = fields["scope"], fields["area"], fields["category"]
        assert isinstance(scope, forms.ModelChoiceField)
        assert isinstance(area, forms.ModelChoiceField)
        assert isinstance(category, forms.ModelChoiceField)
        scope.queryset = Scope.objects.filter(organization=org).order_by("code")
        area.queryset = Area.objects.filter(organization=org).order_by("code")
        category.queryset = ProposalCategory.objects.filter(component=component)

    def clean_received_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["received_at"]
        if value > timezone.now() + datetime.timedelta(minutes=1):
            raise forms.ValidationError(
                _("The date received cannot be in the future. Check the day and the time."))
        return value


def kind_choices() -> list[tuple[str, Any]]:
    labels: dict[str, Any] = {
        "name": _("Name"), "email": _("E-mail address"), "phone": _("Phone number"),
        "national_id": _("Personal ID number"), "iban": _("Bank account (IBAN)"),
        "address": _("Street address"), "url": _("Personal web address"),
        "other": _("Other personal data"),
    }
    return [(kind, labels.get(kind, kind)) for kind in ALL_KINDS]


def kind_label(kind: str) -> Any:
    return dict(kind_choices()).get(kind, kind)


class HideWordsForm(forms.Form):
    words = forms.CharField(
        label=_("Words to hide"), max_length=300,
        help_text=_("Type them exactly as they are written in the original text."),
        error_messages={"required": _("Type the words to hide, exactly as they appear in "
                                      "the text.")})
    kind = forms.ChoiceField(label=_("Kind of personal data"), initial="name")
    all_occurrences = forms.BooleanField(label=_("Hide every occurrence"), required=False,
                                         initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = kind_choices()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class MailboxUploadForm(forms.Form):
    # "files" is also BaseForm.files (the uploads): the field shadows it, as in consultations.
    files = MultipleFileField(label=_("Messages"))  # type: ignore[assignment]

    def clean_files(self) -> list[Any]:
        files = [item for item in self.cleaned_data["files"] if item]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if sum(item.size for item in files) > mailbox.MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                _("The files are larger than %(limit)s in all. Import them in several batches.")
                % {"limit": filesizeformat(mailbox.MAX_TOTAL_BYTES)})
        return files


class MailboxConfirmForm(forms.Form):
    publication = forms.ChoiceField(
        label=_("Publication chosen by the sender"), choices=OFFLINE_PUBLICATIONS,
        widget=forms.RadioSelect, initial=Publication.ANONYMOUS,
        help_text=_("When the sender did not ask to be named, choose “Anonymously”."))
