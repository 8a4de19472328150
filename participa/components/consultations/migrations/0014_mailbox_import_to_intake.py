# The mailbox imports moved to the shared intake app (participa.intake, its 0001 takes the
# table over): the model leaves this app's state; the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0013_answer_justification_translations"),
        ('intake', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='MailboxImport')],
            database_operations=[],
        ),
    ]
