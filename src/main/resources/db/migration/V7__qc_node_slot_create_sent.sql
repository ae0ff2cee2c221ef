-- When a task holding a node slot sent its backtests/create. A slot with a create sent and no
-- backtest id yet is "in flight": QuantConnect may or may not count its backtest yet, so a sibling
-- reading the nodes waits for it to settle instead of counting it twice (or not at all).
alter table qc_node_slot add column create_sent_at timestamp with time zone;
