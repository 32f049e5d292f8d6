"""Which plan a page shows: the plan in force, or another named by ``?rencana=<id>``.

Dashboards, reports and the public page open the plan in force of the reader's
city; an archived plan, or for a province or national reader any city's plan,
stays readable through the same pages with ``?rencana=<id>``, and every link
within such a page carries the parameter on. A reader who covers several cities
and names none is offered the list (``ChoosePlan``, rendered by the middleware).
The pages of one city's task force (reporting, meetings, evaluation, settings)
open only the plan in force of the city the account works in: ``city_plan``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from radkla.accounts.access import SYSTEM, Scope, request_scope
from radkla.errors import NO_PLAN, NotFound
from radkla.plan.models import Plan
from radkla.plan.selectors import PlanNotFound, SeveralPlans, get_plan, plans

PARAM = "rencana"
UNKNOWN_PLAN = "Rencana yang diminta tidak ada. Buka daftar rencana di halaman Rencana."
CITY_PAGE = (
    "Halaman ini dibuka oleh Gugus Tugas satu kabupaten/kota. Untuk membaca rencana "
    "kota lain, pilih kotanya di halaman Capaian."
)


class ChoosePlan(Exception):
    """The reader covers several cities' plans in force and named none."""

    def __init__(self, choices: list[Plan]) -> None:
        super().__init__("Pilih rencana")
        self.choices = choices


@dataclass(frozen=True, slots=True)
class ChosenPlan:
    plan: Plan
    explicit: bool  # named in the address: links must keep naming it

    @property
    def query(self) -> str:
        """What links append after their own parameters: ``&rencana=5``, or nothing."""
        return f"&{PARAM}={self.plan.pk}" if self.explicit else ""

    @property
    def archived(self) -> bool:
        return self.plan.status == Plan.Status.ARCHIVED

    def context(self) -> dict[str, object]:
        return {
            "plan": self.plan,
            "plan_q": self.query,
            "plan_param": self.plan.pk if self.explicit else None,
            "read_only": self.archived,
        }


def plan_in_force(request: HttpRequest, scope: Scope) -> Plan:
    """The one plan in force within the scope (PlanNotFound, SeveralPlans); the menu then
    knows there is one without asking again."""
    plan = get_plan(scope=scope)
    request._radkla_one_city = True  # type: ignore[attr-defined]
    return plan


def reader_scope(request: HttpRequest) -> Scope:
    """The signed-in reader's scope; the public pages read every city's plan."""
    return request_scope(request) if request.user.is_authenticated else SYSTEM


def chosen_plan(request: HttpRequest, *, public: bool = False) -> ChosenPlan:
    """The plan ``?rencana=`` names, else the plan in force; the site's 404 for anything else.

    The public page opens the reader's own city first, and any city's plan by name,
    whoever is signed in.
    """
    scope = reader_scope(request)
    text = request.GET.get(PARAM, "")
    if not text:
        try:
            return ChosenPlan(plan_in_force(request, scope), explicit=False)
        except SeveralPlans:
            raise ChoosePlan(list(plans(scope).exclude(status=Plan.Status.ARCHIVED))) from None
        except PlanNotFound:
            raise NotFound(NO_PLAN) from None
    # isdecimal() alone lets "²" through; int() must read it and the id fit a database key.
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        raise NotFound(UNKNOWN_PLAN)
    try:
        return ChosenPlan(get_plan(int(text), SYSTEM if public else scope), explicit=True)
    except PlanNotFound:
        raise NotFound(UNKNOWN_PLAN) from None


def city_plan(request: HttpRequest) -> Plan:
    """The plan in force of the city the signed-in account works in; 404 for anyone else."""
    try:
        return plan_in_force(request, request_scope(request))
    except SeveralPlans:
        raise NotFound(CITY_PAGE) from None
    except PlanNotFound:
        raise NotFound(NO_PLAN) from None


def plan_in_scope(request: HttpRequest, plan_id: int) -> Plan:
    """The plan with this id when the reader's scope reaches its city; 404 otherwise."""
    try:
        return get_plan(plan_id, reader_scope(request))
    except PlanNotFound:
        raise NotFound(UNKNOWN_PLAN) from None
