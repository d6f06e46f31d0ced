"""CSV import of learners into a cohort: check everything first, write nothing until the trainer confirms.

1. ``enrolment_import_create`` stores the file and queues the check (``enrolment_import_preview_task``).
2. The check reads the file (UTF-8 or Windows-1252, comma / semicolon / tab), refuses a file it cannot trust as a
   whole (unknown columns, no e-mail column, wrong encoding, more than ``MAX_ROWS`` rows) and reports each row:
   enrol, invite (no account yet), waiting list (beyond the seats), already enrolled, or an error that says why.
3. ``enrolment_import_confirm`` queues ``enrolment_import_apply_task``, which writes the valid rows in chunks,
   updating the progress the page shows. Re-importing the same file enrols nobody twice (enrolments are idempotent).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from training.exceptions import CsvImportError, TrainingError
from training.models import Cohort, Enrolment, EnrolmentImport, EnrolmentState, ImportStatus
from training.services.enrolments import cohort_seats_left, enrolment_invite

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
CHUNK = 100
PROGRESS_EVERY = 500
COLUMN_ALIASES = {
    "email": {"email", "e-mail", "mail", "courriel", "adresse e-mail", "adresse email", "adresse electronique"},
    "first_name": {"prenom", "first_name", "firstname", "first name", "prenoms"},
    "last_name": {"nom", "last_name", "lastname", "last name", "nom de famille"},
}


class Outcome:
    ENROL = "enrol"
    INVITE = "invite"
    WAITLIST = "waitlist"
    ALREADY = "already"
    ERROR = "error"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in text if not unicodedata.combining(char))


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM) first, then Windows-1252 (Excel's French default)."""
    if b"\x00" in raw[:4096]:
        raise CsvImportError(
            _("This file is not a text CSV (UTF-16 or binary?). Save it as “CSV UTF-8” and try again."),
            code="encoding",
        )
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise CsvImportError(
            _("The file's encoding is not recognised. Save it as “CSV UTF-8” and try again."), code="encoding"
        ) from error


def parse(raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]], dict]:
    """Header keys, (line number, cells) rows, and facts about the file. Raises ``CsvImportError`` for the file."""
    if not raw.strip():
        raise CsvImportError(_("The file is empty."), code="empty")
    text, encoding = decode(raw)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        rows = [(reader.line_num, cells) for cells in reader if any(cell.strip() for cell in cells)]
    except (csv.Error, StopIteration) as error:
        raise CsvImportError(_("The file could not be read as CSV."), code="malformed") from error
    keys, unknown = [], []
    for title in header:
        key = next((k for k, aliases in COLUMN_ALIASES.items() if _plain(title) in aliases), None)
        keys.append(key)
        if key is None and title.strip():
            unknown.append(title.strip())
    if unknown:
        raise CsvImportError(
            _("Unknown columns: %(unknown)s. Expected columns: email, prénom, nom.") % {"unknown": ", ".join(unknown)},
            code="unknown_columns",
        )
    duplicated = [key for key, count in Counter(k for k in keys if k).items() if count > 1]
    if duplicated:
        raise CsvImportError(_("A column appears twice."), code="duplicate_columns")
    if "email" not in keys:
        raise CsvImportError(_("The file has no “email” column."), code="no_email_column")
    if not rows:
        raise CsvImportError(_("The file has a header but no learner."), code="no_rows")
    if len(rows) > MAX_ROWS:
        raise CsvImportError(
            _("The file has %(count)s rows; an import takes %(max)s at most. Split the file.")
            % {"count": f"{len(rows):,}".replace(",", " "), "max": f"{MAX_ROWS:,}".replace(",", " ")},
            code="too_many_rows",
        )
    return keys, rows, {"encoding": encoding, "delimiter": delimiter}


@transaction.atomic
def enrolment_import_create(*, cohort: Cohort, upload: UploadedFile, created_by: User) -> EnrolmentImport:
    if upload.size and upload.size > MAX_BYTES:
        raise CsvImportError(_("The file is too large (5 MB at most)."), code="too_large")
    job = EnrolmentImport(cohort=cohort, created_by=created_by, original_name=(upload.name or "")[:255])
    job.source.save("import.csv", upload, save=False)
    job.save()
    audit_log(actor=created_by, action="training.import.uploaded", target=cohort, data={"import": job.pk})
    from training.tasks import enrolment_import_preview_task

    transaction.on_commit(lambda: enrolment_import_preview_task.delay(job.pk))
    return job


def _fail(job: EnrolmentImport, message: str, code: str) -> EnrolmentImport:
    job.status, job.error, job.finished_at = ImportStatus.FAILED, message, timezone.now()
    job.report = {**(job.report or {}), "code": code}
    job.save(update_fields=["status", "error", "finished_at", "report"])
    audit_log(
        actor=job.created_by,
        action="training.import.refused",
        target=job.cohort,
        data={"code": code, "import": job.pk},
    )
    return job


