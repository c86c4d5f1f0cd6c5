-- Searches compare phone numbers by their digits after an optional leading + (see
-- io.orderhub.order.OrderRepository.searchablePhone, which writes new orders so). Numbers stored
-- before lose the separators people type; the order's document keeps the number as given.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
update orders
set customer_phone = replace(replace(replace(replace(replace(replace(replace(customer_phone,
        ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), chr(9), '')
where customer_phone is not null;
