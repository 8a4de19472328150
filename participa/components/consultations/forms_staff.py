"""Staff forms of the register of recommendations, the mailbox import and the debates."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.attachments.services import max_bytes
from participa.attachments.validation import accepted_extensions
from participa.components.consultations.models import (
    Article,
    Channel,
    Consultation,
    ContributionType,
    DebateRequest,
    DebateRequestState,
    Publication,
)
from participa.core.form_fields import choice_field
from participa.lib.mailbox import MAX_TOTAL_BYTES

# Channels staff register by hand (online contributions come through the public form).
OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]
# People writing by e-mail did not choose how to be published: staff choose for the batch,
# between these two (publishing names nobody agreed to publish is not offered).
IMPORT_PUBLICATIONS = [
    (Publication.ANONYMOUS.value, _("Publish anonymously")),
    (Publication.NOT_PUBLISHED.value, _("Do not publish (counted only)")),
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _local_now() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def article_choices(consultation: Consultation) -> list[tuple[str, str]]:
    """Articles of the consultation's draft (the first version), for a select."""
    articles = (Article.objects.filter(version__consultation=consultation)
                .order_by("version__number", "position", "id")
                .select_related("version")
                .only("pk", "version__number", "number", "parent_number", "heading", "key",
                      "level"))
    first_version = None
    choices: list[tuple[str, str]] = [("", str(_("The whole draft")))]
    for article in articles:
        version = article.version.number
        if first_version is None:
            first_version = version
        if version != first_version:
            break
        choices.append((str(article.pk), str(article)))  # "Art. 2 (1)"
    return choices


class _ArticleMixin:
    consultation: Consultation
    cleaned_data: dict[str, Any]

    def clean_article(self) -> Article | None:
        value = self.cleaned_data.get("article")
        if not value:
            return None
        article = Article.objects.filter(pk=value,
                                         version__consultation=self.consultation).first()
        if article is None:
            raise forms.ValidationError(_("Choose an article of this draft."))
        return article


class OfflineContributionForm(_ArticleMixin, forms.Form):
    """A recommendation received by e-mail, post or in person, typed in by staff."""

    channel = forms.ChoiceField(label=_("Received by"), choices=OFFLINE_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Date and time received"), widget=DateTimeLocalInput(),
        help_text=_("As on the registration stamp or the e-mail. It cannot be in the future."),
    )
    author_name = forms.CharField(
        label=_("Sender"), max_length=200,
        help_text=_("As written by the sender: a person's name or an organization."),
    )
    author_email = forms.EmailField(label=_("Sender's e-mail"), required=False,
                                    help_text=_("Never published."))
    article = forms.ChoiceField(label=_("Concerns"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=ContributionType.choices,
                             initial=ContributionType.PROPOSAL)
    body = forms.CharField(
        label=_("Text of the recommendation"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Copy the whole text. Personal data is removed before anything is "
                    "published."),
    )
    publication = forms.ChoiceField(
        label=_("Publication chosen by the sender"), choices=Publication.choices,
        widget=forms.RadioSelect,
        help_text=_("When the sender did not say, choose “Do not publish”."),
    )
    original_file = forms.FileField(
        label=_("Scan of the letter or the e-mail (optional)"), required=False,
        help_text=_("Kept for staff only, never published."),
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_at", _local_now())
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        choice_field(self, "article").choices = article_choices(
            consultation)
        types = ", ".join(ext.lstrip(".").upper() for ext in accepted_extensions())
        self.fields["original_file"].help_text = _(
            "Kept for staff only, never published. Accepted types: %(types)s. At most "
            "%(limit)s.") % {"types": types, "limit": filesizeformat(max_bytes())}
        self.fields["original_file"].widget.attrs["accept"] = ",".join(accepted_extensions())

    def clean_received_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["received_at"]
        if value > timezone.now() + datetime.timedelta(minutes=1):
            raise forms.ValidationError(
                _("The date received cannot be in the future. Check the day and the time."))
        return value

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("Copy the text of the recommendation."))
        return value


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
    files = MultipleFileField(label=_("Messages"))  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Several .eml files (up to 100 at once), one mbox file, or a ZIP of .eml files, as "
            "exported from the mail program. At most %(limit)s in all."
        ) % {"limit": filesizeformat(MAX_TOTAL_BYTES)}

    def clean_files(self) -> list[Any]:
        files = [item for item in self.cleaned_data["files"] if item]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if sum(item.size for item in files) > MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                _("The files are larger than %(limit)s in all. Import them in several batches.")
                % {"limit": filesizeformat(MAX_TOTAL_BYTES)})
        return files


