/* How fast SQLite itself takes rows into binhdang's value table, with no parsing and no checks:
 * the ceiling any importer into this table meets on a machine (see docs/benchmarks.md, issue #11).
 * Built by scripts/bench-national.sh against the SQLite that the Rust build bundles.
 *
 *   sqlite-ceiling MODE ROWS FILE
 *   MODE 0: one statement per 10,000 rows, given as one JSON array (json_each), as binhdang does;
 *   MODE 1: one prepared INSERT stepped once per row (the C interface's fastest path). */
#include "sqlite3.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void check(sqlite3 *db, int rc, int want) {
    if (rc != want) {
        fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODE ROWS FILE\n", argv[0]);
        return 2;
    }
    const int mode = atoi(argv[1]);
    const long rows = atol(argv[2]);
    const long batch = 10000;
    sqlite3 *db;
    check(db, sqlite3_open(argv[3], &db), SQLITE_OK);
    check(db,
          sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"
                       "CREATE TABLE report_values (report_id INTEGER NOT NULL, element TEXT NOT NULL,"
                       " option_combo TEXT NOT NULL, value TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',"
                       " source TEXT NOT NULL, override_reason TEXT NOT NULL DEFAULT '', entered_by INTEGER,"
                       " entered_at TEXT NOT NULL, PRIMARY KEY (report_id, element, option_combo)) WITHOUT ROWID;"
                       "BEGIN",
                       0, 0, 0),
          SQLITE_OK);
    const char *sql =
        mode == 0 ? "INSERT INTO report_values SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,"
                    " j.value ->> 4, 'import', '', NULL, '2026-11-30T10:00:00Z' FROM json_each(?1) AS j"
                  : "INSERT INTO report_values VALUES (?1, ?2, ?3, ?4, ?5, 'import', '', NULL, '2026-11-30T10:00:00Z')";
    sqlite3_stmt *st;
    check(db, sqlite3_prepare_v2(db, sql, -1, &st, 0), SQLITE_OK);
    char *json = malloc((size_t)batch * 96);
    char element[32], value[32];
    double building = 0;
    const double start = seconds();
    /* 33 values a report, as the national set's reports have about as many. */
    for (long first = 0; first < rows; first += batch) {
        const long last = first + batch < rows ? first + batch : rows;
        if (mode == 0) {
            const double t = seconds();
            char *p = json;
            *p++ = '[';
            for (long i = first; i < last; i++) {
                p += sprintf(p, "%s[%ld,\"CLQG_%ld\",\"nu_thieu_so\",\"%ld\",\"\"]", i > first ? "," : "", i / 33,
                             i % 33, i % 977);
            }
            *p++ = ']';
            building += seconds() - t;
            sqlite3_bind_text(st, 1, json, (int)(p - json), SQLITE_STATIC);
            check(db, sqlite3_step(st), SQLITE_DONE);
            sqlite3_reset(st);
        } else {
            for (long i = first; i < last; i++) {
                snprintf(element, sizeof element, "CLQG_%ld", i % 33);
                snprintf(value, sizeof value, "%ld", i % 977);
                sqlite3_bind_int64(st, 1, i / 33);
                sqlite3_bind_text(st, 2, element, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 3, "nu_thieu_so", -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, value, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 5, "", 0, SQLITE_STATIC);
                check(db, sqlite3_step(st), SQLITE_DONE);
                sqlite3_reset(st);
            }
        }
    }
    check(db, sqlite3_exec(db, "COMMIT", 0, 0, 0), SQLITE_OK);
    const double took = seconds() - start - building;
    printf("%s: %ld rows in %.2f s, %.0f rows/s (building the JSON, %.2f s, left out)\n",
           mode == 0 ? "json_each, 10,000 rows a statement" : "one prepared INSERT a row", rows, took,
           (double)rows / took, building);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(json);
    return 0;
}
