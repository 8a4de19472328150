# Intake batches are read for any target (a consultation today; a survey or a budget
# tomorrow): the consultation foreign key becomes a generic target plus the adapter's kind,
# existing batches keep their consultation as target, and the table takes the app's name.

import django.db.models.deletion
from django.db import migrations, models

MAILBOX = 'consultations.mailbox'


def to_target(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    IntakeBatch = apps.get_model('intake', 'IntakeBatch')
    if not IntakeBatch.objects.exists():
        return
    consultation_type, _created = ContentType.objects.get_or_create(
        app_label='consultations', model='consultation')
    IntakeBatch.objects.update(kind=MAILBOX, target_type=consultation_type,
                               target_id=models.F('consultation_id'))


def to_consultation(apps, schema_editor):
    IntakeBatch = apps.get_model('intake', 'IntakeBatch')
    IntakeBatch.objects.exclude(kind=MAILBOX).delete()
    IntakeBatch.objects.update(consultation_id=models.F('target_id'))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('intake', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='intakebatch',
            name='kind',
            field=models.CharField(default=MAILBOX, max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='intakebatch',
            name='target_type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='intakebatch',
            name='target_id',
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name='intakebatch',
            name='consultation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consultations.consultation'),
        ),
        migrations.RunPython(to_target, to_consultation),
        migrations.RemoveField(
            model_name='intakebatch',
            name='consultation',
        ),
        migrations.AlterField(
            model_name='intakebatch',
            name='target_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='intakebatch',
            name='target_id',
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterModelOptions(
            name='intakebatch',
            options={'ordering': ['-uploaded_at', '-id'], 'verbose_name': 'intake batch', 'verbose_name_plural': 'intake batches'},
        ),
        migrations.AlterModelTable(
            name='intakebatch',
            table=None,
        ),
        migrations.AddIndex(
            model_name='intakebatch',
            index=models.Index(fields=['target_type', 'target_id'], name='intake_batch_target'),
        ),
    ]
