-- Every email of a campaign step to an enrolled contact: at most one per (enrollment, step). The row is written
-- before the email is handed to SMTP, so a crash between the two is seen and the step is not sent again.
create table email (
    id             uuid primary key,
    org_id         text        not null,
    campaign_id    uuid        not null,
    enrollment_id  uuid        not null references enrollment (id) on delete cascade,
    contact_id     uuid        not null,
    step           int         not null,
    message_id     text        not null,
    -- sending (handed or about to be handed to SMTP), sent, deferred (a transient failure; retried),
    -- bounced (permanent refusal), failed (retries exhausted), interrupted (a crash left it in sending)
    status         text        not null
                   check (status in ('sending', 'sent', 'deferred', 'bounced', 'failed', 'interrupted')),
    attempts       int         not null default 1,
    last_error     text,
    sent_at        timestamptz,
    opened_at      timestamptz,
    clicked_at     timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    unique (enrollment_id, step)
);
create index email_campaign_step on email (campaign_id, step, status);

-- Emails reserved per campaign and day (in the campaign's time zone), so replicas never exceed the daily limit.
create table send_quota (
    campaign_id  uuid not null,
    day          date not null,
    used         int  not null,
    primary key (campaign_id, day)
);
