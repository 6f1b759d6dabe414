#!/usr/bin/env python3
"""The events feed at a million events in one organization, through the gateway.

Needs a running stack (./dev/up --detach) whose .dev/env names the gateway and the admin token, and psql on the
PATH (POSTGRES_* as ./dev/up sets them; the defaults are its embedded database).

1. One organization gets real events the real way: contacts imported through the gateway become outbox events,
   Kafka records and feed rows stored by webhook-dispatcher (waited for through GET /api/v1/events).
2. The feed is then filled to EVENTS rows for that organization, plus OTHERS rows spread over 100 other
   organizations interleaved with them, in transactions of 100,000 rows (the webhook-dispatcher's own table,
   written with SQL: a million events through Kafka would measure the import, not the feed), and analyzed.
3. Latency of what a poller does, p50/p99 over the samples, after a warm-up: the first page, a walk of the
   whole feed page by page following meta.next_cursor, random deep cursors, type filters (common, two merged,
   rare), one event by id, and polling at the head (nothing new).

    bench/events.py [events] [others]       (defaults 1000000 500000)
"""
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(line.strip().split("=", 1) for line in open(os.path.join(ROOT, ".dev", "env")) if "=" in line)
GATEWAY = urllib.parse.urlparse(ENV["GATEWAY_URL"])
ADMIN = ENV["OP_ADMIN_TOKEN"]
EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OTHERS = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
REAL = 1000  # events made through the API before the table is filled
PAGE = 100


def call(method, path, body=None, token=ADMIN, conn=None):
    conn = conn or http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status} {data[:300]!r}")
    return json.loads(data)


def timed_get(path, key, conn):
    """(milliseconds, parsed answer); a 429 (the key's plan rate limit, 100/s on scale) is waited out, not timed."""
    while True:
        start = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": "Bearer " + key})
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 429:
            break
        time.sleep(float(response.getheader("Retry-After") or 1))
    if response.status != 200:
        raise RuntimeError(f"GET {path} -> {response.status} {data[:300]!r}")
    return elapsed, json.loads(data)


def psql(sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ.get("POSTGRES_HOST", "127.0.0.1"),
                    "-p", os.environ.get("POSTGRES_PORT", "15432"), "-U", os.environ.get("POSTGRES_USER", "outreachpilot"),
                    "-d", os.environ.get("POSTGRES_DB", "outreachpilot"), "-c", sql],
                   env={**os.environ, "PGPASSWORD": os.environ.get("POSTGRES_PASSWORD", "outreachpilot")}, check=True)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(len(values) * p) - 1))]


def row(name, query, samples, rows):
    print(f"| {name} | `{query}` | {len(samples)} | {rows} | {statistics.median(samples):.1f} "
          f"| {percentile(samples, 0.99):.1f} | {max(samples):.1f} |", flush=True)


# Type mix of a busy sales workspace; campaign.completed is the rare one (1 in 10,000)
FILL = """
insert into webhooks.event_feed (id, org_id, type, occurred_at, body)
select e.id, e.org, e.type, e.at,
       json_build_object('id', e.id, 'type', e.type, 'timestamp', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                         'data', json_build_object('id', 'c_' || md5(e.i::text), 'email', 'person' || e.i || '@bench.example',
                                                   'first_name', 'Person', 'last_name', 'Number ' || e.i,
                                                   'company', 'Company ' || (e.i % 5000), 'status', 'new',
                                                   'tags', json_build_array('bench', 'feed')))::text
from (select i, 'evt_' || substr(md5('{seed}' || i), 1, 32) as id,
             case when (i::bigint * {others}) / {total} > ((i - 1)::bigint * {others}) / {total} then 'org_other_' || (i % 100)
                  else '{org}' end as org,
             case when i % 10000 = 7 then 'campaign.completed'
                  when i % 100 < 40 then 'contact.created' when i % 100 < 70 then 'contact.updated'
                  when i % 100 < 85 then 'email.sent' when i % 100 < 95 then 'email.opened' else 'email.clicked' end as type,
             now() - interval '7 days' + (i * interval '1 millisecond') * (604800000.0 / {total}) as at
      from generate_series({start}, {end}) as i) e
"""


