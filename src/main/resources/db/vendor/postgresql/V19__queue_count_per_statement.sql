-- A batch submission inserts its tasks in multi-row statements (up to 50 tasks a JDBC batch,
-- rewritten by the driver into statements of 32, 16, ... rows). The row trigger of V13 added one
-- queue_count_change row a task; each is deleted by the next fold and stays behind as a dead row
-- until a vacuum, and a position's sum read through all of them: 21 ms a call behind 460,000
-- folded changes on a database whose autovacuum had not run (issue 25). An insert now adds one
-- change per statement and place, with the count of its queued tasks. Updates and deletes keep
-- their row triggers: a transition table cannot be combined with UPDATE OF's column list, and a
-- statement trigger on every update would copy each progress report's rows.
create function task_queue_count_inserted() returns trigger language plpgsql as $$
begin
  insert into queue_count_change (lane, priority, delta)
  select lane, priority, count(*) from inserted where status = 'QUEUED' group by lane, priority;
  return null;
end
$$;

drop trigger task_queue_count_insert on task;
create trigger task_queue_count_insert after insert on task
    referencing new table as inserted
    for each statement execute function task_queue_count_inserted();
