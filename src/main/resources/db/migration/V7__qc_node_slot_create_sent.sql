-- When a task holding a node slot sent its backtests/create. A slot with a create sent and no
-- backtest id yet is "in flight": QuantConnect may or may not count its backtest yet, so a sibling
-- reading the nodes waits for it to settle instead of counting it twice (or not at all).
alter table qc_node_slot add column create_sent_at timestamp with time zone;

-- When a backtest of Tasklane's on this slot last ended (or was deleted): the node was in our hands
-- until then, so the task that takes the slot right after needs no nodes read before its create.
alter table qc_node_slot add column node_freed_at timestamp with time zone;
