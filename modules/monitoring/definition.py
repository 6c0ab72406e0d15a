"""The monitoring module: an admin-only window on the background jobs."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission

monitoring_module = ModuleDefinition(
    code="monitoring",
    name=_l("Monitoring"),
    description=_l("Background job queues, workers and jobs: retry, cancel or delete jobs."),
    version="1.0.0",
    is_internal=True,
    requires=[],
    permissions=[
        Permission("monitoring.view", _l("See queues, workers and jobs"), FrontendType.ADMIN),
        Permission("monitoring.manage", _l("Retry, cancel and delete jobs"), FrontendType.ADMIN),
    ],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                "monitoring",
                _l("Monitoring"),
                "monitoring_admin.queues",
                "activity",
                800,
                "monitoring.view",
            ),
        ],
    },
    services_path="modules.monitoring.services",
    models_path="modules.monitoring.models",
    schemas_path="modules.monitoring.schemas",
    exceptions_path="modules.monitoring.exceptions",
)
