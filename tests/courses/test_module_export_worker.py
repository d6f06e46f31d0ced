"""The module archive is built by a real Celery worker (Redis), which reads what the request committed."""

import io
import zipfile

import pytest

from courses.export import module_export_request
from courses.models_export import ExportStatus, ModuleExport
from tests.integration.conftest import celery_worker_process, redis_broker, wait_for  # noqa: F401

pytestmark = pytest.mark.integration


def test_a_real_worker_builds_the_archive(celery_worker_process, lessons):  # noqa: F811
    module = lessons[0].get_parent().specific
    export = module_export_request(module=module)  # autocommit: the task is sent on commit
    done = wait_for(lambda: ModuleExport.objects.filter(pk=export.pk, status=ExportStatus.DONE).first(), timeout=90)
    assert done, f"no archive built by the worker:\n{celery_worker_process['log'].read_text()}"
    names = zipfile.ZipFile(io.BytesIO(done.file.open("rb").read())).namelist()
    assert "module-test-v10/index.html" in names and "module-test-v10/module-test.pdf" in names
    assert "module_export_build_task" in celery_worker_process["log"].read_text()
