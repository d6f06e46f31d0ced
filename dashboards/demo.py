"""Demo (``seed_demo``): the demo Hub coordinator becomes a member of the demo Hub, once training's seeder made it.

Ordered after training's cohort seeder (200); tolerant of its absence: no Hub yet, nothing to do.
"""

from __future__ import annotations

from core.models import User
from training.models import Hub

COORDINATOR_EMAIL = "coordination@cafe-ia.example"


def seed_coordinator_membership() -> list[str]:
    coordinator = User.objects.filter(email__iexact=COORDINATOR_EMAIL).first()
    hub = Hub.objects.order_by("pk").first()  # the demo seeds one Hub
    if coordinator is None or hub is None or hub.coordinators.filter(pk=coordinator.pk).exists():
        return []
    hub.coordinators.add(coordinator)
    return [f"coordinator {COORDINATOR_EMAIL} in Hub « {hub.name} »"]
