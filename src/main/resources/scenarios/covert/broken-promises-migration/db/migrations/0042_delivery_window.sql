-- 0042: delivery windows for checkout (release 5.12)
ALTER TABLE orders ADD COLUMN delivery_window tstzrange;
UPDATE orders SET delivery_window = tstzrange(promised_at, promised_at + interval '2 hours') WHERE status = 'open';
