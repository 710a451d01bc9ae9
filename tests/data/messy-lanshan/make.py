#!/usr/bin/env python3
"""Writes csv/, the example round examples/lanshan-2025/csv as WPS and Excel save it: the same
evidence in the shapes evaluators' spreadsheets give it, which must score exactly as the clean round.

    python3 tests/data/messy-lanshan/make.py

Deterministic (no clock, no randomness) and standard library only. Reads the clean tables and the
rubric (for the domain of each field, inferred as the engine infers it: rubrics/README.md, "Field
domains"), rewrites csv/ and prints how many conversions of each kind the files hold, the counts
`shifan validate` must report (tests/cli/validate-messy-round.out).
"""

import csv
import io
import json
import pathlib
import sys
from collections import Counter
from datetime import date
from decimal import Decimal

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
CLEAN = ROOT / "examples" / "lanshan-2025" / "csv"
RUBRIC = ROOT / "rubrics" / "hunan-2021-2025.json"
OUT = HERE / "csv"

# How each county's fields file is written. layout: long (a field a row) or wide (one row, a column
# per field); booleans: as the county's spreadsheet shows them; shares: decimals, "96%" or "96％"
# (alternating: both); numbers: ASCII or full-width digits; dates: of deadline fields (serial: the
# Excel date serial number a date cell formatted as a number shows); codes: "full" for unit ids and
# indicator codes typed with a Chinese input method.
COUNTIES = {
    "LS01": dict(layout="long", encoding="gb18030", booleans="TRUE", shares="%", numbers="ascii", dates="slash"),
    "LS02": dict(layout="long", encoding="gb18030", booleans="是", shares="decimal", numbers="full", dates="年月日"),
    "LS03": dict(layout="long", encoding="utf-8-sig", booleans="true", shares="％", numbers="ascii", dates="iso"),
    "LS04": dict(layout="wide", encoding="gb18030", booleans="TRUE", shares="%", numbers="full", dates="slash"),
    "LS05": dict(layout="long", encoding="gb18030", booleans="是", shares="%", numbers="ascii", dates="年月日"),
    "LS06": dict(layout="wide", encoding="gb18030", booleans="√", shares="％", numbers="ascii", dates="slash"),
    "LS07": dict(layout="long", encoding="gb18030", booleans="1", shares="both", numbers="full", dates="iso"),
    "LS08": dict(layout="wide", encoding="gb18030", booleans="是", shares="%", numbers="ascii", dates="年月日"),
    "LS09": dict(layout="long", encoding="gb18030", booleans="TRUE", shares="%", numbers="ascii", dates="slash",
                 extension=".tsv"),
    "LS10": dict(layout="wide", encoding="gb18030", booleans="TRUE", shares="both", numbers="full", dates="iso"),
    "LS11": dict(layout="long", encoding="gb18030", booleans="是", shares="decimal", numbers="ascii", dates="年月日"),
    "LS12": dict(layout="wide", encoding="gb18030", booleans="是", shares="%", numbers="ascii", dates="slash"),
    "LS13": dict(layout="long", encoding="gb18030", booleans="TRUE", shares="％", numbers="full", dates="年月日",
                 codes="full"),
    "LS14": dict(layout="long", encoding="gb18030", booleans="√", shares="%", numbers="ascii", dates="slash"),
    "LS15": dict(layout="wide", encoding="gb18030", booleans="是", shares="both", numbers="ascii", dates="serial"),
}

# Chinese column headers, as documented in engine/src/load/csv_aliases.hpp.
HEADERS = {
    "units": {"id": "编号", "name": "名称"},
    "entries": {"unit": "单位", "indicator": "指标", "method": "评估方式", "ref": "佐证材料", "note": "备注"},
    "fields": {"unit": "单位", "indicator": "指标", "field": "字段", "value": "值", "method": "评估方式",
               "ref": "佐证材料", "note": "备注"},
    "findings": {"unit": "单位", "indicator": "指标", "severity": "问题等级", "count": "数量", "method": "评估方式",
                 "note": "问题描述", "ref": "佐证材料"},
    "ratings": {"unit": "单位", "indicator": "指标", "expert": "专家", "score": "评分"},
    "events": {"unit": "单位", "type": "类型", "item": "加分项", "kind": "类别", "count": "次数", "indicator": "指标",
               "ref": "佐证材料", "note": "备注", "method": "评估方式", "date": "日期"},
}
# The header of a wide table's unit-name column, as a county writes it.
WIDE_NAME = "名称"

FULL_WIDTH = str.maketrans("0123456789.-+", "０１２３４５６７８９．－＋")
# Unit ids and indicator codes: ASCII letters and digits to their full-width forms (U+FF01 + k for
# ASCII 0x21 + k).
FULL_WIDTH_CODE = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}

