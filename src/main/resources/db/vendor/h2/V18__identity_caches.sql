-- H2 writes an identity column's next free value to its file each time the values it holds in
-- memory run out (32 by default), and that write commits the whole store: a batch of 250 tasks
-- appended 250 queue count changes and 250 events, some 16 commits of the store inside one
-- submission, a seventh of its CPU (issue 25). Holding 1,000 values makes that rare. A clean
-- shutdown keeps the sequence exact; after a crash up to 1,000 ids are skipped, which the outbox
-- relay steps over once its gap grace has passed (OutboxRelay). PostgreSQL's sequences log
-- ahead by themselves at no comparable cost.
alter table queue_count_change alter column id set cache 1000;
alter table task_event alter column id set cache 1000;
