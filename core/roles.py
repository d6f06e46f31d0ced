"""The five roles, as Django groups. Group names are French: they show in the Wagtail admin."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "Apprenants"
    TRAINER = "Formateurs"
    PARTNER_AUTHOR = "Auteurs partenaires"
    HUB_COORDINATOR = "Coordinateurs de Hub"
    NATIONAL_ADMIN = "Administration nationale"


# Global (model-level) permissions of each role. Object-level rights (a trainer's cohorts, a partner's modules, a
# coordinator's Hub) are granted per object by the services of the apps that own those objects.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.LEARNER: (),
    Role.TRAINER: ("training.add_cohort",),  # a trainer creates cohorts; they lead them through object permissions
    Role.PARTNER_AUTHOR: (
        "wagtailadmin.access_admin",
        "cms.view_licence",
        "cms.view_partner",
        "courses.add_h5ppackage",
        "courses.view_h5ppackage",
    ),
    Role.HUB_COORDINATOR: (),
    Role.NATIONAL_ADMIN: (
        "wagtailadmin.access_admin",
        "core.add_user",
        "core.change_user",
        "core.view_user",
        "core.view_auditentry",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.view_collection",
        "wagtailcore.change_workflow",
        "wagtailcore.add_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "cms.add_licence",
        "cms.change_licence",
        "cms.delete_licence",
        "cms.view_licence",
        "cms.add_partner",
        "cms.change_partner",
        "cms.delete_partner",
        "cms.view_partner",
        "courses.moderate_lessoncomment",
        "xapi.add_lrsclient",
        "xapi.change_lrsclient",
        "xapi.view_lrsclient",
        *(
            f"training.{action}_{model}"
            for model in ("territory", "hub", "cohort", "trainingsession", "enrolment", "attendance")
            for action in ("add", "change", "view")
        ),
        "training.manage_cohort",
        "training.view_attendanceamendment",
        "training.view_cohortmessage",
        "training.add_cohortmessage",
        "assessments.add_quizaccommodation",
        "assessments.change_quizaccommodation",
        "assessments.delete_quizaccommodation",
        "assessments.view_quizaccommodation",
        "courses.add_h5ppackage",
        "courses.change_h5ppackage",
        "courses.delete_h5ppackage",
        "courses.view_h5ppackage",
        "certificates.add_completionrulesettings",
        "certificates.change_completionrulesettings",
        "certificates.view_completionrulesettings",
        "certificates.change_provider",
        "certificates.view_attestation",
        "certificates.revoke_attestation",
    ),
}


def grant_role_permissions(
    apps, role_permissions: dict[Role, tuple[str, ...]], *, app_labels: set[str] | None = None
) -> None:
    """Create the role groups and give them ``app_label.codename`` permissions (only of ``app_labels`` if given).

    For data migrations: each app grants its own models' permissions in a migration of its own, once its tables
    exist. Permission rows are normally created after ``migrate`` (post_migrate), too late for a migration on a
    fresh database: they are created here first, for the apps named. Idempotent.
    """
    if app_labels is not None:
        role_permissions = {
            role: tuple(perm for perm in perms if perm.split(".", 1)[0] in app_labels)
            for role, perms in role_permissions.items()
        }
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    labels = {perm.split(".", 1)[0] for perms in role_permissions.values() for perm in perms}
    for label in labels:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    for role, perms in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            if _model_not_created_yet(apps, app_label, codename):
                continue  # a later migration of that app creates the model and grants its permissions
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def _model_not_created_yet(apps, app_label: str, codename: str) -> bool:
    """A default permission (`add_`/`change_`/`delete_`/`view_<model>`) of a model absent from the migration state.

    ROLE_PERMISSIONS describes today's models; an early migration of an app runs before its later models exist.
    Anything else that is missing (a typo, a custom permission) still fails loudly.
    """
    action, _sep, model_name = codename.partition("_")
    if action not in {"add", "change", "delete", "view"} or not model_name:
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return True
    return False
