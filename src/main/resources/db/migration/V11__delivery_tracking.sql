-- Delivery tracking (routes/88-delivery-tracking.camel.yaml): the hub asks the carrier about each
-- shipped parcel until it is delivered. delivered_at is when the carrier says it was delivered
-- (UTC); tracking_status the carrier's last canonical status (in_transit, delivered, returned, ..);
-- tracking_checked_at when a hub instance last claimed the parcel for a check: the claim is a
-- conditional update of this column, so two instances never ask about one parcel at once.
alter table shipments add column delivered_at timestamp with time zone;
alter table shipments add column tracking_status varchar(32);
alter table shipments add column tracking_checked_at timestamp with time zone;
create index ix_shipments_tracking on shipments (delivered_at, tracking_checked_at);

-- The delivery log of one subscription, newest first (GET /api/webhooks/subscriptions/{name}/deliveries).
create index ix_webhook_deliveries_subscription on webhook_deliveries (subscription, id);
