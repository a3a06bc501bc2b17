# A member's own interface language (issue 15): blank for everyone until they choose.

from django.db import migrations, models

import kindred.common.languages


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_identity_confirmation_and_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True, default="", max_length=16,
                help_text="The language Kindred speaks to me (one of settings.LANGUAGES), or blank: follow my browser.",
                validators=[kindred.common.languages.validate_interface_language]),
        ),
    ]
