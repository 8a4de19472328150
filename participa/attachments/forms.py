"""The upload form: a file and an optional title in each language of the organization."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participa.attachments.models import Attachment
from participa.attachments.services import max_bytes
from participa.attachments.validation import accepted_extensions
from participa.core.forms_i18n import TranslatedModelForm


class AttachmentForm(TranslatedModelForm):
    """Pass ``organization=``. The file itself is checked by ``services.attachment_create``."""

    translated_fields = {"title": {"required": False, "max_length": 200}}

    file = forms.FileField(label=_("File"))

    class Meta:
        model = Attachment
        fields = ["title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = ", ".join(ext.lstrip(".").upper() for ext in accepted_extensions())
        file_field = self.fields.pop("file")
        file_field.help_text = _("Accepted types: %(types)s. At most %(limit)s.") % {
            "types": types, "limit": filesizeformat(max_bytes()),
        }
        file_field.widget.attrs["accept"] = ",".join(accepted_extensions())
        # The file first, then the titles.
        self.fields = {"file": file_field, **self.fields}
        for name, field in self.fields.items():
            if name.startswith("title__"):
                field.help_text = _("Leave empty to use the file name.") if not field.help_text \
                    else field.help_text
