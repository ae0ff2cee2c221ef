-- Whether a task was submitted with dependencies: the scheduler's search for queued tasks held by
-- dependencies starts from these tasks alone instead of from the whole queue (issue 25).
alter table task add column has_dependencies boolean default false not null;
update task set has_dependencies = true where id in (select task_id from task_dependency);