def enrolment_import_preview(*, job: EnrolmentImport) -> EnrolmentImport:
    """Check every row without writing any enrolment; store the per-row report. Safe to run twice."""
    if job.status not in (ImportStatus.PENDING, ImportStatus.PREVIEWING):
        return job
    job.status = ImportStatus.PREVIEWING
    job.save(update_fields=["status"])
    try:
        with job.source.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        keys, rows, facts = parse(raw)
    except CsvImportError as error:
        return _fail(job, error.message, error.code)
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    cohort = job.cohort
    emails = []
    for _line, cells in rows:
        values = dict(zip(keys, cells, strict=False))
        emails.append((values.get("email") or "").strip().lower())
    users = {u.email: u for u in User.objects.filter(email__in=[e for e in emails if e])}
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(state=EnrolmentState.CANCELLED)
        .values_list("learner__email", flat=True)
    )
    seats = cohort_seats_left(cohort)
    seen: dict[str, int] = {}
    report_rows, counts = [], Counter()
    for index, (line, cells) in enumerate(rows, start=1):
        values = dict(zip(keys, cells, strict=False))
        email = (values.get("email") or "").strip().lower()
        row = {
            "line": line,
            "email": email,
            "first_name": (values.get("first_name") or "").strip()[:150],
            "last_name": (values.get("last_name") or "").strip()[:150],
        }
        outcome, message = _row_outcome(email=email, cells=cells, keys=keys, seen=seen, users=users, enrolled=enrolled)
        if outcome in (Outcome.ENROL, Outcome.INVITE):
            if seats > 0:
                seats -= 1
            else:
                outcome, message = Outcome.WAITLIST, _("Beyond the seats: the waiting list.")
        if outcome != Outcome.ERROR:
            seen[email] = line
        row.update(outcome=outcome, message=str(message))
        report_rows.append(row)
        counts[outcome] += 1
        if index % PROGRESS_EVERY == 0:
            EnrolmentImport.objects.filter(pk=job.pk).update(processed_rows=index)
    job.processed_rows = len(rows)
    job.report = {**facts, "rows": report_rows, "counts": dict(counts)}
    job.status = ImportStatus.PREVIEWED
    job.save(update_fields=["processed_rows", "report", "status"])
    return job


def _row_outcome(*, email, cells, keys, seen, users, enrolled) -> tuple[str, str]:
    if len(cells) > len(keys):
        return Outcome.ERROR, _("More cells than columns (a separator inside a name?).")
    if not email:
        return Outcome.ERROR, _("The e-mail address is missing.")
    try:
        validate_email(email)
    except ValidationError:
        return Outcome.ERROR, _("“%(email)s” is not a valid e-mail address.") % {"email": email[:80]}
    if email in seen:
        return Outcome.ERROR, _("Duplicate of line %(line)s.") % {"line": seen[email]}
    if email in enrolled:
        return Outcome.ALREADY, _("Already in the cohort: unchanged.")
    user = users.get(email)
    if user is not None and user.is_active:
        return Outcome.ENROL, _("Account found: will be enrolled.")
    return Outcome.INVITE, _("No account yet: an invitation will be e-mailed.")


@transaction.atomic
def enrolment_import_confirm(*, job: EnrolmentImport, actor: User) -> EnrolmentImport:
    """The trainer confirms the checked file. Idempotent: a second click finds the import already under way."""
    job = EnrolmentImport.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PREVIEWED:
        if job.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return job
        raise CsvImportError(_("This import cannot be confirmed."), code="not_previewed")
    job.status, job.processed_rows = ImportStatus.IMPORTING, 0
    job.save(update_fields=["status", "processed_rows"])
    audit_log(actor=actor, action="training.import.confirmed", target=job.cohort, data={"import": job.pk})
    from training.tasks import enrolment_import_apply_task

    transaction.on_commit(lambda: enrolment_import_apply_task.delay(job.pk))
    return job


def enrolment_import_apply(*, job: EnrolmentImport) -> EnrolmentImport:
    """Write the checked rows in chunks of ``CHUNK`` (each atomic), updating the progress. Rows are enrolled
    through the same idempotent services as one by one, so a retry after a crash continues where it stopped."""
    if job.status != ImportStatus.IMPORTING:
        return job
    rows = [r for r in job.report.get("rows", []) if r["outcome"] in (Outcome.ENROL, Outcome.INVITE, Outcome.WAITLIST)]
    results = Counter()
    problems = []
    for start in range(0, len(rows), CHUNK):
        with transaction.atomic():
            for row in rows[start : start + CHUNK]:
                try:
                    with transaction.atomic():
                        enrolment = enrolment_invite(
                            cohort=job.cohort,
                            email=row["email"],
                            invited_by=job.created_by,
                            first_name=row["first_name"],
                            last_name=row["last_name"],
                            waitlist_if_full=True,
                        )
                    results[enrolment.state] += 1
                except TrainingError as error:
                    problems.append({"line": row["line"], "email": row["email"], "message": error.message})
            EnrolmentImport.objects.filter(pk=job.pk).update(processed_rows=min(start + CHUNK, len(rows)))
    job.refresh_from_db()
    job.report = {**job.report, "applied": dict(results), "problems": problems}
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save(update_fields=["report", "status", "finished_at"])
    if job.source:
        job.source.delete(save=True)  # names and e-mails are now in the enrolments: the upload is not kept
    audit_log(
        actor=job.created_by, action="training.import.done", target=job.cohort, data={"import": job.pk, **results}
    )
    return job
