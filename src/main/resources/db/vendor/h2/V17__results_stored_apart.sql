-- H2 keeps a varchar in its row: every read of a finished task's row, a count or a page of a user's
-- list included, decoded its whole result (some 25 KB for a one-year backtest) and hashed it into
-- H2's value cache, and rewrote it with the row. A large object is stored apart in H2's LOB map,
-- the row holding a reference, so rows stay small and a result is read only when it is asked for
-- (issue 25). PostgreSQL does the same by itself (TOAST), so this is for H2 only.
alter table task alter column result_json set data type character large object;
