#!/usr/bin/env python3
"""Campaigns at scale, through the gateway with a real API key, against the local stack's SMTP sink.

1. Trigger latency: sequential triggers of new contacts (each finds-or-creates the contact in contacts-service
   with the caller's token, then enrolls it), p50/p99 after a warm-up.
2. Sending rate: N contacts are triggered into an active campaign (several requests in flight), then the
   sequencer's throughput is read from the campaign's status while it works through the backlog: emails/s
   between 10 % and 90 % of the audience sent (SMTP: the local sink).
3. Status latency with N enrolled contacts: sequential GET …/status, p50/p99.

Needs a running stack (./dev/up --detach). The sequencer sends as fast as the machine allows: the campaign's
window is always open and its daily limit above N.
    bench/campaigns.py [contacts, default 10000] [concurrency, default 8]
"""
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(line.strip().split("=", 1) for line in open(os.path.join(ROOT, ".dev", "env")) if "=" in line)
GATEWAY = urllib.parse.urlparse(ENV["GATEWAY_URL"])
ADMIN = ENV["OP_ADMIN_TOKEN"]
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 8
local = threading.local()


def conn():
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=120)
    return local.conn


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
    while True:
        started = time.perf_counter()
        try:
            conn().request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            response = conn().getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # a kept-alive connection the gateway closed after its idle timeout (150 s): reconnect once, as
            # HTTP clients do for a connection that was closed while it sat in the pool
            local.conn.close()
            del local.conn
            started = time.perf_counter()
            conn().request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            response = conn().getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 429:
            break
        time.sleep(float(response.getheader("Retry-After") or 1))
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status} {data[:300]!r}")
    return elapsed, json.loads(data)


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def campaign(key, name):
    _, created = call("POST", "/api/v1/campaigns", {
        "name": name, "sender": {"from_name": "Bench", "from_email": "bench@seller.io"},
        # a second step a month later keeps the campaign active (it completes when everyone is done)
        "steps": [{"subject": "Hi {{first_name|there}}", "body": "Hello {{first_name|there}}: https://seller.io/x"},
                  {"subject": "Later", "body": "Still there?", "delay": {"days": 30}}],
        "schedule": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                     "start": "00:00", "end": "23:59"},
        "settings": {"daily_limit": 100_000, "track_opens": True, "track_clicks": True}}, key)
    cid = created["data"]["id"]
    call("POST", f"/api/v1/campaigns/{cid}/activate", None, key)
    return cid


def main():
    _, org = call("POST", "/admin/v1/orgs", {"name": f"campaigns bench {time.time_ns()}", "plan": "scale"}, ADMIN)
    org_id = org["data"]["id"]
    _, key = call("POST", f"/admin/v1/orgs/{org_id}/api-keys", {"name": "bench", "scopes": ["*"]}, ADMIN)
    key = key["data"]["key"]
    run = time.time_ns()

    warm = campaign(key, "warm-up")
    for i in range(300):
        call("POST", f"/api/v1/campaigns/{warm}/trigger", {"email": f"warm{i}-{run}@bench.io", "first_name": "W"}, key)
    timed = campaign(key, "trigger latency")
    triggers = [call("POST", f"/api/v1/campaigns/{timed}/trigger",
                     {"email": f"t{i}-{run}@bench.io", "first_name": "T"}, key)[0] for i in range(500)]

    big = campaign(key, "backlog")
    next_index = [0]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= TOTAL:
                return
            call("POST", f"/api/v1/campaigns/{big}/trigger", {"email": f"c{i}-{run}@bench.io", "first_name": "C"}, key)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for t in threads:
        t.start()
    samples = []
    while any(t.is_alive() for t in threads) or not samples or samples[-1][1] < TOTAL:
        _, status = call("GET", f"/api/v1/campaigns/{big}/status", None, key)
        sent = status["data"]["steps"][0].get("sent", 0)
        samples.append((time.perf_counter() - started, sent))
        if time.perf_counter() - started > 1800:
            break
        time.sleep(0.5)
    low = next(s for s in samples if s[1] >= TOTAL * 0.1)
    high = next((s for s in samples if s[1] >= TOTAL * 0.9), samples[-1])
    rate = (high[1] - low[1]) / (high[0] - low[0]) if high[0] > low[0] else float("nan")

    statuses = [call("GET", f"/api/v1/campaigns/{big}/status", None, key)[0] for _ in range(300)]

    print(f"# bench/campaigns.py {TOTAL} {CONCURRENCY}   ({time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())})")
    p50, p99 = percentiles(triggers)
    print(f"trigger (new contact, sequential, after 300 warm-up)   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    print(f"sending: {samples[-1][1]} of {TOTAL} sent in {samples[-1][0]:.1f} s after the first trigger;"
          f" {rate:.0f} emails/s between 10 % and 90 % sent")
    p50, p99 = percentiles(statuses)
    print(f"status with {TOTAL} enrolled (sequential)              p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")


if __name__ == "__main__":
    main()
