"""Every text that comes from the imported document is stored whatever its length."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plan', '0002_measure_area_evidence_reporting_scheme'),
    ]

    operations = [
        migrations.AlterField(
            model_name='action',
            name='source_line',
            field=models.TextField(verbose_name='letak di sumber'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='heading',
            field=models.TextField(blank=True, help_text='Judul bagian seperti tertulis di lampiran peraturan, bila ada.', verbose_name='judul di dokumen'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='section_heading',
            field=models.TextField(blank=True, help_text='Judul bagian lampiran tempat indikator ini tertulis.', verbose_name='di bawah judul'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='source_line',
            field=models.TextField(verbose_name='letak di sumber'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='agency_raw',
            field=models.TextField(blank=True, verbose_name='instansi (teks asli)'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='baseline_raw',
            field=models.TextField(blank=True, verbose_name='data dasar (teks asli)'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='source_line',
            field=models.TextField(verbose_name='letak di sumber'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='unit',
            field=models.TextField(blank=True, verbose_name='satuan'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='legal_basis',
            field=models.TextField(verbose_name='dasar hukum'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='source_name',
            field=models.TextField(verbose_name='berkas sumber'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='title',
            field=models.TextField(verbose_name='judul'),
        ),
        migrations.AlterField(
            model_name='target',
            name='raw',
            field=models.TextField(blank=True, verbose_name='teks asli'),
        ),
    ]
