-- Conversations with PilotPlus AI: a thread per conversation, its messages in order.

create table chat_thread (
    id             uuid primary key,
    org_id         text        not null,
    -- the first words of the thread's first message, to tell threads apart in a list
    title          text        not null,
    message_count  integer     not null default 0,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index chat_thread_org on chat_thread (org_id, updated_at desc, id);

-- One message of a thread: the client's (role user) or the agent's answer (role assistant) with the tool calls
-- it made (a JSON array of {name, arguments, result, ok, duration_ms}), the model and the tokens it used.
create table chat_message (
    id             uuid primary key,
    thread_id      uuid        not null references chat_thread (id) on delete cascade,
    org_id         text        not null,
    seq            integer     not null,
    role           text        not null check (role in ('user', 'assistant')),
    content        text        not null,
    tool_calls     text,
    model          text,
    input_tokens   integer,
    output_tokens  integer,
    credits_used   integer,
    created_at     timestamptz not null,
    unique (thread_id, seq)
);
