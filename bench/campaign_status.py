#!/usr/bin/env python3
"""GET /api/v1/campaigns/:id/status with a large audience, through the gateway.

Triggering 100,000 contacts one by one takes half an hour here, so the audience is written straight into the
local stack's PostgreSQL (psql, one INSERT … SELECT generate_series): a realistic mix of members and their
emails, as the sequencer leaves them: 60 % active on step 2 (step 1 sent, a third of those opened, a tenth
clicked), 25 % completed (both steps sent), 5 % bounced, 5 % unsubscribed, 5 % active not yet sent. Nothing in
it is due (the next sends are a month away), so the sequencer leaves it alone. Then 200 untimed and 1,000
timed sequential status calls: p50/p99.

    ./dev/up --detach
    bench/campaign_status.py [members, default 100000]
"""
import os
import subprocess
import sys
import time

from campaigns import ROOT, call, campaign, percentiles

TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def psql(sql):
    env = dict(os.environ, PGPASSWORD=os.environ.get("POSTGRES_PASSWORD", "outreachpilot"))
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ.get("POSTGRES_HOST", "127.0.0.1"),
                    "-p", os.environ.get("POSTGRES_PORT", "15432"), "-U", os.environ.get("POSTGRES_USER", "outreachpilot"),
                    "-d", os.environ.get("POSTGRES_DB", "outreachpilot"), "-c", sql], check=True, env=env)


def main():
    admin = open(os.path.join(ROOT, ".dev", "env")).read().split("OP_ADMIN_TOKEN=")[1].split()[0]
    _, org = call("POST", "/admin/v1/orgs", {"name": f"status bench {time.time_ns()}", "plan": "scale"}, admin)
    org_id = org["data"]["id"]
    _, key = call("POST", f"/admin/v1/orgs/{org_id}/api-keys", {"name": "bench", "scopes": ["*"]}, admin)
    key = key["data"]["key"]
    cid = campaign(key, "status at scale")
    started = time.perf_counter()
    psql(f"""
        create temp table members as
          select gen_random_uuid() as id, gen_random_uuid() as contact_id, i,
                 case when i % 20 < 12 then 'active1' when i % 20 < 17 then 'completed' when i % 20 = 17 then 'bounced'
                      when i % 20 = 18 then 'unsubscribed' else 'active0' end as kind
          from generate_series(1, {TOTAL}) i;
        insert into campaigns.enrollment (id, org_id, campaign_id, contact_id, email, first_name, status, current_step,
                                          next_send_at, created_at, updated_at)
          select id, '{org_id}', '{cid}', contact_id, 'm' || i || '@status-bench.io', 'M',
                 case kind when 'active1' then 'active' when 'active0' then 'active' else kind end,
                 case kind when 'active1' then 1 when 'completed' then 2 else 0 end,
                 case when kind like 'active%' then now() + interval '30 days' end, now(), now()
          from members;
        insert into campaigns.email (id, org_id, campaign_id, enrollment_id, contact_id, step, message_id, status,
                                     sent_at, opened_at, clicked_at, created_at, updated_at, token)
          select gen_random_uuid(), '{org_id}', '{cid}', id, contact_id, 0, '<' || id || '@bench>',
                 case kind when 'bounced' then 'bounced' else 'sent' end,
                 case when kind <> 'bounced' then now() end,
                 case when i % 3 = 0 and kind <> 'bounced' then now() end,
                 case when i % 10 = 0 and kind <> 'bounced' then now() end, now(), now(), md5(id::text || 's0')
          from members where kind <> 'active0';
        insert into campaigns.email (id, org_id, campaign_id, enrollment_id, contact_id, step, message_id, status,
                                     sent_at, created_at, updated_at, token)
          select gen_random_uuid(), '{org_id}', '{cid}', id, contact_id, 1, '<' || id || '.2@bench>', 'sent', now(),
                 now(), now(), md5(id::text || 's1')
          from members where kind = 'completed';
        analyze campaigns.enrollment;
        analyze campaigns.email;
    """)
    seeded = time.perf_counter() - started
    _, status = call("GET", f"/api/v1/campaigns/{cid}/status", None, key)
    audience = status["data"]["audience"]
    assert audience["total"] == TOTAL, audience
    for _ in range(200):
        call("GET", f"/api/v1/campaigns/{cid}/status", None, key)
    samples = [call("GET", f"/api/v1/campaigns/{cid}/status", None, key)[0] for _ in range(1000)]
    p50, p99 = percentiles(samples)
    print(f"# bench/campaign_status.py {TOTAL}   ({time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())})")
    print(f"audience seeded in {seeded:.1f} s: {audience}")
    print(f"status with {TOTAL} enrolled (sequential, after 200 warm-up)   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")


if __name__ == "__main__":
    main()
