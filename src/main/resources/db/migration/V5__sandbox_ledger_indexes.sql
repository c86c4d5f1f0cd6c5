-- The sandbox partners look their books up by reference, by parent (captures of an
-- authorisation, refunds of a capture) and, for the simulated shipper, by pending releases:
-- without these indexes each lookup scans a ledger that grows with every order (BENCHMARKS.md).
create index ix_sandbox_ledger_reference on sandbox_ledger (partner, operation, reference);
create index ix_sandbox_ledger_parent on sandbox_ledger (parent_ref);
create index ix_sandbox_ledger_pending on sandbox_ledger (operation, status, created_at);
