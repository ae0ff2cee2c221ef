-- Task dependencies, per-type lane capacity and research pipelines (issue 23). Portable between
-- H2 2.x and PostgreSQL.

-- A task waits until every task it depends on completed (owner: tasks.TaskStore).
create table task_dependency (
    task_id    uuid not null,
    depends_on uuid not null,
    primary key (task_id, depends_on)
);
-- Who waits for a task that just ended.
create index task_dependency_on_idx on task_dependency (depends_on);
-- Counting running tasks of a type at claim time.
create index task_type_status_idx on task (task_type, status);

-- One row per task type with a running limit, locked by a claim of that type so that instances
-- sharing the database count its running tasks one at a time (owner: scheduling.LaneCapacity).
create table lane_capacity (
    task_type varchar(64) not null primary key
);

-- A research pipeline and its steps (owner: pipelines.PipelineStore). Each task step's task id is
-- chosen when the pipeline is stored, so releasing a step twice (after a crash, or by two
-- instances) can never create a second task.
create table pipeline (
    id          uuid                     not null primary key,
    user_id     varchar(64)              not null,
    name        varchar(200)             not null,
    status      varchar(32)              not null,
    detail      varchar(1000),
    created_at  timestamp with time zone not null,
    finished_at timestamp with time zone,
    version     bigint                   not null
);
create index pipeline_user_idx on pipeline (user_id, created_at);
create index pipeline_status_idx on pipeline (status);

create table pipeline_step (
    pipeline_id     uuid          not null,
    step_id         varchar(64)   not null,
    position        integer       not null,
    task_type       varchar(64),
    parameters_json varchar(1048576),
    gate_json       varchar(4000),
    depends_on      varchar(4000) not null,
    task_id         uuid          not null,
    status          varchar(32)   not null,
    detail          varchar(1000),
    primary key (pipeline_id, step_id)
);
create unique index pipeline_step_task_idx on pipeline_step (task_id);