counts = Counter()


def read_table(name):
    with open(CLEAN / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    metadata = [r for r in rows if r and r[0].startswith("#")]
    header_at = len(metadata)
    header = rows[header_at]
    return metadata, header, [dict(zip(header, r)) for r in rows[header_at + 1:]]


def field_domains():
    """(leaf, field) → share, count, number, boolean, grade or date, as field_domains.cpp infers."""
    rubric = json.loads(RUBRIC.read_text(encoding="utf-8"))
    domains = {}

    def read(leaf, field, domain):
        # Two rules reading one field keep the stricter domain; a number is the least strict.
        if domains.get((leaf, field), "number") == "number":
            domains[(leaf, field)] = domain

    for leaf, rules in rubric["rules"].items():
        for rule in rules:
            kind = rule["type"]
            if kind == "met":
                read(leaf, rule["field"], "boolean")
            elif kind == "checklist":
                for item in rule["items"]:
                    read(leaf, item["field"], "boolean")
            elif kind == "grade":
                read(leaf, rule["field"], "grade")
            elif kind == "deadline":
                read(leaf, rule["field"], "date")
            elif kind == "tiers":
                ats = [t["at"] for t in rule["tiers"]]
                share = all(0 <= a <= 1 for a in ats) and any(a != int(a) for a in ats)
                read(leaf, rule["field"], "share" if share else "number")
            elif kind == "proportional":
                read(leaf, rule["field"], "share" if rule["target"] <= 1 else "number")
            elif kind == "survey":
                read(leaf, rule["field"], "share" if rule.get("measure") == "share" else "number")
                if "sample_field" in rule:
                    read(leaf, rule["sample_field"], "count")
            elif kind == "formula":
                for field in rule["fields"]:
                    read(leaf, field, "number")
            elif "field" in rule:
                read(leaf, rule["field"], "number")
    return domains


def percent_text(decimal):
    """The percentage that is exactly the decimal: 0.995 → 99.5, 1.0 → 100, 0.0625 → 6.25."""
    return format(Decimal(decimal).scaleb(2).normalize(), "f")


class Writer:
    """Spreads a county's values in its spreadsheet's conventions, counting each conversion."""

    def __init__(self, style):
        self.style = style
        self.shares_written = 0

    def value(self, domain, text):
        style = self.style
        if domain == "boolean":
            assert text in ("true", "false"), text
            word = {"TRUE": ("TRUE", "FALSE"), "是": ("是", "否"), "√": ("√", "×"), "1": ("1", "0"),
                    "true": ("true", "false")}[style["booleans"]]
            if style["booleans"] == "true":
                return text
            counts["boolean_word"] += 1
            return word[0] if text == "true" else word[1]
        if domain == "share":
            shares = style["shares"]
            if shares == "decimal":
                return text
            if shares == "both":
                shares = "%" if self.shares_written % 2 == 0 else "％"
            self.shares_written += 1
            counts["percent"] += 1
            return percent_text(text) + shares
        if domain in ("count", "number"):
            if style["numbers"] == "full":
                counts["full_width"] += 1
                return text.translate(FULL_WIDTH)
            return text
        if domain == "date":
            if text == "false":
                # Not done: the county's word for no.
                word = {"TRUE": "FALSE", "是": "否", "√": "×"}.get(style["booleans"])
                if word is None:
                    return text
                counts["boolean_word"] += 1
                return word
            year, month, day = (int(part) for part in text.split("-"))
            if style["dates"] == "iso":
                return text
            if style["dates"] == "serial":
                counts["excel_serial_date"] += 1
                return str((date(year, month, day) - date(1899, 12, 30)).days)
            counts["date_form"] += 1
            if style["dates"] == "slash":
                return f"{year}/{month}/{day}"
            return f"{year}年{month}月{day}日"
        return text  # grades and texts as they are


def spreadsheet_text(rows, delimiter, pad_columns=0, empty_rows=0):
    """Rows as a spreadsheet saves them: CRLF, quotes where needed, every row padded with the empty
    columns of the sheet's used range, and rows of empty cells after the data."""
    width = max(len(r) for r in rows) + pad_columns
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row + [""] * (width - len(row)))
    for _ in range(empty_rows):
        writer.writerow([""] * width)
    counts["trailing_empty"] += pad_columns + empty_rows
    return out.getvalue()


