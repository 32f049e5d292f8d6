"""Who may do what: the one place radkla decides it.

Pages, the CLI, exports and services all ask here. An operator writes only the
measures whose row in the plan names their agency; a cluster coordinator
verifies the measures of their clusters; the secretariat manages and verifies
everything; a viewer reads. Nobody verifies their own agency's submission.

All of it happens inside the regions a scope covers: a city's task force sees its
own kabupaten/kota only, a province reader every city of the province, a national
reader (and the command line) every city. Pages reach plans only through
``covers``, so another city's measures, periods and files answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from radkla.accounts.models import Profile
from radkla.regions.models import Region

Role = Profile.Role


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: int | None
    role: str
    agency_id: int | None
    cluster_ids: frozenset[int]
    region_id: int | None = None  # the region worked in: a city, a province, or none
    city_ids: frozenset[int] | None = None  # the kabupaten/kota covered; None: every one

    def covers(self, region_id: int) -> bool:
        """Whether this scope reaches the plans, agencies and files of this city."""
        return self.city_ids is None or region_id in self.city_ids

    @property
    def is_city(self) -> bool:
        """Works in one kabupaten/kota: today's roles, writing included."""
        return (
            self.city_ids is not None
            and len(self.city_ids) == 1
            and self.region_id in (self.city_ids)
        )

    @property
    def reads_several_cities(self) -> bool:
        """A province or national reader (or the installation's administrator): the recap."""
        return not self.is_city and self.city_ids != frozenset()

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


CITY_LEVELS = (Region.Level.KOTA, Region.Level.KABUPATEN)


def covered_cities(region: Region | None) -> frozenset[int] | None:
    """The kabupaten/kota a region covers: itself, a province's cities, or all (None)."""
    if region is None:
        return None
    if region.level == Region.Level.PROVINSI:
        return frozenset(
            Region.objects.filter(parent=region, level__in=CITY_LEVELS).values_list("pk", flat=True)
        )
    return frozenset({region.pk})


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """The user's scope (three queries at most); the CLI's None acts as the secretariat.

    An account without a profile is the installation's administrator when it is a
    superuser (every city) and otherwise a reader of nothing.
    """
    if user is None:
        return SYSTEM
    if not user.is_authenticated:
        raise PermissionDenied
    profile = (
        Profile.objects.filter(user=user)
        .select_related("region", "agency")
        .prefetch_related("clusters")
        .first()
    )
    if profile is None:
        if user.is_superuser:
            return Scope(user.pk, Role.SECRETARIAT, None, frozenset())
        return Scope(user.pk, Role.VIEWER, None, frozenset(), None, frozenset())
    region = profile.region
    if profile.agency is not None:
        # An operator writes for its agency, so it works where its agency is.
        region = profile.agency.region
    return Scope(
        user.pk,
        profile.role,
        profile.agency_id,
        frozenset(c.pk for c in profile.clusters.all()),
        region.pk if region else None,
        covered_cities(region),
    )


def accounts_in(scope: Scope) -> QuerySet[User]:
    """The accounts that work in the cities a scope covers (every account for the installation).

    An account counts for a city when its profile names the city, or its agency is
    the city's; a province or national reader belongs to no city.
    """
    users = User.objects.all()
    if scope.city_ids is None:
        return users
    return users.filter(
        Q(profile__region_id__in=scope.city_ids) | Q(profile__agency__region_id__in=scope.city_ids)
    )


def request_scope(request: HttpRequest) -> Scope:
    """The signed-in user's scope, read once per request."""
    scope: Scope | None = getattr(request, "_radkla_scope", None)
    if scope is None:
        scope = scope_for(request.user)
        request._radkla_scope = scope  # type: ignore[attr-defined]
    return scope


def require_secretariat(scope: Scope) -> None:
    if not scope.is_secretariat:
        raise PermissionDenied("Hanya sekretariat Gugus Tugas yang dapat melakukan ini.")
