-- Campaigns, their audience (one enrollment per contact per campaign) and every email sent.

create table campaign (
    id            uuid primary key,
    org_id        text        not null,
    name          text        not null,
    -- draft → active ⇄ paused → completed
    status        text        not null check (status in ('draft', 'active', 'paused', 'completed')),
    -- JSON documents of the domain's values (Sender, [Step], Schedule, Settings), read and written whole
    sender        text,
    steps         text        not null default '[]',
    schedule      text        not null,
    settings      text        not null,
    deleted_at    timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create index campaign_org on campaign (org_id, created_at, id) where deleted_at is null;
create index campaign_org_status on campaign (org_id, status, created_at, id) where deleted_at is null;

-- A contact in a campaign's audience, with what its emails need copied from the contact at enrollment
-- (the sequencer has no caller and calls no other service).
create table enrollment (
    id              uuid primary key,
    org_id          text        not null,
    campaign_id     uuid        not null references campaign (id) on delete cascade,
    contact_id      uuid        not null,
    email           text        not null,
    first_name      text,
    last_name       text,
    company         text,
    title           text,
    context         text        not null default '{}',
    -- active (has a step due), paused, completed (every step sent), bounced, failed, unsubscribed
    status          text        not null
                    check (status in ('active', 'paused', 'completed', 'bounced', 'failed', 'unsubscribed')),
    -- index of the next step to send (0-based); equals the number of steps sent
    current_step    int         not null default 0,
    -- when the current step is due; while a send is in flight it is pushed out as a lease
    next_send_at    timestamptz,
    attempts        int         not null default 0,
    last_error      text,
    last_sent_at    timestamptz,
    last_opened_at  timestamptz,
    last_clicked_at timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (campaign_id, contact_id)
);
-- status counts (GET …/status) are an index-only scan of one campaign's range
create index enrollment_campaign_status on enrollment (campaign_id, status);
create index enrollment_campaign_list on enrollment (campaign_id, created_at, id);
create index enrollment_due on enrollment (next_send_at) where status = 'active';
create index enrollment_contact on enrollment (org_id, contact_id);
