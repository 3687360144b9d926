"""Reports as CSV and XLSX downloads. A cell that a spreadsheet would run as a formula (one
starting with = + - @, a tab or a carriage return) is written as text with a leading
apostrophe. Counts leave the platform as a scoped reader may see them."""

import csv
import io

import xlsxwriter
from flask import Response, current_app

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Table = tuple[list[str], list[list]]  # header, rows


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read every script correctly."""
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(sheets: dict[str, Table]) -> bytes:
    """One worksheet per table. Strings are always written as strings, never as formulas."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})  # fmt: skip
    bold = book.add_format({"bold": True})
    for name, (header, rows) in sheets.items():
        sheet = book.add_worksheet(name[:31])
        for column, title in enumerate(header):
            sheet.write_string(0, column, str(neutralise(title)), bold)
        for line, row in enumerate(rows, 1):
            for column, value in enumerate(row):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(line, column, value)
                else:
                    sheet.write_string(line, column, str(neutralise(value if value is not None
                                                                    else "")))  # fmt: skip
    book.close()
    return out.getvalue()


def shown(count: int, reader, threshold: int) -> int | str:
    """A count as a reader scoped to countries (a national administrator, a trainer) may see
    it: small ones only as '<threshold', so no individual can be singled out. Regional
    administrators see every count."""
    return f"<{threshold}" if reader.scoped_countries and 0 < count < threshold else count


def download(tables: dict[str, Table], name: str, kind: str) -> Response:
    """The tables as an XLSX workbook (`kind` "xlsx"), else the first one as CSV."""
    if kind == "xlsx":
        body, filename = as_xlsx(tables), f"{name}.xlsx"
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype, filename = as_csv(next(iter(tables.values()))), "text/csv", f"{name}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return current_app.response_class(body, mimetype=mimetype, headers=headers)