def fill(org):
    # the other organizations' rows are spread evenly among the organization's
    total = EVENTS - REAL + OTHERS
    step = 100_000
    seed = str(time.time())
    started = time.time()
    for start in range(1, total + 1, step):
        psql(FILL.format(seed=seed, org=org, others=OTHERS, total=total, start=start, end=min(total, start + step - 1)))
    psql("vacuum analyze webhooks.event_feed")
    return time.time() - started


def main():
    print(f"# bench/events.py {EVENTS} {OTHERS} — {os.cpu_count()} cores, {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")
    org = call("POST", "/admin/v1/orgs", {"name": f"events bench {time.time()}", "plan": "scale"})["data"]["id"]
    key = call("POST", f"/admin/v1/orgs/{org}/api-keys", {"name": "bench", "scopes": ["contacts", "campaigns"]})["data"]["key"]

    # 1. real events through the whole path
    started = time.time()
    for at in range(0, REAL, 500):
        call("POST", "/api/v1/contacts", {"contacts": [{"email": f"real{i}@feed.example"} for i in range(at, at + 500)]}, key)
    seen = 0
    while seen < REAL and time.time() - started < 120:
        page = call("GET", "/api/v1/events?limit=200&types=contact.created", token=key)
        cursor = page["meta"]["next_cursor"]
        seen = len(page["data"])
        while page["meta"]["has_more"]:
            page = call("GET", f"/api/v1/events?limit=200&types=contact.created&after={cursor}", token=key)
            cursor = page["meta"]["next_cursor"]
            seen += len(page["data"])
        time.sleep(0.2)
    print(f"\n{seen} real events (contact imports through the gateway) in the feed after {time.time() - started:.1f} s")
    if seen < REAL:
        raise SystemExit("the real events did not reach the feed")

    # 2. the million
    seconds = fill(org)
    print(f"filled to {EVENTS:,} events for the organization and {OTHERS:,} of 100 others in {seconds:.0f} s "
          f"(SQL, then VACUUM ANALYZE)\n")

    conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=30)
    first = f"/api/v1/events?limit={PAGE}"
    for _ in range(200):  # warm-up: JIT, connection pools, the plan cache, the index's upper levels
        timed_get(first, key, conn)
    print(f"| feed ({EVENTS:,} events in one organization, {EVENTS + OTHERS:,} in the table) | query | requests "
          f"| rows per page | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|")
    samples = [timed_get(first, key, conn)[0] for _ in range(500)]
    row("first page", first, samples, PAGE)

    # the whole feed, page after page, as a consumer catching up reads it
    samples, cursors, ids, rows, cursor = [], [], [], 0, None
    while True:
        path = first + (f"&after={cursor}" if cursor else "")
        elapsed, page = timed_get(path, key, conn)
        samples.append(elapsed)
        rows += len(page["data"])
        if page["data"]:
            ids.append(page["data"][len(page["data"]) // 2]["id"])
        cursor = page["meta"]["next_cursor"]
        cursors.append(cursor)
        if not page["meta"]["has_more"]:
            break
    row("walk of the whole feed", first + "&after=<next_cursor>", samples, PAGE)
    if rows != EVENTS:
        raise SystemExit(f"the walk read {rows} events, not {EVENTS}")
    end = cursor

    rng = random.Random(42)
    deep = [rng.choice(cursors) for _ in range(1000)]
    row("random deep cursor", first + "&after=<random>", [timed_get(f"{first}&after={c}", key, conn)[0] for c in deep], PAGE)
    for name, types in (("one common type (40 %)", "contact.created"),
                        ("two types merged (14 %)", "email.opened,email.clicked"),
                        ("rare type (1 in 10,000), whole feed", "campaign.completed")):
        query = f"{first}&types={types}"
        samples = [timed_get(f"{query}&after={c}" if c else query, key, conn)[0] for c in [None] * 100 + deep[:500]]
        row(name + ", random cursors", query + "&after=<random>", samples, "≤ " + str(PAGE))
    row("one event by id", "/api/v1/events/<id>",
        [timed_get(f"/api/v1/events/{rng.choice(ids)}", key, conn)[0] for _ in range(1000)], 1)
    row("poll at the head (nothing new)", first + "&after=<last>",
        [timed_get(f"{first}&after={end}", key, conn)[0] for _ in range(1000)], 0)


if __name__ == "__main__":
    main()
