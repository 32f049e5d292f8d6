"""`radkla period …` from the command line, through call_command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from radkla.audittrail.models import AuditEvent
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan


def test_the_secretariat_runs_a_year_from_the_cli(
    cilegon_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("period", "create", "--year", "2025")
    assert "3 periode dibuat untuk 2025" in capsys.readouterr().out
    call_command("period", "open", "2025-1")
    call_command("period", "close", "2025-1")
    with pytest.raises(CommandError, match="alasan"):
        call_command("period", "reopen", "2025-1", "--reason", " ")
    call_command("period", "reopen", "2025-1", "--reason", "Koreksi data.")
    call_command("period", "list")
    listing = capsys.readouterr().out
    assert "2025-1" in listing and "Dibuka" in listing and "batas 10-05-2025" in listing
    assert ReportingPeriod.objects.get(year=2025, number=1).state == ReportingPeriod.State.OPEN
    assert list(
        AuditEvent.objects.filter(
            object_type="monitoring.reportingperiod", action__startswith="period."
        )
        .order_by("id")
        .values_list("action", flat=True)
    )[-3:] == ["period.open", "period.close", "period.reopen"]


def test_unknown_periods_and_years_get_one_line(cilegon_plan: Plan) -> None:
    with pytest.raises(CommandError, match="Periode 2025-9 tidak ada"):
        call_command("period", "open", "2025-9")
    with pytest.raises(CommandError, match="di luar masa rencana"):
        call_command("period", "create", "--year", "2031")
