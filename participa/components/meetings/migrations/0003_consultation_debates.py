"""A consultation's debates are its meetings: ``consultation.debates`` (the consultations'
``Debate`` model, which held that name, is gone)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0016_debates_to_meetings"),
        ("meetings", "0002_agenda_minutes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="consultation",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="debates", to="consultations.consultation"),
        ),
    ]
