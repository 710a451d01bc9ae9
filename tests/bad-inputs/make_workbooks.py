#!/usr/bin/env python3
"""Writes the workbook cases of the bad-input corpus (tests/bad-inputs/workbook-*): small .xlsx
files made part by part with Python's zipfile, so that each holds exactly the problem it tests.
Run from the repository's root; the files are kept in the repository, this script says how they
were made."""
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
BASE = "tests/bad-inputs/"


def cell(ref, value):
    """A cell: a number as a number, anything else as an inline string; (ref, xml) for raw XML."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def rows(table):
    out = ""
    for r, values in enumerate(table, 1):
        cells = ""
        for c, value in enumerate(values):
            ref = f"{chr(ord('A') + c)}{r}"
            if isinstance(value, tuple):
                cells += value[1].replace("REF", ref)
            elif value != "":
                cells += cell(ref, value)
        out += f'<row r="{r}">{cells}</row>'
    return out


def workbook(path, sheets, compression=zipfile.ZIP_DEFLATED):
    z = zipfile.ZipFile(BASE + path, "w", compression)
    z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    names, rels = "", ""
    for i, (name, data) in enumerate(sheets, 1):
        names += f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        rels += f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        z.writestr(f"xl/worksheets/sheet{i}.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>')
    z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{names}</sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
    z.close()


UNITS = rows([["#id: wb-2025"], ["#indicators: hunan-2021-2025"], ["单位编号", "单位名称"], ["LS01", "青溪区"]])
FIELDS_HEADER = ["单位编号", "指标编号", "字段", "值"]

# A share typed as 96 in a cell that is no percentage: named by its cell.
workbook("workbook-share-96.xlsx", [("单位", UNITS), ("指标数据", rows([FIELDS_HEADER, ["LS01", "T3", "township_staffing_rate", 96]]))])
# Cells a workbook should not hold: a formula's error, a formula without its result, a date of 1900-02-29.
workbook("workbook-cells.xlsx", [("单位", UNITS), ("指标数据", rows([
    FIELDS_HEADER,
    ["LS01", "T3", "township_staffing_rate", ("", '<c r="REF" t="e"><f>1/0</f><v>#DIV/0!</v></c>')],
    ["LS01", "T4", "list_update_rate", ("", '<c r="REF"><f>SUM(A1:A2)</f></c>')],
]))])
# A sheet that is no table of a round, beside the units.
workbook("workbook-unknown-sheet.xlsx", [("单位", UNITS), ("Sheet2", rows([["草稿"]]))])
# A zip bomb: 64 MiB of spaces in a sheet, deflated to about 64 kB.
workbook("workbook-zip-bomb.xlsx", [("单位", UNITS + " " * (64 << 20))])
# One workbook per county, the same county in both.
for name in ("甲县", "乙县"):
    import os
    os.makedirs(BASE + "workbook-county-twice", exist_ok=True)
    workbook(f"workbook-county-twice/{name}.xlsx", [("单位", UNITS)])
# A workbook with a password to open it is an OLE compound file (its first 8 bytes say so).
with open(BASE + "workbook-encrypted.xlsx", "wb") as f:
    f.write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
# Saved as a macro-enabled workbook, or in the old format.
for name in ("workbook-macros.xlsm", "workbook-old.xls"):
    with open(BASE + name, "wb") as f:
        f.write(b"PK\x03\x04")
