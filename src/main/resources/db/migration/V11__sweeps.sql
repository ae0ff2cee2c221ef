-- Parameter sweeps (io.tasklane.sweeps). Portable between H2 2.x and PostgreSQL.
-- JSON documents are bounded varchar, as in V1.

-- One row per sweep: its checked definition (read back by every chunk) and its outcome.
create table sweep (
    id            uuid                     not null primary key,
    user_id       varchar(64)              not null,
    status        varchar(16)              not null,
    strategy      varchar(64)              not null,
    definition    varchar(1048576)                  not null,
    combinations  integer                  not null,
    rank_by       varchar(40)              not null,
    walk_forward  boolean                  not null,
    created_at    timestamp with time zone not null,
    finished_at   timestamp with time zone
);

create index sweep_user_idx on sweep (user_id, created_at);

-- The chunk tasks of a sweep: combinations [first_combination, first_combination + size).
create table sweep_chunk (
    task_id           uuid    not null primary key,
    sweep_id          uuid    not null references sweep (id),
    first_combination integer not null,
    size              integer not null
);

create index sweep_chunk_sweep_idx on sweep_chunk (sweep_id);

-- One row per combination; the key makes a re-run chunk replace, never repeat, its rows.
create table sweep_result (
    sweep_id              uuid             not null references sweep (id),
    combination           integer          not null,
    symbol                varchar(32)      not null,
    timeframe             varchar(8)       not null,
    params                varchar(2000)    not null,
    total_return          double precision not null,
    cagr                  double precision,
    annualised_volatility double precision,
    sharpe_ratio          double precision,
    sortino_ratio         double precision,
    max_drawdown          double precision not null,
    win_rate              double precision,
    exposure              double precision not null,
    trade_count           integer          not null,
    final_equity          double precision not null,
    total_costs           double precision not null,
    oos_score             double precision,
    is_score              double precision,
    score_gap             double precision,
    overfit               boolean,
    folds                 varchar(100000),
    primary key (sweep_id, combination)
);
