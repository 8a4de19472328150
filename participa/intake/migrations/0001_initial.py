# The mailbox imports of consultations become the shared intake batches: this migration takes
# the model over as it is, table included (state only: nothing changes in the database);
# 0002 makes it generic.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('consultations', '0010_mailbox_import_registration_progress'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IntakeBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(max_length=32, unique=True)),
                        ('names', models.JSONField(default=list)),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('state', models.CharField(choices=[('parsing', 'Reading the messages'), ('ready', 'Ready to check'), ('failed', 'Could not be read'), ('registering', 'Registering the messages'), ('interrupted', 'Registration interrupted'), ('done', 'Registered')], default='parsing', max_length=12)),
                        ('preview', models.JSONField(blank=True, default=list)),
                        ('problems', models.JSONField(blank=True, default=list)),
                        ('parsed_at', models.DateTimeField(blank=True, null=True)),
                        ('chosen', models.JSONField(blank=True, null=True)),
                        ('options', models.JSONField(blank=True, default=dict)),
                        ('left_out', models.PositiveIntegerField(default=0)),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('counts', models.JSONField(blank=True, default=dict)),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('progressed_at', models.DateTimeField(blank=True, null=True)),
                        ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consultations.consultation')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'mailbox import',
                        'verbose_name_plural': 'mailbox imports',
                        'ordering': ['-uploaded_at', '-id'],
                        'db_table': 'consultations_mailboximport',
                        'constraints': [models.CheckConstraint(condition=models.Q(('state__in', ['parsing', 'ready', 'failed']), models.Q(('chosen__isnull', False), ('confirmed_at__isnull', False)), _connector='OR'), name='mailbox_import_registering_is_confirmed')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
