-- The day each fulfilment order was promised to arrive (or be ready for pickup) when it was
-- planned: what the customer's tracking shows until the carrier gives its own estimate.
alter table fulfilment_orders add column promised_date date;
