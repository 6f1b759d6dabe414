#!/usr/bin/env python3
"""Webhook delivery, end to end through the running stack.

Events come from the real path: contacts created through the gateway → outbox → Kafka → webhook-dispatcher
→ signed POST to a receiver in this script (on 127.0.0.1, which ./dev/up allow-lists).

1. Latency: contacts created at a steady rate (default 200/s, in small batches), one subscription;
   event→POST latency = arrival at the receiver − the event's own timestamp (set when the contact's
   transaction wrote it), p50/p99.
2. Throughput: N subscriptions (default 5) to contact.created, then a bulk import of M contacts
   (default 10,000) → N×M deliveries; deliveries/s while they drain. 0 subscriptions or 0 contacts skip this part.

BENCH_SUMMARY=<file> also appends each result as a tab-separated line to that file (bench/summary.py).
    bench/webhooks.py [rate] [seconds] [subscriptions] [contacts]
"""
import datetime
import http.client
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

from summary import record

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(line.strip().split("=", 1) for line in open(os.path.join(ROOT, ".dev", "env")) if "=" in line)
GATEWAY = urllib.parse.urlparse(ENV["GATEWAY_URL"])
ADMIN = ENV["OP_ADMIN_TOKEN"]
RATE = int(sys.argv[1]) if len(sys.argv) > 1 else 200
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
SUBSCRIPTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
CONTACTS = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000

arrivals = {}  # path -> list of (arrival, event timestamp)
ids = {}  # path -> webhook-id of each arrival (a redelivery shows up twice)
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the dispatcher's client expects

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.time()
        stamp = json.loads(body)["timestamp"]
        with lock:
            arrivals.setdefault(self.path, []).append((now, stamp))
            ids.setdefault(self.path, []).append(self.headers.get("webhook-id"))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def call(method, path, body, token, conn=None):
    conn = conn or http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
    conn.request(method, path, body=json.dumps(body), headers={"Authorization": "Bearer " + token,
                                                               "Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status} {data[:300]!r}")
    return json.loads(data)


def new_key():
    org = call("POST", "/admin/v1/orgs", {"name": f"webhook bench {time.time()}", "plan": "scale"}, ADMIN)["data"]["id"]
    return call("POST", f"/admin/v1/orgs/{org}/api-keys", {"name": "bench", "scopes": ["contacts", "campaigns"]},
                ADMIN)["data"]["key"]


def epoch(iso):
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"# bench/webhooks.py {RATE} {SECONDS} {SUBSCRIPTIONS} {CONTACTS} — {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")

    # 1. latency at a steady event rate
    key = new_key()
    call("POST", "/api/v1/webhooks", {"url": base + "/latency", "events": ["contact.created"]}, key)
    conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=60)
    per_tick, tick = max(1, RATE // 20), 0.05
    sent, start = 0, time.time()
    while time.time() - start < SECONDS:
        batch = [{"email": f"l{sent + i}@latency.example"} for i in range(per_tick)]
        call("POST", "/api/v1/contacts", {"contacts": batch}, key, conn)
        sent += per_tick
        time.sleep(max(0.0, start + (sent / per_tick) * tick - time.time()))
    sending = time.time() - start
    deadline = time.time() + 60
    while len(arrivals.get("/latency", [])) < sent and time.time() < deadline:
        time.sleep(0.1)
    got = arrivals.get("/latency", [])
    distinct = len(set(ids.get("/latency", [])))
    again = f", {len(got) - distinct} delivered twice" if len(got) > distinct else ""
    warm = got[len(got) // 10:]  # the first tenth warms the path
    latencies = [(arrived - epoch(stamp)) * 1000 for arrived, stamp in warm]
    print(f"\n| steady events | sent | delivered | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|")
    print(f"| {RATE}/s for {SECONDS} s | {sent} | {distinct}{again} | {percentile(latencies, 0.5):.0f} "
          f"| {percentile(latencies, 0.9):.0f} | {percentile(latencies, 0.99):.0f} | {max(latencies):.0f} |")
    record(f"webhook latency (event → POST received), {RATE} events/s asked for {SECONDS} s"
           f" ({sent / sending:.0f}/s sent, {distinct} of {sent} delivered{again}, first tenth left out)",
           f"p50 {percentile(latencies, 0.5):.0f} ms, p90 {percentile(latencies, 0.9):.0f} ms,"
           f" p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms")
    if SUBSCRIPTIONS == 0 or CONTACTS == 0:
        server.shutdown()
        return

    # 2. throughput while a backlog drains
    key = new_key()
    for n in range(SUBSCRIPTIONS):
        call("POST", "/api/v1/webhooks", {"url": f"{base}/bulk{n}", "events": ["contact.created"]}, key)
    for start_at in range(0, CONTACTS, 1000):
        batch = [{"email": f"b{i}@bulk.example"} for i in range(start_at, min(CONTACTS, start_at + 1000))]
        call("POST", "/api/v1/contacts", {"contacts": batch}, key)
    expected = SUBSCRIPTIONS * CONTACTS
    deadline = time.time() + 600
    while time.time() < deadline:
        with lock:
            total = sum(len(v) for k, v in arrivals.items() if k.startswith("/bulk"))
        if total >= expected:
            break
        time.sleep(0.2)
    with lock:
        times = sorted(t for k, v in arrivals.items() if k.startswith("/bulk") for t, _ in v)
    middle = times[len(times) // 10: len(times) * 9 // 10]  # steady part, without ramp-up and tail
    rate = (len(middle) - 1) / (middle[-1] - middle[0])
    print(f"\n| backlog | deliveries | delivered | seconds (all) | deliveries/s (middle 80%) |\n|---|---|---|---|---|")
    print(f"| {SUBSCRIPTIONS} subscriptions × {CONTACTS} contacts | {expected} | {len(times)} "
          f"| {times[-1] - times[0]:.1f} | {rate:,.0f} |")
    record(f"webhook drain: {SUBSCRIPTIONS} subscriptions × {CONTACTS:,} contacts ({len(times)} of {expected}"
           f" delivered in {times[-1] - times[0]:.1f} s), middle 80 %", f"{rate:,.0f} deliveries/s")
    server.shutdown()


if __name__ == "__main__":
    main()
