-- What finished tasks really used, one row per completed task, so that new tasks are estimated
-- from measurement (io.tasklane.profiles). Portable between H2 2.x and PostgreSQL. Only the most
-- recent rows per task type and size bucket are kept (tasklane.profiles.samples-kept).
create table resource_profile (
    id              uuid                     not null primary key,
    task_type       varchar(64)              not null,
    size_bucket     integer                  not null,
    bars            bigint                   not null,
    strategy        varchar(64),
    timeframe       varchar(8),
    rounds          integer,
    -- the cost the profile learns: thread CPU, or the process CPU delta for native-thread libraries
    cpu_ms          double precision         not null,
    thread_cpu_ms   double precision         not null,
    process_cpu_ms  double precision         not null,
    wall_ms         double precision         not null,
    allocated_bytes bigint                   not null,
    finished_at     timestamp with time zone not null
);

create index resource_profile_bucket_idx on resource_profile (task_type, size_bucket, finished_at);
