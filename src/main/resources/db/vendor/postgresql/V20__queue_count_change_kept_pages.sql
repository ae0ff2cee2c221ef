-- A vacuum of the emptied change table truncated it, which needs a lock that stops every
-- submission's trigger: beside submissions in flight it waited for that lock up to 5 s (177 ms a
-- vacuum on average in a burst of single POSTs, issue 25), for pages the next second's changes
-- need again. Neither the housekeeping's vacuum nor autovacuum truncates it any more.
alter table queue_count_change set (vacuum_truncate = false);
