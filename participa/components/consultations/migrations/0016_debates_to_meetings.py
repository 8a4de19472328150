"""A consultation's public debate becomes a meeting of the meetings component.

Each ``Debate`` becomes a ``meetings.Meeting`` of type ``public_debate`` linked to its
consultation, in a meetings component of the consultation's space (one is added, named
"Public debates", where the space has none); the attachments of the debate (its minutes) move to
the meeting and the requests it answered point to the meeting. Then ``Debate`` is deleted.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

COMPONENT_NAMES = {"en": "Public debates", "ro": "Dezbateri publice", "pl": "Debaty publiczne"}
TITLES = {"en": "Public debate on “%s”", "ro": "Dezbatere publică privind „%s”",
          "pl": "Debata publiczna na temat „%s”"}
DURATION = datetime.timedelta(hours=2)


def _text(value, language):
    """A translated JSON field in ``language``, else in any language it has."""
    if not isinstance(value, dict):
        return str(value or "")
    return value.get(language) or next((text for text in value.values() if text), "")


def _meetings_component(apps, cache, consultation):
    Component = apps.get_model("spaces", "Component")
    component = consultation.component
    space = component.space
    if space.pk in cache:
        return cache[space.pk]
    found = (Component.objects.filter(space=space, type="meetings")
             .order_by("position", "id").first())
    if found is None:
        org = space.organization
        languages = list(org.languages or []) or [org.default_language]
        last = (Component.objects.filter(space=space)
                .aggregate(top=models.Max("position"))["top"])
        found = Component.objects.create(
            space=space, type="meetings",
            name={lang: COMPONENT_NAMES.get(lang, COMPONENT_NAMES["en"]) for lang in languages},
            position=0 if last is None else last + 1,
            published_at=component.published_at,
        )
    cache[space.pk] = found
    return found


def _checks_now(schema_editor):
    """Check the deferred foreign keys of the rows just written now: PostgreSQL refuses to alter
    a table with pending checks in the same transaction (the next operations do)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def debates_to_meetings(apps, schema_editor):
    Debate = apps.get_model("consultations", "Debate")
    DebateRequest = apps.get_model("consultations", "DebateRequest")
    Meeting = apps.get_model("meetings", "Meeting")
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    debates = Debate.objects.select_related("consultation__component__space__organization")
    if not debates.exists():
        return
    debate_type, _ = ContentType.objects.get_or_create(app_label="consultations",
                                                       model="debate")
    meeting_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="meeting")
    cache = {}
    for debate in debates.order_by("id"):
        consultation = debate.consultation
        org = consultation.component.space.organization
        language = org.default_language
        title = _text(consultation.title, language) or consultation.slug
        requests = list(DebateRequest.objects.filter(debate=debate))
        requested_at = min((item.received_at for item in requests), default=None)
        if requested_at is not None and requested_at > debate.starts_at:
            # Entered by hand before the rule: keep the meeting's check (never before it).
            requested_at = debate.starts_at
        legal_deadline = min((item.respond_by for item in requests), default=None)
        place = (debate.place or "").strip()
        link = (debate.online_url or "").strip()
        meeting_format = "hybrid" if place and link else ("online" if link else "in_person")
        closed = debate.minutes_published_at is not None
        meeting = Meeting.objects.create(
            component=_meetings_component(apps, cache, consultation),
            type="public_debate",
            title={language: TITLES.get(language, TITLES["en"]) % title},
            state="closed" if closed else "scheduled",
            starts_at=debate.starts_at, ends_at=debate.starts_at + DURATION,
            format=meeting_format, address=place, online_url=link,
            participants=debate.participants, minutes_id=debate.minutes_id,
            minutes_published_at=debate.minutes_published_at,
            late_reason=debate.late_reason, consultation=consultation,
            requested_at=requested_at, legal_deadline=legal_deadline,
            published_at=debate.created_at,
            closed_at=debate.minutes_published_at if closed else None,
            created_at=debate.created_at, updated_at=debate.created_at,
        )
        Attachment.objects.filter(content_type=debate_type, object_id=debate.pk).update(
            content_type=meeting_type, object_id=meeting.pk)
        DebateRequest.objects.filter(debate=debate).update(meeting=meeting)
    _checks_now(schema_editor)


def meetings_to_debates(apps, schema_editor):
    """Back: a debate for each consultation's meeting (the meetings themselves are removed;
    what only meetings hold, such as registrations, is lost)."""
    Debate = apps.get_model("consultations", "Debate")
    DebateRequest = apps.get_model("consultations", "DebateRequest")
    Meeting = apps.get_model("meetings", "Meeting")
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    meetings = Meeting.objects.filter(consultation__isnull=False).order_by("id")
    if not meetings.exists():
        return
    debate_type, _ = ContentType.objects.get_or_create(app_label="consultations",
                                                       model="debate")
    meeting_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="meeting")
    for meeting in meetings:
        debate = Debate.objects.create(
            consultation_id=meeting.consultation_id, starts_at=meeting.starts_at,
            place=meeting.address if meeting.format != "online" else "",
            online_url=meeting.online_url if meeting.format != "in_person" else "",
            participants=meeting.participants, minutes_id=meeting.minutes_id,
            minutes_published_at=meeting.minutes_published_at,
            late_reason=meeting.late_reason, created_at=meeting.created_at,
        )
        Attachment.objects.filter(content_type=meeting_type, object_id=meeting.pk).update(
            content_type=debate_type, object_id=debate.pk)
        DebateRequest.objects.filter(meeting=meeting).update(debate=debate)
        meeting.delete()
    _checks_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("attachments", "0002_email_messages"),
        ("consultations", "0015_transparency_report"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_initial"),
        ("spaces", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="debaterequest",
            name="debate_request_scheduled_has_debate",
        ),
        migrations.AddField(
            model_name="debaterequest",
            name="meeting",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="meetings.meeting"),
        ),
        migrations.RunPython(debates_to_meetings, meetings_to_debates),
        migrations.RemoveField(
            model_name="debaterequest",
            name="debate",
        ),
        migrations.RenameField(
            model_name="debaterequest",
            old_name="meeting",
            new_name="debate",
        ),
        migrations.AlterField(
            model_name="debaterequest",
            name="debate",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="requests", to="meetings.meeting"),
        ),
        migrations.AddConstraint(
            model_name="debaterequest",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("state", "scheduled"), _negated=True),
                                   ("debate__isnull", False), _connector="OR"),
                name="debate_request_scheduled_has_debate"),
        ),
        migrations.DeleteModel(
            name="Debate",
        ),
    ]
