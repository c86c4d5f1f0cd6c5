-- The sandbox payment partner's lookups by parent (captures under an authorisation) and by order
-- (authorisations of an order) filter on partner and operation too. H2 then chose the unique
-- (partner, operation, idempotency_key) index, whose prefix matches two columns, over the one-column
-- parent_ref / order_ref indexes: a range scan over every capture or authorisation of the partner,
-- 17 % of the hub's CPU samples in a 19-minute benchmark run (bench/results/20261127T154800Z-full.json).
-- With these, both queries seek on the reference first.
create index ix_sandbox_ledger_parent_op on sandbox_ledger (parent_ref, partner, operation);
create index ix_sandbox_ledger_order_op on sandbox_ledger (order_ref, partner, operation);
