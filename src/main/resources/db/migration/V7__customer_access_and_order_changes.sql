-- Customer self-service: access tokens and the changes customers and agents make to orders.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.

-- A customer's access to one order. Only the SHA-256 of the token is kept: the token itself is
-- handed out once (in the intake answer, or when a new one is issued) and never stored.
create table customer_access_tokens (
    token_hash  char(64)                 not null primary key,
    order_id    varchar(36)              not null references orders (id),
    issued_by   varchar(128)             not null,
    created_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone,
    revoked_by  varchar(128)
);
create index ix_customer_access_tokens_order on customer_access_tokens (order_id);

-- Each change to an order after intake (shipping details, cancellation of lines or of the whole
-- order), with who asked and why. The id keys the change's effects on partners (tax, payment,
-- carrier intercepts), so a redelivered follow-up never repeats them.
create table order_changes (
    id          varchar(36)              not null primary key,
    order_id    varchar(36)              not null references orders (id),
    kind        varchar(32)              not null,
    actor_type  varchar(16)              not null,
    actor_id    varchar(128)             not null,
    reason      varchar(1000),
    detail      text                     not null,
    created_at  timestamp with time zone not null
);
create index ix_order_changes_order on order_changes (order_id, created_at);
