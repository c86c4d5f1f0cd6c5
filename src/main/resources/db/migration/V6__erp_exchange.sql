-- The ERP exchange over FTP (routes/86-erp-export, routes/87-erp-import, docs/erp.md).

-- Each order is exported once per ERP connection: a redelivered export request finds its row.
create table erp_exports (
    order_id        varchar(36)              not null references orders (id),
    connection_name varchar(64)              not null,
    file_name       varchar(255)             not null,
    exported_at     timestamp with time zone not null,
    primary key (order_id, connection_name)
);

-- Inbound files by key (hash of name, size and SHA-256 of the content): what was applied so far
-- (the last line, so a restart in the middle of a file resumes after it), what was rejected, and
-- how the file ended.
create table erp_imports (
    file_key          char(64)                 not null,
    connection_name   varchar(64)              not null,
    file_name         varchar(255)             not null,
    file_size         bigint                   not null,
    checksum          char(64)                 not null,
    kind              varchar(32)              not null,
    status            varchar(16)              not null,
    last_line_applied int                      not null,
    lines_applied     int                      not null,
    lines_rejected    int                      not null,
    problems          varchar(4000),
    started_at        timestamp with time zone not null,
    finished_at       timestamp with time zone,
    primary key (file_key, connection_name)
);

-- Invoices and acknowledgements from the ERPs, each recorded once by type and number.
create table erp_documents (
    connection_name varchar(64)              not null,
    document_type   varchar(32)              not null,
    document_number varchar(128)             not null,
    order_id        varchar(36)              not null references orders (id),
    amount          decimal(19, 4),
    currency        char(3),
    issued_at       timestamp with time zone,
    received_at     timestamp with time zone not null,
    primary key (connection_name, document_type, document_number)
);
create index ix_erp_documents_order on erp_documents (order_id);

-- Camel's JDBC idempotent repository (camel-sql JdbcMessageIdRepository), in the shape it
-- queries; created here so both databases get it from Flyway rather than at first use. Unquoted
-- names: H2 and PostgreSQL each fold them the same way in Camel's statements as here.
create table CAMEL_MESSAGEPROCESSED (
    processorName varchar(255) not null,
    messageId     varchar(100) not null,
    createdAt     timestamp,
    primary key (processorName, messageId)
);
