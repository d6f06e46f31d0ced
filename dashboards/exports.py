"""CSV and XLSX exports of exactly what the completion view and the roster show (same selectors, same scope).

XLSX is written by openpyxl in write-only mode: rows stream into the worksheet's temporary file instead of a cell
tree in memory, so memory stays flat for 5,000+ rows. Cells a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@`` first) are written as text, so a learner's name cannot inject one (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import spreadsheet_safe
from dashboards.milestones import LearnerRow
from dashboards.selectors import STAGE_LABELS, STAGES, CompletionReport
from training.models import Cohort, EnrolmentState


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("not available")
    return _("yes") if value else _("no")


def _count(value: int | None) -> int | str:
    return _("not available") if value is None else value


def _rate(value: float | None) -> float | str:
    return "" if value is None else value


def cohort_table(report: CompletionReport) -> tuple[list[str], list[list]]:
    header = [_("Cohort"), _("Département"), _("Territory"), _("Trainers"), _("First half-day")]
    for stage in STAGES:
        header.append(str(STAGE_LABELS[stage]))
        if stage != "enrolled":
            header.append(_("%(stage)s (%%)") % {"stage": STAGE_LABELS[stage]})
    rows = []
    for row in report.cohorts:
        line = [
            row.cohort.title,
            row.cohort.departement,
            row.cohort.territory.name,
            row.trainer_names,
            row.starts_on.isoformat() if row.starts_on else "",
        ]
        for stage in STAGES:
            line.append(_count(getattr(row.figures, stage)))
            if stage != "enrolled":
                line.append(_rate(row.figures.rate(stage)))
        rows.append(line)
    return header, rows


def learner_table(rows: Iterable[LearnerRow], cohorts: dict[int, Cohort]) -> tuple[list[str], Iterable[list]]:
    header = [_("Cohort"), _("Département"), _("Learner"), _("Enrolment")] + [str(STAGE_LABELS[s]) for s in STAGES[1:]]
    states = {EnrolmentState.ENROLLED: _("In training"), EnrolmentState.COMPLETED: _("Training completed")}

    def lines():
        for row in rows:
            cohort = cohorts[row.cohort_id]
            yield [
                cohort.title,
                cohort.departement,
                row.learner_name,
                str(states.get(row.state, row.state)),
                _yes_no(row.day1_completed),
                _yes_no(row.day2_attended),
                _yes_no(row.evaluation_passed),
                _yes_no(row.attestation_issued),
            ]

    return header, lines()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    """UTF-8 with a BOM and semicolons: what a French spreadsheet opens without an import dialog."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def xlsx_bytes(*, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        header_cells.append(cell)
    sheet.freeze_panes = "A2"  # before the first row: write-only sheets emit their settings first
    sheet.append(header_cells)
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    for line in csv_lines(header, rows):
        buffer.write(line)
    return buffer.getvalue()
