-- Every statement that writes task events wakes the relays of all instances, delivered when its
-- transaction commits and only if it does (PostgreSQL folds a transaction's identical
-- notifications into one). The writers sent their own pg_notify, one more round trip in every
-- transaction that changed a task (issue 25).
create function task_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('tasklane_task_events', '');
  return null;
end
$$;

create trigger task_event_notify after insert on task_event
    for each statement execute function task_event_notify();
