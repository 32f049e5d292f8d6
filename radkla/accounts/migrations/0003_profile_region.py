"""Every account gets the region it works in.

An operator takes its agency's region, a coordinator the region of the plan whose
clusters it coordinates; anyone else takes the installation's region when all its
plans share one (a single-city installation), else stays national.
"""

from django.db import migrations, models
import django.db.models.deletion


def _assign_regions(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Plan = apps.get_model("plan", "Plan")
    plan_regions = set(Plan.objects.values_list("region_id", flat=True))
    only_region = next(iter(plan_regions)) if len(plan_regions) == 1 else None
    for profile in Profile.objects.select_related("agency"):
        region_id = profile.agency.region_id if profile.agency_id else None
        if region_id is None:
            region_id = (
                profile.clusters.order_by("plan_id").values_list("plan__region_id", flat=True).first()
            )
        profile.region_id = region_id or only_region
        profile.save(update_fields=["region"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_clusters"),
        ("plan", "0005_agency_region"),
        ("regions", "0002_region_provisional"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="region",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Kabupaten/kota untuk Gugus Tugas daerah itu; provinsi untuk pembaca tingkat "
                    "provinsi; kosong untuk pembaca nasional dan pengelola instalasi."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="profiles",
                to="regions.region",
                verbose_name="wilayah kerja",
            ),
        ),
        migrations.RunPython(_assign_regions, migrations.RunPython.noop),
    ]
