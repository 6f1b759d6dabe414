-- Tracking: each email's random token (its links carry it, signed; never an id) and the links it contained, the
-- only addresses a click on it may be redirected to.
alter table email add column token text;
alter table email add column links text not null default '[]';
update email set token = replace(id::text, '-', '') where token is null;
alter table email alter column token set not null;
create unique index email_token on email (token);

-- Contacts an organization may not mail any more (unsubscribed or bounced), by contact and by address.
create table suppression (
    org_id      text        not null,
    contact_id  uuid        not null,
    email       text        not null,
    reason      text        not null check (reason in ('unsubscribed', 'bounced')),
    created_at  timestamptz not null,
    primary key (org_id, contact_id)
);
create index suppression_email on suppression (org_id, email);
