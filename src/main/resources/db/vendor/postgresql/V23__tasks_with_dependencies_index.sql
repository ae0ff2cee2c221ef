-- The tasks submitted with dependencies, in each lane's queue order: the search for queued tasks
-- held by dependencies reads this index, which no other task enters, and no planner's guess about
-- the size of the queue can send it through the whole lane any more (200 ms a call behind 460,000
-- queued tasks on a task table not analyzed yet, issue 25).
create index task_with_dependencies_idx on task (lane, status, priority desc, queued_at, id)
    where has_dependencies;
