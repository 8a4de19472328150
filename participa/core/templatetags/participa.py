from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from participa.core.i18n import fallback_language, translated
from participa.core.text import render_markdown

register = template.Library()


@register.filter(name="t")
def translate_field(value: Any) -> str:
    """The text of a multilingual field in the current language (with fallbacks)."""
    return translated(value)


@register.filter(name="lang_attr")
def lang_attr(value: Any) -> SafeString:
    """` lang="pl"` when the text shown for a multilingual field falls back to another
    language than the page's (WCAG 3.1.2), else nothing: ``<h1{{ title|lang_attr }}>``."""
    code = fallback_language(value)
    if not code:
        return mark_safe("")
    return format_html(' lang="{}"', code)


@register.simple_tag(takes_context=True)
def organization_lang_attr(context: dict[str, Any]) -> SafeString:
    """` lang="ro"` on texts written in the organization's language (a draft decision, its
    articles) when the page is in another language (WCAG 3.1.2), else nothing."""
    org = context.get("organization")
    language = getattr(org, "default_language", "") or ""
    current = translation.get_language() or ""
    if not language or language.split("-")[0] == current.split("-")[0]:
        return mark_safe("")
    return format_html(' lang="{}"', language)


@register.filter(name="markdown")
def markdown_filter(value: Any) -> SafeString:
    """Render Markdown to sanitised HTML (nh3 removes anything unsafe)."""
    return mark_safe(render_markdown(translated(value)))  # sanitised by nh3


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (for pagination and filters)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
