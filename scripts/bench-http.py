"""HTTP side of the national benchmarks (scripts/bench-national.sh; not in CI).

  freshness A B USER PASSWORD   a value written through server A, and the time until the national
                                aggregate read from server B (or A) has changed
  analytics A USER PASSWORD ELEMENTS
                                the national dashboard query through /api/analytics: p50 and p95
  cookie A USER PASSWORD        logs in through the form and prints the session's Cookie header
                                (for wrk on the pages that need a login)

Only the standard library: the servers are on loopback."""

import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request


def bearer(base, user, password):
    """A personal API token (Basic would verify the password on every request)."""
    req = urllib.request.Request(
        base + "/api/v1/auth/token", data=json.dumps({"username": user, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return "Bearer " + json.loads(resp.read())["token"]


def call(base, path, auth, body=None, method="GET"):
    req = urllib.request.Request(base + path, method=method, data=body)
    req.add_header("Authorization", auth)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


def national_total(base, auth, element):
    q = f"/api/analytics?dimension=dx:{element}&dimension=pe:2015&dimension=ou:VN&includeUnapproved=true"
    grid = call(base, q, auth)
    return sum(float(r[-1]) for r in grid["rows"])


def freshness(a, b, user, password):
    auth = bearer(a, user, password)
    # A year before the national data set, so that the report is open for entry: Kiên Giang's
    # 2015 figure counts for today's An Giang, and so for the nation.
    element, unit = "CQ_TONG", "91"
    runs = []
    for i in range(20):
        before = national_total(b, auth, element)
        value = str(1000 + i)
        body = json.dumps(
            {"dataSet": "CLQG_NAM", "period": "2015", "orgUnit": unit,
             "dataValues": [{"dataElement": element, "value": value}]}
        ).encode()
        call(a, "/api/dataValueSets", auth, body, "POST")
        committed = time.perf_counter()
        while national_total(b, auth, element) == before:
            if time.perf_counter() - committed > 5:
                sys.exit("the aggregate did not change within 5 s")
        runs.append((time.perf_counter() - committed) * 1000)
    runs.sort()
    print(f"freshness {a} → {b}: p50 {statistics.median(runs):.1f} ms, max {runs[-1]:.1f} ms (20 writes)")


def analytics(a, user, password, elements):
    auth = bearer(a, user, password)
    q = (f"/api/analytics?dimension=dx:{elements.replace(',', ';')}&dimension=pe:2021;2022;2023;2024;2025"
         f"&dimension=ou:LEVEL-province&asOf=2026-01-01")
    call(a, q, auth)
    runs = []
    for _ in range(30):
        start = time.perf_counter()
        grid = call(a, q, auth)
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    print(f"/api/analytics national query: {grid['height']} rows, p50 {statistics.median(runs):.1f} ms, "
          f"p95 {runs[int(round(0.95 * (len(runs) - 1)))]:.1f} ms")


def cookie(a, user, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(a + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_csrf": csrf, "next": "/", "username": user, "password": password}).encode()
    opener.open(urllib.request.Request(a + "/login", data=form))
    print("; ".join(f"{c.name}={c.value}" for c in jar))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"freshness": freshness, "analytics": analytics, "cookie": cookie}[command](*args)
