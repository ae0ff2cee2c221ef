-- A completed backtest stores a result of some 25 KB. PostgreSQL compresses it with pglz by
-- default, which took 366 us of its CPU a result (measured on 2,000 stored results), a quarter of
-- all it spent on a tiny task; lz4 took 59 us, for a 10 % larger value (issue 25). Only values
-- written from now on use it; older ones are read as they are. A server built without lz4 keeps
-- pglz rather than failing the migration.
do $$
begin
  alter table task alter column result_json set compression lz4;
exception when others then
  raise notice 'lz4 is not available (%): results stay compressed with pglz', sqlerrm;
end $$;

-- A table never analyzed is assumed to hold 10 pages of rows: with task_dependency empty, the
-- planner then read the whole queue to find the tasks that wait for another (8 ms behind 20,000
-- queued tasks, every admission pass) instead of starting from the dependencies. Autovacuum keeps
-- the figures once rows come and go.
analyze task_dependency;
