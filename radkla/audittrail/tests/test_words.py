"""The audit log and a realization's history speak in words."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.labels import ACTION_LABELS
from radkla.audittrail.models import AuditEvent
from radkla.audittrail.selectors import NAMES, event_rows
from radkla.audittrail.services import record_event
from radkla.conftest import make_account
from radkla.meetings.models import Meeting
from radkla.plan.models import Plan

ROOT = Path(__file__).resolve().parents[2]  # the radkla package
RECORDERS = {"record_event", "_transition"}  # every call that names an action


def _strings(node: ast.AST, function: ast.AST, where: str) -> set[str]:
    """The action codes an ``action=`` argument can take; anything not plain text fails."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, function, where) | _strings(node.orelse, function, where)
    if isinstance(node, ast.Name):  # a variable: every value the function assigns to it
        found: set[str] = set()
        for child in ast.walk(function):
            if isinstance(child, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in child.targets
            ):
                found |= _strings(child.value, function, where)
        if found:
            return found
    raise AssertionError(f"{where}: the action must be written out as text to be checked")


def recorded_actions() -> dict[str, str]:
    """Every action code the code can record, with where it is recorded."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", getattr(call.func, "attr", ""))
                if name not in RECORDERS or function.name in RECORDERS:
                    continue
                for keyword in call.keywords:
                    if keyword.arg == "action":
                        where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
                        for code in _strings(keyword.value, function, where):
                            found.setdefault(code, where)
    return found


def test_every_recorded_action_has_words() -> None:
    recorded = recorded_actions()
    assert len(recorded) > 30  # the reader above finds the services' calls
    missing = {code: where for code, where in recorded.items() if code not in ACTION_LABELS}
    assert missing == {}, "add these actions to radkla/audittrail/labels.py"
    # And no label for an action nothing records any more.
    assert set(ACTION_LABELS) - set(recorded) == set()


def test_the_reader_of_actions_refuses_what_it_cannot_check() -> None:
    function = ast.parse('def f(kind):\n    record_event(action=f"admin.{kind}")').body[0]
    call = next(n for n in ast.walk(function) if isinstance(n, ast.Call))
    with pytest.raises(AssertionError, match="written out"):
        _strings(call.keywords[0].value, function, "here")


@pytest.mark.django_db
def test_every_named_kind_of_object_reads_in_one_query(
    django_assert_num_queries: object,
) -> None:
    events = [
        AuditEvent(action="x", object_type=object_type, object_id="1", actor_label="a")
        for object_type in NAMES
    ]
    with django_assert_num_queries(len(NAMES)):  # type: ignore[operator]
        rows = event_rows(events)
    assert all(row.object_name == "#1 (sudah dihapus)" for row in rows)


def _secretariat() -> Client:
    client = Client()
    client.force_login(make_account("sekretariat", Profile.Role.SECRETARIAT).user)
    return client


def test_the_audit_log_names_actions_and_objects_in_words(cilegon_plan: Plan) -> None:
    from radkla.meetings.services import record_meeting

    client = _secretariat()
    record_meeting(
        plan=cilegon_plan,
        period=None,
        title="Rapat koordinasi caturwulan I",
        held_on=dt.date(2025, 3, 12),
        scope=SYSTEM,
        actor=None,
    )
    html = client.get("/log-audit/").content.decode()
    body = html.split("<tbody>")[1]
    assert "Rapat dicatat" in body and "Rencana aksi diimpor" in body
    assert "Rapat koordinasi caturwulan I" in body  # the object's own name
    assert str(cilegon_plan) in body
    assert "meeting.create" not in body.replace('data-action="meeting.create"', "")
    assert "plan.plan #" not in body and "meetings.meeting" not in body
    # The filter offers words and still filters by the action.
    assert '<option value="meeting.create" >Rapat dicatat</option>' in html
    filtered = client.get("/log-audit/", {"tindakan": "meeting.create"}).content.decode()
    assert filtered.count("<tr data-action=") == 1


def test_a_deleted_object_is_named_as_gone(cilegon_plan: Plan) -> None:
    meeting = Meeting.objects.create(plan=cilegon_plan, title="Sementara", held_on="2025-01-02")
    record_event(actor=None, action="meeting.create", obj=meeting, summary="Rapat dicatat")
    object_id = meeting.pk
    meeting.delete()
    body = _secretariat().get("/log-audit/").content.decode().split("<tbody>")[1]
    assert f"#{object_id} (sudah dihapus)" in body