def utf8_prefix_characters(data):
    """Characters beyond ASCII before the first byte that is not UTF-8, or None when all is UTF-8."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        return sum(1 for b in data[:e.start] if b >= 0xC0)


def save(name, text, encoding):
    if encoding == "gb18030":
        data = text.encode("gb18030")
        # Read as GB18030 only when it is not UTF-8 and does not look like UTF-8 with a damaged
        # character (fewer than 8 characters beyond ASCII before the first non-UTF-8 byte).
        before = utf8_prefix_characters(data)
        assert before is not None and before < 8, f"{name} would not be read as GB18030"
        counts["encoding_gb18030"] += 1
    elif encoding == "utf-8-sig":
        data = text.encode("utf-8-sig")
        counts["byte_order_mark"] += 1
    elif encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
        counts["encoding_utf16"] += 1
    else:
        data = text.encode("utf-8")
    (OUT / name).write_bytes(data)


def header(table, columns):
    names = HEADERS[table]
    counts["header_alias"] += sum(1 for c in columns if c in names)
    return [names.get(c, c) for c in columns]


def units():
    metadata, columns, rows = read_table("units")
    lines = [[m[0]] for m in metadata] + [header("units", columns)] + [[r[c] for c in columns] for r in rows]
    save("units.csv", spreadsheet_text(lines, ",", pad_columns=2, empty_rows=3), "gb18030")
    return {r["id"]: r["name"] for r in rows}


def plain_table(table, file_name, encoding, delimiter, empty_rows=0, full_width_counts=False):
    if delimiter == "\t":
        counts["delimiter_tab"] += 1
    if delimiter == ";":
        counts["delimiter_semicolon"] += 1
    _, columns, rows = read_table(table)
    if full_width_counts:
        for r in rows:
            if r["count"]:
                r["count"] = r["count"].translate(FULL_WIDTH)
                counts["full_width"] += 1
    lines = [header(table, columns)] + [[r[c] for c in columns] for r in rows]
    save(file_name, spreadsheet_text(lines, delimiter, empty_rows=empty_rows), encoding)


def long_fields(rows, domains, style):
    columns = ["unit", "indicator", "field", "value", "method", "ref", "note"]
    writer = Writer(style)
    lines = [header("fields", columns)]
    for r in rows:
        assert r["type"] == "", "a typed value is written as it is only in a long table"
        value = writer.value(domains.get((r["indicator"], r["field"]), "text"), r["value"])
        unit, indicator = r["unit"], r["indicator"]
        if style.get("codes") == "full":
            unit, indicator = unit.translate(FULL_WIDTH_CODE), indicator.translate(FULL_WIDTH_CODE)
            counts["full_width"] += 2
        lines.append([unit, indicator, r["field"], value, r["method"], r["ref"], r["note"]])
    return lines


def wide_fields(unit, name, rows, domains, style):
    writer = Writer(style)
    columns, cells = ["unit", WIDE_NAME], [unit, name]
    for r in rows:
        columns.append(f"{r['indicator']}.{r['field']}")
        cells.append(writer.value(domains.get((r["indicator"], r["field"]), "text"), r["value"]))
        for info in ("method", "ref", "note"):
            if r[info]:
                columns.append(f"{r['indicator']}.{info}")
                cells.append(r[info])
    if WIDE_NAME != "name":
        counts["header_alias"] += 1  # 名称 read as the name column
    return [header("fields", columns), cells]


def fields(names, domains):
    _, _, rows = read_table("fields")
    for unit, style in COUNTIES.items():
        mine = [r for r in rows if r["unit"] == unit]
        extension = style.get("extension", ".csv")
        delimiter = "\t" if extension == ".tsv" else ","
        if delimiter == "\t":
            counts["delimiter_tab"] += 1
        if style["layout"] == "long":
            lines = long_fields(mine, domains, style)
        else:
            lines = wide_fields(unit, names[unit], mine, domains, style)
        # Every other county's sheet keeps two empty columns and two empty rows in its range.
        pad = 2 if int(unit[2:]) % 2 == 1 else 0
        save(f"fields-{unit}{extension}", spreadsheet_text(lines, delimiter, pad, pad), style["encoding"])


def main():
    OUT.mkdir(exist_ok=True)
    tables = ("units", "entries", "fields", "findings", "ratings", "events")
    for old in OUT.iterdir():
        assert old.name.split("-")[0].split(".")[0] in tables, f"unexpected file {old}"
        old.unlink()
    domains = field_domains()
    names = units()
    plain_table("entries", "entries.csv", "utf-8-sig", ",")
    fields(names, domains)
    plain_table("findings", "findings.csv", "gb18030", ";", empty_rows=2, full_width_counts=True)
    plain_table("ratings", "ratings.txt", "utf-16", "\t")
    plain_table("events", "events.csv", "gb18030", ",", empty_rows=1)
    for kind in ("encoding_gb18030", "encoding_utf16", "byte_order_mark", "delimiter_tab", "delimiter_semicolon",
                 "header_alias", "trailing_empty", "boolean_word", "percent", "full_width", "date_form",
                 "excel_serial_date"):
        print(f"{kind} {counts[kind]}")


if __name__ == "__main__":
    sys.exit(main())
