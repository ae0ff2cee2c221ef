-- Market data, trained models and stored predictions. Portable between H2 2.x and PostgreSQL:
-- bar times are epoch seconds (bigint, UTC by definition), model bytes are bytea (both accept it).

-- One row per stored series: its range at a glance, and the row an import locks so two imports
-- of one series never interleave.
create table market_series (
    symbol       varchar(32)              not null,
    timeframe    varchar(8)               not null,
    first_bar_at bigint                   not null,
    last_bar_at  bigint                   not null,
    bar_count    bigint                   not null,
    source       varchar(16)              not null,
    updated_at   timestamp with time zone not null,
    primary key (symbol, timeframe)
);

create table market_bar (
    symbol      varchar(32)      not null,
    timeframe   varchar(8)       not null,
    bar_time    bigint           not null,
    open_price  double precision not null,
    high_price  double precision not null,
    low_price   double precision not null,
    close_price double precision not null,
    volume      double precision not null,
    primary key (symbol, timeframe, bar_time)
);

-- A trained model: versioned by name, with what it learnt from and how well it did.
create table trained_model (
    id                   uuid                     not null primary key,
    name                 varchar(128)             not null,
    version              integer                  not null,
    symbol               varchar(32)              not null,
    timeframe            varchar(8)               not null,
    algorithm            varchar(64)              not null,
    features             varchar(4000)            not null,
    hyperparameters_json varchar(4000)            not null,
    metrics_json         varchar(4000)            not null,
    train_start          bigint                   not null,
    train_end            bigint                   not null,
    test_start           bigint                   not null,
    test_end             bigint                   not null,
    train_rows           integer                  not null,
    test_rows            integer                  not null,
    task_id              uuid,
    created_by           varchar(64)              not null,
    created_at           timestamp with time zone not null,
    model_bytes          bytea                    not null,
    constraint trained_model_version_uq unique (name, version)
);

-- "The latest model for this symbol and timeframe".
create index trained_model_series_idx on trained_model (symbol, timeframe, created_at);

-- Predictions of one prediction task, one row per bar.
create table prediction (
    task_id        uuid             not null,
    model_id       uuid             not null,
    symbol         varchar(32)      not null,
    timeframe      varchar(8)       not null,
    bar_time       bigint           not null,
    probability_up double precision not null,
    primary key (task_id, bar_time)
);

create index prediction_model_idx on prediction (model_id, symbol, bar_time);
