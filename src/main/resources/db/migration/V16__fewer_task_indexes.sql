-- Every change of a task's status is a new row version that PostgreSQL must enter in every index
-- of the table (no HOT update once an indexed column changes), and H2 maintains each index too: a
-- tiny task's claim and outcome each wrote 7 index entries (issue 25). Two of the indexes only ever
-- serve queries about running tasks, which task_status_idx (status, queued_at) finds as well: there
-- are at most as many running tasks as the lanes admit, so filtering and sorting those few is
-- cheap, while the two indexes cost an entry for every task at every change.
-- The lease sweep (status = RUNNING and lease_expires_at < now) used task_lease_idx.
drop index if exists task_lease_idx;
-- Lane capacity's count of running tasks of a type used task_type_status_idx.
drop index if exists task_type_status_idx;
