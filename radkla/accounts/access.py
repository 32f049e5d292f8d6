"""Who may do what: the one place radkla decides it.

Pages, the CLI, exports and services all ask here. An operator writes only the
measures whose row in the plan names their agency; a cluster coordinator
verifies the measures of their clusters; the secretariat manages and verifies
everything; a viewer reads. Nobody verifies their own agency's submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from radkla.accounts.models import Profile

Role = Profile.Role


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: int | None
    role: str
    agency_id: int | None
    cluster_ids: frozenset[int]

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    def can_write(self, agency_ids: frozenset[int] | set[int]) -> bool:
        """May report for a measure whose row names these agencies."""
        return self.is_operator and self.agency_id in agency_ids

    def can_verify(self, cluster_id: int, agency_ids: frozenset[int] | set[int]) -> bool:
        if self.is_secretariat:
            return True
        return (
            self.role == Role.COORDINATOR
            and cluster_id in self.cluster_ids
            and (self.agency_id is None or self.agency_id not in agency_ids)
        )

    @property
    def reads_everything(self) -> bool:
        """The secretariat and pimpinan: every realization, evidence file and package."""
        return self.is_secretariat or self.role == Role.VIEWER

    def can_read(self, cluster_id: int, agency_ids: frozenset[int] | set[int]) -> bool:
        """May see a measure's realizations and evidence (the plan itself is public inside)."""
        if self.reads_everything:
            return True
        if self.role == Role.COORDINATOR:
            return cluster_id in self.cluster_ids
        return self.agency_id in agency_ids

    def can_tag(self, cluster_id: int, agency_ids: frozenset[int] | set[int]) -> bool:
        """May mark a measure's evidence as proving evaluation checklist items."""
        return self.can_write(agency_ids) or self.can_verify(cluster_id, agency_ids)

    @property
    def can_verify_anything(self) -> bool:
        return self.is_secretariat or (self.role == Role.COORDINATOR and bool(self.cluster_ids))


SYSTEM = Scope(user_id=None, role=Role.SECRETARIAT, agency_id=None, cluster_ids=frozenset())


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """The user's scope (two queries at most); the CLI's None acts as the secretariat."""
    if user is None:
        return SYSTEM
    if not user.is_authenticated:
        raise PermissionDenied
    profile = Profile.objects.filter(user=user).prefetch_related("clusters").first()
    if profile is None:
        role = Role.SECRETARIAT if user.is_superuser else Role.VIEWER
        return Scope(user.pk, role, None, frozenset())
    return Scope(
        user.pk,
        profile.role,
        profile.agency_id,
        frozenset(c.pk for c in profile.clusters.all()),
    )


def require_secretariat(scope: Scope) -> None:
    if not scope.is_secretariat:
        raise PermissionDenied("Hanya sekretariat Gugus Tugas yang dapat melakukan ini.")
