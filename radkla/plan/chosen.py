"""Which plan a reading page shows: the plan in force, or another named by ``?rencana=<id>``.

Dashboards, reports and the public page open the plan in force; an archived
plan stays readable through the same pages with ``?rencana=<id>``, and every
link within such a page carries the parameter on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from radkla.errors import NO_PLAN, NotFound
from radkla.plan.models import Plan
from radkla.plan.selectors import PlanNotFound, get_plan

PARAM = "rencana"
UNKNOWN_PLAN = "Rencana yang diminta tidak ada. Buka daftar rencana di halaman Rencana."


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


def chosen_plan(request: HttpRequest) -> ChosenPlan:
    """The plan ``?rencana=`` names, else the plan in force; the site's 404 for anything else."""
    text = request.GET.get(PARAM, "")
    if not text:
        try:
            return ChosenPlan(get_plan(), explicit=False)
        except PlanNotFound:
            raise NotFound(NO_PLAN) from None
    # isdecimal() alone lets "²" through; int() must read it and the id fit a database key.
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        raise NotFound(UNKNOWN_PLAN)
    try:
        return ChosenPlan(get_plan(int(text)), explicit=True)
    except PlanNotFound:
        raise NotFound(UNKNOWN_PLAN) from None
