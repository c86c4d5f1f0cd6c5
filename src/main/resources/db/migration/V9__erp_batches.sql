-- Batched ERP exports (routes/86-erp-export, docs/erp.md): the aggregator's persistent store,
-- Camel's JdbcAggregationRepository (camel-sql) named erp_batches. Orders waiting for their
-- batch (one open batch per connection, keyed by the connection's name) are in erp_batches; a
-- batch that is complete but not yet handed on is in erp_batches_completed (keyed by exchange
-- id) until it is, so neither is lost when the hub stops or dies. Column names and types are the
-- ones the repository's statements use; bytea is binary on PostgreSQL and on H2 alike.
create table erp_batches (
    id       varchar(255) not null primary key,
    exchange bytea        not null,
    version  bigint       not null
);

create table erp_batches_completed (
    id       varchar(255) not null primary key,
    exchange bytea        not null,
    version  bigint       not null
);
