-- The tasks submitted with dependencies, by lane and status: H2 has no partial index, and without
-- this one the search for queued tasks held by dependencies read every queued task of the lane
-- (340 ms of CPU a second behind 200,000 queued tasks, issue 25). Each task's insert pays for one
-- more entry.
create index task_with_dependencies_idx on task (has_dependencies, lane, status);
