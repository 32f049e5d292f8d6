"""Agencies belong to a kabupaten/kota: the same name in two cities is two agencies.

Each existing agency takes the region of the plans that name it. An agency that
plans of several regions shared (possible before this migration) is split: the
region of the oldest plan keeps the row, every other region gets its own copy, and
that region's measure links, meeting attendances, follow-ups and reminders move to
the copy. An agency no plan names takes the region of the installation's plans when
they all share one region.
"""

from django.db import migrations, models
import django.db.models.deletion


def _assign_regions(apps, schema_editor):
    Agency = apps.get_model("plan", "Agency")
    Plan = apps.get_model("plan", "Plan")
    MeasureAgency = apps.get_model("plan", "MeasureAgency")
    Meeting = apps.get_model("meetings", "Meeting")
    Decision = apps.get_model("meetings", "Decision")
    Reminder = apps.get_model("monitoring", "Reminder")
    plan_regions = list(Plan.objects.order_by("id").values_list("region_id", flat=True))
    only_region = plan_regions[0] if len(set(plan_regions)) == 1 else None
    for agency in Agency.objects.order_by("id"):
        regions = list(
            dict.fromkeys(
                MeasureAgency.objects.filter(agency=agency)
                .order_by("measure__plan_id")
                .values_list("measure__plan__region_id", flat=True)
            )
        )
        if not regions:
            if only_region is None:
                raise RuntimeError(
                    f"Instansi '{agency.name}' tidak disebut rencana mana pun dan instalasi "
                    "memuat rencana beberapa wilayah: tetapkan wilayahnya, lalu ulangi migrasi."
                )
            regions = [only_region]
        agency.region_id = regions[0]
        agency.save(update_fields=["region"])
        for region_id in regions[1:]:
            copy = Agency.objects.create(
                region_id=region_id,
                name=agency.name,
                acronym=agency.acronym,
                aliases=agency.aliases,
            )
            MeasureAgency.objects.filter(agency=agency, measure__plan__region_id=region_id).update(
                agency=copy
            )
            Decision.objects.filter(owner=agency, meeting__plan__region_id=region_id).update(
                owner=copy
            )
            Reminder.objects.filter(agency=agency, period__plan__region_id=region_id).update(
                agency=copy
            )
            for meeting in Meeting.objects.filter(attendees=agency, plan__region_id=region_id):
                meeting.attendees.remove(agency)
                meeting.attendees.add(copy)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0004_plan_revisions"),
        ("regions", "0002_region_provisional"),
        ("meetings", "0001_initial"),
        ("monitoring", "0003_realization_obstacles_public"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agency",
            name="name",
            field=models.CharField(max_length=200, verbose_name="nama"),
        ),
        migrations.AddField(
            model_name="agency",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agencies",
                to="regions.region",
                verbose_name="wilayah",
            ),
        ),
        migrations.RunPython(_assign_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agency",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agencies",
                to="regions.region",
                verbose_name="wilayah",
            ),
        ),
        migrations.AddConstraint(
            model_name="agency",
            constraint=models.UniqueConstraint(
                fields=("region", "name"), name="agency_unique_name_in_region"
            ),
        ),
    ]