class MailboxConfirmForm(_ArticleMixin, forms.Form):
    """How the whole batch is registered; the people did not choose, so staff must."""

    publication = forms.ChoiceField(
        label=_("Publication of these messages"), choices=IMPORT_PUBLICATIONS,
        widget=forms.RadioSelect,
        help_text=_("The senders did not choose how to be published: their names are never "
                    "published from an import."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=ContributionType.choices,
                             initial=ContributionType.PROPOSAL)
    article = forms.ChoiceField(label=_("Concerns"), required=False)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        choice_field(self, "article").choices = article_choices(
            consultation)


class DebateForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeLocalInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False,
                            help_text=_("The room and address, as people should find it."))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https",
                                help_text=_("Where people can follow or join it online."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("place") or "").strip() and not (data.get("online_url") or "").strip():
            raise forms.ValidationError(
                _("Give the place of the debate, an online link, or both."))
        return data


def _request_label(item: DebateRequest) -> str:
    return item.group.name


def _late_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for a date after the legal deadline"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only where the legal profile allows a debate after the deadline of the "
                    "request; the reason is recorded and shown with the debate."))


class DebateScheduleForm(DebateForm):
    """Accept pending requests and schedule one debate that answers them."""

    requests = forms.ModelMultipleChoiceField(
        label=_("Requests answered by this debate"), queryset=DebateRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    late_reason = _late_reason_field()

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requests"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (DebateRequest.objects
                          .filter(consultation=consultation, state=DebateRequestState.PENDING)
                          .select_related("group"))
        field.label_from_instance = _request_label  # type: ignore[method-assign,assignment]
        # Scheduling is the first thing shown: the requests first, then date and place.
        self.order_fields(["requests", "starts_at", "place", "online_url", "late_reason"])


class DebateEditForm(DebateForm):
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    late_reason = _late_reason_field()


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (minuta)"))
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, required=False,
        help_text=_("Reported in the annual transparency report."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = ", ".join(ext.lstrip(".").upper() for ext in accepted_extensions())
        self.fields["file"].help_text = _(
            "Published on the consultation page. Remove personal data first. Accepted types: "
            "%(types)s. At most %(limit)s.") % {"types": types,
                                                "limit": filesizeformat(max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ",".join(accepted_extensions())


class RegisterFilterForm(forms.Form):
    """Filters of the register of recommendations (GET; every field optional)."""

    channel = forms.ChoiceField(label=_("Channel"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    late = forms.ChoiceField(
        label=_("Received"), required=False,
        choices=[("", _("Any time")), ("yes", _("Late only")), ("no", _("In time only"))])
    answer = forms.ChoiceField(
        label=_("Answer"), required=False,
        choices=[("", _("Any")), ("missing", _("No answer yet")),
                 ("unpublished", _("Answer not published yet")),
                 ("published", _("Answer published"))])
    article = forms.ChoiceField(label=_("Concerns"), required=False)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = ("", str(_("Any")))
        choice_field(self, "channel").choices = [
            any_choice, *Channel.choices]
        choice_field(self, "type").choices = [
            any_choice, *ContributionType.choices]
        articles = article_choices(consultation)
        choice_field(self, "article").choices = [
            any_choice, ("none", str(_("The whole draft"))), *articles[1:]]
