"""Who receives a newsletter (only people who opted in) and the e-mail each one gets; used by
the newsletter services and by the background send (``tasks.newsletter_dispatch``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet

from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.core.text import render_markdown
from participa.notifications import emails, targets
from participa.notifications.models import EmailDelivery, Follow, Newsletter, NewsletterAudience
from participa.spaces.models import Space

# People given their e-mail per transaction by the background send.
BATCH = 500


def opted_in(org: Organization) -> QuerySet[User]:
    return User.objects.filter(
        organization=org, is_active=True, deleted_at__isnull=True,
        notification_preferences__newsletter=True,
    ).exclude(email="")


def newsletter_recipients(newsletter: Newsletter) -> QuerySet[User]:
    """Who receives ``newsletter``: people who opted in, narrowed by the chosen audience.

    By scope / area: followers of the published spaces of that scope (and the scopes inside
    it) or of that area."""
    org = newsletter.organization
    qs = opted_in(org)
    audience = newsletter.audience
    if audience == NewsletterAudience.ALL:
        return qs
    space_type = ContentType.objects.get_for_model(Space)
    if audience == NewsletterAudience.SPACE:
        if newsletter.space is None:
            return qs.none()
        follows = Follow.objects.filter(content_type=space_type, object_id=newsletter.space.pk)
        return qs.filter(Exists(follows.filter(user=OuterRef("pk")))).filter(
            targets.users_who_can_see_q(newsletter.space))
    spaces = Space.objects.filter(organization=org, published_at__isnull=False)
    if audience == NewsletterAudience.SCOPE:
        if newsletter.scope is None:
            return qs.none()
        spaces = spaces.filter(scope_id__in=newsletter.scope.descendant_ids())
    elif audience == NewsletterAudience.AREA:
        if newsletter.area is None:
            return qs.none()
        spaces = spaces.filter(area=newsletter.area)
    else:
        return qs.none()
    follows = Follow.objects.filter(content_type=space_type,
                                    object_id__in=spaces.values("pk"), user=OuterRef("pk"))
    return qs.filter(Exists(follows))


def build_newsletter_email(newsletter: Newsletter, user: User, kind: str,
           language: str | None = None) -> EmailDelivery:
    lang = language or emails.user_language(user, newsletter.organization)
    return emails.build_delivery(
        org=newsletter.organization, user=user, kind=kind, template="newsletter",
        unsubscribe_kind="newsletter", newsletter_id=newsletter.pk if kind != "test" else None,
        language=lang,
        context={"subject": translated(newsletter.subject, lang),
                 "body_html": render_markdown(translated(newsletter.body, lang)),
                 "body_text": translated(newsletter.body, lang)},
    )
