"""Side tables keyed by (agent or activity, statement), one row per statement and key (docs/decisions/0008).

Django does not migrate a table to a composite primary key in place: each side table is rebuilt (new table, rows
copied with ``direct`` = the key was direct in any of its rows, old table dropped, new table renamed). The statement
table loses its (voided, id) index and its registration index becomes partial. The side tables and the outbox keep
their foreign key in Django (cascading deletes) but not as a database constraint.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_rows(apps, schema_editor):
    any_direct = "bool_or(direct)" if schema_editor.connection.vendor == "postgresql" else "max(direct)"
    with schema_editor.connection.cursor() as cursor:
        for old, new, key in (
            ("xapi_statementagent", "xapi_statementagentbykey", "agent_key"),
            ("xapi_statementactivity", "xapi_statementactivitybykey", "activity_id"),
        ):
            cursor.execute(
                f"INSERT INTO {new} ({key}, statement_id, direct) "
                f"SELECT {key}, statement_id, {any_direct} FROM {old} GROUP BY {key}, statement_id"
            )


def side_model(name: str, key: str, index_name: str):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("pk", models.CompositePrimaryKey(key, "statement", blank=True, editable=False, primary_key=True,
                                              serialize=False)),  # fmt: skip
            (key, models.CharField(max_length=500)),
            ("statement", models.ForeignKey(db_constraint=False, db_index=False, related_name="+",
                                            on_delete=django.db.models.deletion.CASCADE, to="xapi.statement")),  # fmt: skip
            ("direct", models.BooleanField()),
        ],
        options={
            "indexes": [models.Index(condition=models.Q(("direct", True)), fields=[key, "-statement"],
                                     name=index_name)],  # fmt: skip
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0004_statement_voids_partial_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="statement", name="xapi_stmt_list_idx"),
        migrations.RemoveIndex(model_name="statement", name="xapi_stmt_registration_idx"),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(condition=models.Q(("registration__isnull", False)), fields=["registration", "-id"],
                               name="xapi_stmt_registration_idx"),  # fmt: skip
        ),
        side_model("StatementAgentByKey", "agent_key", "xapi_sagent_direct_idx"),
        side_model("StatementActivityByKey", "activity_id", "xapi_sactivity_direct_idx"),
        migrations.RunPython(copy_rows, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="StatementAgent"),
        migrations.DeleteModel(name="StatementActivity"),
        migrations.RenameModel(old_name="StatementAgentByKey", new_name="StatementAgent"),
        migrations.RenameModel(old_name="StatementActivityByKey", new_name="StatementActivity"),
        migrations.AlterField(
            model_name="outboxentry",
            name="statement",
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="xapi.statement"),  # fmt: skip
        ),
    ]
