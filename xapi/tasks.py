from celery import shared_task

from xapi.handlers import StoredStatement, run_handlers


class HandlerFailed(Exception):
    pass


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def statement_handlers_run_task(self, statement_pks: list[int]) -> None:
    import orjson

    from xapi.models import Statement

    rows = Statement.objects.filter(pk__in=statement_pks).order_by("pk")
    statements = [
        StoredStatement(r.pk, r.statement_id, r.verb_id, r.authority_kind, orjson.loads(r.payload)) for r in rows
    ]
    failures = run_handlers(statements)
    if failures:
        failed = sorted({str(statement_id) for _name, statement_id, _error in failures})
        failed_pks = [s.pk for s in statements if str(s.statement_id) in failed]
        if self.request.is_eager:
            return  # logged by run_handlers; the rebuild commands reconcile
        raise self.retry(args=[failed_pks], exc=HandlerFailed(", ".join(failed)))


from xapi.forward_tasks import *  # noqa
