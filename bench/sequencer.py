#!/usr/bin/env python3
"""The sequencer's ceiling: emails/s from a backlog of due steps to the local SMTP sink, whole suite running.

Two backlogs are built while sending is off: a warm-up campaign (a third of the size) and the measured one,
which is then paused. campaigns-service is restarted with its sequencer on and drains the warm-up backlog
(so the JIT has compiled the sending path); the measured campaign is then resumed and its status read every
0.5 s while the sequencer works through it: emails/s between 10 % and 90 % of the audience sent. The SMTP
server is the local stack's sink (GreenMail), on the same 2 cores as everything else.

    CAMPAIGNS_SEQUENCER_ENABLED=false ./dev/up --detach
    bench/sequencer.py [contacts, default 10000] [trigger concurrency, default 8]
    ./dev/down

Other sequencer settings (CAMPAIGNS_SEQUENCER_BATCH_SIZE, POSTGRES_POOL_SIZE, SMTP_POOL_SIZE, …) given to
./dev/up apply as well; the restart keeps campaigns-service's environment but for the switch.
BENCH_SUMMARY=<file> also appends each result as a tab-separated line to that file (bench/summary.py).
"""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from campaigns import ROOT, call, campaign
from summary import record

TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 8
PIDS = os.path.join(ROOT, ".dev", "run", "pids")
LOG = os.path.join(ROOT, ".dev", "logs", "campaigns-service.log")


def campaigns_pid():
    for line in open(PIDS):
        pid, name = line.split()
        if name == "campaigns-service":
            return int(pid)
    raise SystemExit("campaigns-service is not in .dev/run/pids: start the stack with ./dev/up --detach")


def environment(pid):
    raw = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def restart_with_sequencer(pid):
    """Stops campaigns-service and starts it again as ./dev/up did, with the sequencer on (tracked by dev/down)."""
    command = [part.decode() for part in open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0") if part]
    env = environment(pid)
    env["CAMPAIGNS_SEQUENCER_ENABLED"] = "true"
    os.kill(pid, signal.SIGTERM)
    while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z":
        time.sleep(0.1)
    with open(LOG, "ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, cwd=ROOT)
    lines = [line for line in open(PIDS) if line.split()[1] != "campaigns-service"]
    with open(PIDS, "w") as pids:
        pids.writelines(lines + [f"{process.pid} campaigns-service\n"])
    port = env.get("MANAGEMENT_PORT", "9082")
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/q/health/ready", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.25)
    raise SystemExit("campaigns-service did not become ready again; see .dev/logs/campaigns-service.log")


def main():
    pid = campaigns_pid()
    if environment(pid).get("CAMPAIGNS_SEQUENCER_ENABLED") != "false":
        raise SystemExit("start the stack with CAMPAIGNS_SEQUENCER_ENABLED=false ./dev/up --detach (see --help)")
    admin = open(os.path.join(ROOT, ".dev", "env")).read().split("OP_ADMIN_TOKEN=")[1].split()[0]
    _, org = call("POST", "/admin/v1/orgs", {"name": f"sequencer bench {time.time_ns()}", "plan": "scale"}, admin)
    _, key = call("POST", f"/admin/v1/orgs/{org['data']['id']}/api-keys", {"name": "bench", "scopes": ["*"]}, admin)
    key = key["data"]["key"]
    run = time.time_ns()
    warm = campaign(key, "warm-up backlog")
    backlog = campaign(key, "backlog")

    def fill(campaign_id, count, prefix):
        next_index = [0]
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    i = next_index[0]
                    next_index[0] += 1
                if i >= count:
                    return
                call("POST", f"/api/v1/campaigns/{campaign_id}/trigger",
                     {"email": f"{prefix}{i}-{run}@bench.io", "first_name": "S", "company": "Bench"}, key)

        threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def sent(campaign_id):
        return call("GET", f"/api/v1/campaigns/{campaign_id}/status", None, key)[1]["data"]["steps"][0].get("sent", 0)

    fill(warm, TOTAL // 3, "w")
    started = time.perf_counter()
    fill(backlog, TOTAL, "s")
    built = time.perf_counter() - started
    call("POST", f"/api/v1/campaigns/{backlog}/pause", None, key)
    assert sent(warm) == 0 and sent(backlog) == 0, "the sequencer was on while the backlogs were built"

    restart_with_sequencer(pid)
    while sent(warm) < TOTAL // 3:
        time.sleep(0.5)
    call("POST", f"/api/v1/campaigns/{backlog}/activate", None, key)
    started = time.perf_counter()
    samples = []
    while not samples or samples[-1][1] < TOTAL:
        samples.append((time.perf_counter() - started, sent(backlog)))
        if samples[-1][0] > 1800:
            break
        time.sleep(0.5)
    low = next(s for s in samples if s[1] >= TOTAL * 0.1)
    high = next((s for s in samples if s[1] >= TOTAL * 0.9), samples[-1])
    rate = (high[1] - low[1]) / (high[0] - low[0]) if high[0] > low[0] else float("nan")
    print(f"# bench/sequencer.py {TOTAL} {CONCURRENCY}   ({time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())})")
    print(f"backlog: {TOTAL} due first steps built in {built:.1f} s ({TOTAL / built:.0f} triggers/s, sequencer off)")
    print(f"sending (after a {TOTAL // 3}-email warm-up): {samples[-1][1]} of {TOTAL} sent {samples[-1][0]:.1f} s"
          f" after the resume;"
          f" {rate:.0f} emails/s between 10 % and 90 % sent")
    record(f"campaign backlog built with the sequencer off: {TOTAL:,} triggers, {CONCURRENCY} in flight",
           f"{TOTAL / built:.0f} triggers/s")
    record(f"sequencer sending from a backlog of {TOTAL:,} due first steps to the SMTP sink, between 10 % and 90 % sent"
           f" ({samples[-1][1]} of {TOTAL} sent {samples[-1][0]:.1f} s after the resume)", f"{rate:.0f} emails/s")


if __name__ == "__main__":
    main()
