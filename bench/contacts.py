#!/usr/bin/env python3
"""Contacts at scale, through the gateway with a real API key.

Import: 100,000 contacts in batches of 200 and 1,000, without and with upsert (the upsert runs update the
contacts the first run created), each into a fresh organization, a few requests in flight. Then the list's
latency with 100,000 contacts in one organization: search (trigram index), status and folder filters, deep
offsets and the same page by cursor (?after=), p50/p99 over sequential requests after a warm-up.

Needs a running stack (./dev/up --detach) whose .dev/env names the gateway and the admin token; with psql
on the PATH the lists are measured again after VACUUM ANALYZE. LISTS_ONLY=1 skips the import runs; WARMUP
untimed warm-up imports come first (default 6; WARMUP=0 for none); IMPORTS_ONLY=1 stops after the import runs.
BESIDE_ORG=<organization id> measures only the lists beside imports, in an organization an earlier run filled
(a key and a folder of 200 contacts are made for it; [contacts] should be its size, for the deep offsets).
BENCH_SUMMARY=<file> also appends each result as a tab-separated line to that file (bench/summary.py).
    bench/contacts.py [contacts] [concurrency]
"""
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from summary import record

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(line.strip().split("=", 1) for line in open(os.path.join(ROOT, ".dev", "env")) if "=" in line)
GATEWAY = urllib.parse.urlparse(ENV["GATEWAY_URL"])
ADMIN = ENV["OP_ADMIN_TOKEN"]
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 4
FIRST = ["Ann", "Bob", "Chloé", "Dmitri", "Eve", "Fatima", "Gus", "Hana", "Ivan", "Jürgen", "Kai", "Lena"]
LAST = ["Smith", "Nguyen", "O'Brien", "Müller", "Kowalski", "Rossi", "Tanaka", "Silva", "Dubois", "Larsen"]
TITLES = ["CEO", "CTO", "VP Sales", "Head of Growth", "Engineer", "Account Executive", "CFO", "VP Marketing"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne"]
LIST_CONTEXT = [""]  # which measure_lists() round the latency rows belong to (for record())


def call(method, path, body=None, token=None, conn=None):
    return timed_call(method, path, body, token, conn)[1]


def timed_call(method, path, body=None, token=None, conn=None):
    """(milliseconds, parsed answer); a 429 (the key's plan rate limit) is waited out and not timed."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    while True:
        started = time.perf_counter()
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 429:
            break
        time.sleep(float(response.getheader("Retry-After") or 1))
    if own:
        conn.close()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status} {data[:300]!r}")
    return elapsed, json.loads(data)


def new_key():
    org = call("POST", "/admin/v1/orgs", {"name": f"bench {time.time()}", "plan": "scale"}, ADMIN)["data"]["id"]
    return call("POST", f"/admin/v1/orgs/{org}/api-keys", {"name": "bench", "scopes": ["contacts"]}, ADMIN)["data"]["key"]


def contact(i, status=None):
    c = {"email": f"person{i}@company{i % 5000}.example", "first_name": FIRST[i % len(FIRST)],
         "last_name": LAST[(i // 7) % len(LAST)], "company": COMPANIES[i % len(COMPANIES)] + f" {i % 5000}",
         "title": TITLES[(i // 3) % len(TITLES)], "seniority": "senior" if i % 2 else "junior"}
    if status:
        c["status"] = status
    return c


def run_import(key, batch, upsert, statuses=False, count=None, first=0):
    # bodies are rendered before the clock starts and answers are checked by their count only: the load
    # generator shares the two cores with the stack, so its own JSON work would be measured as the stack's
    end = first + (TOTAL if count is None else count)
    bodies = []
    for start in range(first, end, batch):
        body = {"contacts": [contact(i, ["new", "active", "replied"][i % 3] if statuses else None)
                             for i in range(start, min(start + batch, end))]}
        if upsert:
            body["upsert"] = True
        bodies.append((len(body["contacts"]), json.dumps(body).encode()))
    lock = threading.Lock()
    failures = []
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def worker():
        conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
        while True:
            with lock:
                if not bodies:
                    break
                count, body = bodies.pop()
            try:
                conn.request("POST", "/api/v1/contacts", body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if response.status not in (200, 201) or b'],"count":%d}' % count not in data[-300:]:
                    raise RuntimeError(f"import -> {response.status} {data[:300]!r}")
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(str(e))
                conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
        conn.close()

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    elapsed = time.time() - started
    if failures:
        print("  failures:", len(failures), failures[0])
    return elapsed


def latency(key, name, path, n=300):
    conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=30)
    for _ in range(30):  # warm-up
        call("GET", path, token=key, conn=conn)
    samples = []
    for _ in range(n):
        elapsed, result = timed_call("GET", path, token=key, conn=conn)
        samples.append(elapsed)
    samples.sort()
    p50 = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(f"| {name} | `{urllib.parse.unquote(path)}` | {result['meta']['total']} | {p50:.1f} | {p99:.1f} |")
    shown = re.sub(r"folder_id=[^&]*", "folder_id=<id>", urllib.parse.unquote(path))
    shown = re.sub(r"after=[^&]*", "after=<cursor>", shown)
    record(f"contacts list, {TOTAL:,} in one organization, {LIST_CONTEXT[0]}: {name} (`{shown}`,"
           f" {result['meta']['total']} matches)", f"p50 {p50:.1f} ms, p99 {p99:.1f} ms")


def run_imports():
    print("\n| import | batch | upsert | contacts | seconds | contacts/s |\n|---|---|---|---|---|---|")
    for batch in (200, 1000):
        key = new_key()
        for upsert in (False, True):
            elapsed = run_import(key, batch, upsert)
            print(f"| {'create' if not upsert else 'update existing'} | {batch} | {str(upsert).lower()} | {TOTAL} "
                  f"| {elapsed:.1f} | {TOTAL / elapsed:,.0f} |")
            record(f"contact import, {'create' if not upsert else 'update existing (upsert)'}, batches of {batch:,},"
                   f" {TOTAL:,} contacts, {CONCURRENCY} in flight", f"{TOTAL / elapsed:,.0f} contacts/s")


def main():
    print(f"# bench/contacts.py {TOTAL} {CONCURRENCY} — {os.cpu_count()} cores, {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")
    if os.environ.get("BESIDE_ORG"):
        org = os.environ["BESIDE_ORG"]
        key = call("POST", f"/admin/v1/orgs/{org}/api-keys", {"name": "bench", "scopes": ["contacts"]}, ADMIN)["data"]["key"]
        folder = call("POST", "/api/v1/folders", {"name": f"Bench {time.time()}"}, key)["data"]["id"]
        for c in call("GET", "/api/v1/contacts?status=replied&limit=200", token=key)["data"]:
            call("PUT", f"/api/v1/contacts/{c['id']}", {"folder_id": folder}, key)
        lists_beside_an_import(key, folder)
        return
    if os.environ.get("LISTS_ONLY") != "1":
        # the JIT compilers of the services and of Kafka keep working through the first several imports after a
        # start (each run faster than the one before, from ~3,000/s to a steady rate); these runs are untimed
        for _ in range(int(os.environ.get("WARMUP", "6"))):
            elapsed = run_import(new_key(), 1000, False)
            print(f"warm-up import (not a result): {TOTAL} contacts in {elapsed:.1f} s")
        run_imports()
        if os.environ.get("IMPORTS_ONLY") == "1":
            return
    key = new_key()
    run_import(key, 1000, False, statuses=True)
    folder = call("POST", "/api/v1/folders", {"name": "Bench"}, key)["data"]["id"]
    listed = call("GET", "/api/v1/contacts?status=replied&limit=200", token=key)["data"]
    for c in listed:
        call("PUT", f"/api/v1/contacts/{c['id']}", {"folder_id": folder}, key)
    measure_lists(key, folder, "right after the import")
    # autovacuum does this on its own soon after a bulk write: it sets the visibility map (index-only
    # counts) and merges the trigram index's pending list
    if shutil.which("psql"):
        subprocess.run(["psql", "-q", "-h", os.environ.get("POSTGRES_HOST", "127.0.0.1"), "-p",
                        os.environ.get("POSTGRES_PORT", "15432"), "-U", os.environ.get("POSTGRES_USER", "outreachpilot"),
                        "-d", os.environ.get("POSTGRES_DB", "outreachpilot"), "-c", "vacuum analyze contacts.contact"],
                       env={**os.environ, "PGPASSWORD": os.environ.get("POSTGRES_PASSWORD", "outreachpilot")}, check=True)
        measure_lists(key, folder, "after VACUUM ANALYZE")
    imports_at_size(key)
    lists_beside_an_import(key, folder)


def imports_at_size(key):
    """Imports keep their speed at this size: 1,000-contact batches into a new organization, then into this one."""
    extra = max(10_000, min(100_000, TOTAL // 10))
    empty = run_import(new_key(), 1000, False, count=extra, first=TOTAL)
    full = run_import(key, 1000, False, count=extra, first=TOTAL)
    print(f"\n| import of {extra} contacts, batches of 1,000 | seconds | contacts/s |\n|---|---|---|")
    print(f"| into a new organization | {empty:.1f} | {extra / empty:,.0f} |")
    print(f"| into the organization holding {TOTAL} | {full:.1f} | {extra / full:,.0f} |")
    print(f"| ratio (holding {TOTAL} / new) | | {empty / full:.2f} |")
    record(f"contact import, batches of 1,000, {extra:,} contacts into a new organization", f"{extra / empty:,.0f} contacts/s")
    record(f"contact import, batches of 1,000, {extra:,} contacts into the organization holding {TOTAL:,}",
           f"{extra / full:,.0f} contacts/s")


def lists_beside_an_import(key, folder):
    """The lists again while other organizations import (1,000-contact batches, CONCURRENCY in flight) beside them."""
    stop = threading.Event()
    imported = [0]

    def importing():
        first = 10 * TOTAL
        while not stop.is_set():
            run_import(new_key(), 1000, False, count=20_000, first=first)
            imported[0] += 20_000
            first += 20_000

    thread = threading.Thread(target=importing, daemon=True)
    started = time.time()
    thread.start()
    measure_lists(key, folder, "while other organizations import beside the queries")
    stop.set()
    thread.join()
    print(f"(imported beside the queries: {imported[0]} contacts in {time.time() - started:.0f} s)")


def measure_lists(key, folder, when):
    print(f"\n| list ({TOTAL} contacts in one organization, {when}) | query | matches | p50 ms | p99 ms |\n|---|---|---|---|---|")
    LIST_CONTEXT[0] = when
    q = urllib.parse.quote
    latency(key, "first page", "/api/v1/contacts?limit=50")
    latency(key, "search, rare (one contact)", "/api/v1/contacts?search=" + q("person4242@"))
    latency(key, "search, common word", "/api/v1/contacts?search=" + q("growth"))
    latency(key, "search, name", "/api/v1/contacts?search=" + q("jürgen o'brien"))
    latency(key, "search, no match", "/api/v1/contacts?search=" + q("zzqx"))
    latency(key, "status filter", "/api/v1/contacts?status=replied&limit=200")
    latency(key, "folder filter", f"/api/v1/contacts?folder_id={folder}")
    latency(key, "deep offset", f"/api/v1/contacts?limit=200&offset={TOTAL - 500}")
    # the same depth by cursor: the position of the row before that offset, then the page right after it
    deep = call("GET", f"/api/v1/contacts?limit=1&offset={TOTAL - 501}", token=key)["meta"]["next_cursor"]
    latency(key, "deep cursor (same page)", f"/api/v1/contacts?limit=200&after={q(deep)}")
    start = call("GET", "/api/v1/contacts?limit=1", token=key)["meta"]["next_cursor"]
    latency(key, "cursor, second row on", f"/api/v1/contacts?limit=200&after={q(start)}")
    # every term once: a total counted for one question is reused only while nothing changed, so repeating a
    # query measures that reuse; these are first-time questions, each matching 8-12 % of the organization
    words = FIRST + LAST + COMPANIES + ["sales", "growth", "engineer", "account", "marketing", "head", "vp", "cfo"]
    some = call("GET", "/api/v1/contacts?limit=1", token=key)["data"][0]
    call("PUT", f"/api/v1/contacts/{some['id']}", {"title": some["title"]}, key)  # a write: totals counted afresh
    cold(key, "search, common word, each term asked once", ["/api/v1/contacts?search=" + q(w.lower()) for w in words])


def cold(key, name, paths):
    conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=30)
    samples, matches = [], []
    for path in paths:
        elapsed, result = timed_call("GET", path, token=key, conn=conn)
        samples.append(elapsed)
        matches.append(result["meta"]["total"])
    samples.sort()
    p99 = samples[max(0, int(len(samples) * 0.99) - 1)]
    print(f"| {name} | {len(paths)} terms | {min(matches)}–{max(matches)} | {statistics.median(samples):.1f} | {p99:.1f} |")
    record(f"contacts list, {TOTAL:,} in one organization, {LIST_CONTEXT[0]}: {name} ({len(paths)} terms,"
           f" {min(matches)}–{max(matches)} matches)", f"p50 {statistics.median(samples):.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
