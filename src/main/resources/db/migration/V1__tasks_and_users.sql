-- Portable between H2 2.x and PostgreSQL: no jsonb, clob, partial indexes or generator functions.
-- JSON documents are kept as bounded varchar (request bodies are limited to 1 MiB).

create table app_user (
    username      varchar(64)              not null primary key,
    password_hash varchar(512)             not null,
    roles         varchar(128)             not null,
    enabled       boolean                  not null,
    created_at    timestamp with time zone not null,
    version       bigint                   not null
);

create table task (
    id                  uuid                     not null primary key,
    task_type           varchar(64)              not null,
    lane                varchar(32)              not null,
    status              varchar(16)              not null,
    priority            integer                  not null,
    user_id             varchar(64)              not null,
    parameters_json     varchar(1048576)         not null,
    estimated_cpu_cores double precision         not null,
    estimated_ram_gb    double precision         not null,
    description         varchar(1000),
    progress            integer,
    blocked_reason      varchar(1000),
    result_json         varchar(1048576),
    error               varchar(10000),
    attempts            integer                  not null,
    max_attempts        integer                  not null,
    timeout_seconds     bigint                   not null,
    queued_at           timestamp with time zone not null,
    started_at          timestamp with time zone,
    finished_at         timestamp with time zone,
    not_before          timestamp with time zone,
    lease_owner         varchar(200),
    lease_expires_at    timestamp with time zone,
    external_json       varchar(4000),
    parent_id           uuid,
    version             bigint                   not null
);

-- The claim query: queued tasks of a lane by priority, then arrival.
create index task_lane_queue_idx on task (lane, status, priority, queued_at);
-- A user's task list, newest first.
create index task_user_idx on task (user_id, queued_at);
-- Admin lists and counts by status.
create index task_status_idx on task (status, queued_at);
-- Lease sweeps: running tasks whose lease has expired.
create index task_lease_idx on task (status, lease_expires_at);
