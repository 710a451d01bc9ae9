/* csv2xlsx: the CSV tables of a shifan round as the sheets of one workbook.
 *
 *   csv2xlsx OUT.xlsx CSVDIR
 *
 * Sheets, in order: 单位 units.csv, 评估记录 entries.csv, 指标数据 fields.csv,
 * 问题清单 findings.csv, 专家评分 ratings.csv, 加分与否决 events.csv.
 * Every CSV record is one row starting at column A; a line starting with '#'
 * (metadata such as "#id: lanshan-2025") is one cell. Cells: a number
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?) as a number, true/false as a boolean,
 * YYYY-MM-DD as a date cell with the number format yyyy-mm-dd, empty fields
 * not written, anything else as text. A UTF-8 BOM and CR before LF are
 * dropped. RFC 4180 quoting ("a,b", "" inside quotes).
 *
 * Build: gcc -O2 -Wall -o csv2xlsx csv2xlsx.c $(pkg-config --cflags --libs xlsxwriter)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int is_number(const char *s) {
    const char *p = s;
    if (*p == '-') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    if (*p == '0' && isdigit((unsigned char)p[1])) return 0; /* leading zero: keep as text */
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return 0;
        while (isdigit((unsigned char)*p)) p++;
    }
    return *p == 0;
}

static int is_date(const char *s, lxw_datetime *dt) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    dt->year = atoi(s);
    dt->month = atoi(s + 5);
    dt->day = atoi(s + 8);
    dt->hour = dt->min = 0;
    dt->sec = 0;
    return dt->month >= 1 && dt->month <= 12 && dt->day >= 1 && dt->day <= 31;
}

static void put(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *v, lxw_format *date_fmt) {
    lxw_datetime dt;
    if (*v == 0) return;
    if (is_number(v)) worksheet_write_number(ws, row, col, strtod(v, NULL), NULL);
    else if (strcmp(v, "true") == 0) worksheet_write_boolean(ws, row, col, 1, NULL);
    else if (strcmp(v, "false") == 0) worksheet_write_boolean(ws, row, col, 0, NULL);
    else if (is_date(v, &dt)) worksheet_write_datetime(ws, row, col, &dt, date_fmt);
    else worksheet_write_string(ws, row, col, v, NULL);
}

static void sheet(lxw_workbook *wb, lxw_format *date_fmt, const char *dir, const char *file, const char *name) {
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *buf = slurp(path, &len);
    char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    char *field = malloc(len + 1);
    lxw_row_t row = 0;
    while (p < end) {
        if (*p == '#') { /* metadata: the whole line is one cell */
            char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol) eol = end;
            size_t n = (size_t)(eol - p);
            if (n && p[n - 1] == '\r') n--;
            memcpy(field, p, n);
            field[n] = 0;
            worksheet_write_string(ws, row++, 0, field, NULL);
            p = eol < end ? eol + 1 : end;
            continue;
        }
        lxw_col_t col = 0;
        for (;;) { /* one field */
            size_t n = 0;
            if (*p == '"') {
                p++;
                while (p < end) {
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') { field[n++] = '"'; p += 2; }
                        else { p++; break; }
                    } else field[n++] = *p++;
                }
            }
            while (p < end && *p != ',' && *p != '\n' && *p != '\r') field[n++] = *p++;
            field[n] = 0;
            put(ws, row, col, field, date_fmt);
            if (p < end && *p == ',') { p++; col++; continue; }
            if (p < end && *p == '\r') p++;
            if (p < end && *p == '\n') p++;
            break;
        }
        row++;
    }
    free(field);
    free(buf);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s OUT.xlsx CSVDIR\n", argv[0]); return 2; }
    lxw_workbook *wb = workbook_new(argv[1]);
    lxw_doc_properties props = {0};
    props.created = 1735689600; /* 2025-01-01T00:00:00Z: reproducible docProps/core.xml */
    workbook_set_properties(wb, &props);
    lxw_format *date_fmt = workbook_add_format(wb);
    format_set_num_format(date_fmt, "yyyy-mm-dd");
    static const char *tables[][2] = {
        {"units.csv", "单位"},       {"entries.csv", "评估记录"}, {"fields.csv", "指标数据"},
        {"findings.csv", "问题清单"}, {"ratings.csv", "专家评分"}, {"events.csv", "加分与否决"},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        sheet(wb, date_fmt, argv[2], tables[i][0], tables[i][1]);
    lxw_error err = workbook_close(wb);
    if (err) { fprintf(stderr, "%s: %s\n", argv[1], lxw_strerror(err)); return 1; }
    return 0;
}
