from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from core.demo import register_demo_seeder
        from dashboards.demo import seed_coordinator_membership
        from dashboards.projection import VERBS, module_completion_handle
        from dashboards.receivers import milestone_receivers_connect
        from xapi.handlers import register_statement_handler
        from xapi.models import AuthorityKind

        # platform statements only: only the platform voids the platform's statements (xapi.statements._check_voiding),
        # and only the platform's module completions fill the projection
        register_statement_handler(
            "dashboards.module_completion", module_completion_handle, verbs=VERBS, authorities=[AuthorityKind.PLATFORM]
        )
        milestone_receivers_connect()  # the stored milestones follow the records they read (decision 0043)
        # after training's demo cohort (order 200): the coordinator joins the Hub it created, if any
        register_demo_seeder(name="dashboards.coordinator", order=290, seeder=seed_coordinator_membership)
