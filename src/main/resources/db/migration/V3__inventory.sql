-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).
-- Locations are configuration (config/locations.yaml), not rows: stock names them by id.

-- Stock of one SKU at one location. Available-to-promise (ATP) is
-- on_hand - reserved - safety_stock; reserved never exceeds on_hand, so shipping what is
-- reserved can never drive on_hand below zero.
create table stock_levels (
    location_id  varchar(64)              not null,
    sku          varchar(64)              not null,
    on_hand      int                      not null,
    reserved     int                      not null,
    safety_stock int                      not null,
    updated_at   timestamp with time zone not null,
    primary key (location_id, sku),
    constraint ck_stock_levels_counts check (on_hand >= 0 and reserved >= 0 and safety_stock >= 0
                                             and reserved <= on_hand)
);
create index ix_stock_levels_sku on stock_levels (sku);

-- The plan sourcing made for an order. Kept so that a repeated reserveAndPlan (queue
-- redelivery) answers with the same plan instead of reserving a second time.
create table fulfilment_plans (
    order_id   varchar(36)              not null primary key,
    plan_json  text                     not null,
    created_at timestamp with time zone not null
);

-- Units held for one order line at one location. quantity is what is still held; consumed
-- (shipped) and released (cancelled, declined, expired) count what has left the hold.
create table stock_reservations (
    order_id        varchar(36)              not null,
    line_number     int                      not null,
    location_id     varchar(64)              not null,
    sku             varchar(64)              not null,
    quantity        int                      not null,
    consumed        int                      not null,
    released        int                      not null,
    release_reason  varchar(1000),
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    primary key (order_id, line_number, location_id),
    constraint ck_stock_reservations_counts check (quantity >= 0 and consumed >= 0 and released >= 0)
);
create index ix_stock_reservations_expiry on stock_reservations (expires_at);
create index ix_stock_reservations_stock on stock_reservations (location_id, sku);
