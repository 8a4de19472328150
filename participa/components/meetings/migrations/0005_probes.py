# A limit of places is at least one place (no limit: empty); a speaker has at least a minute.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_calendar_feeds'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('capacity__isnull', True), ('capacity__gte', 1), _connector='OR'), ('speaker_minutes__gte', 1)), name='meeting_places_and_minutes_positive'),
        ),
    ]
