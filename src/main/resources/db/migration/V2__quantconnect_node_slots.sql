-- The QuantConnect node gate: one row per backtest node of the account. A row held by a task is a
-- node in use; admission locks these rows (select ... for update), so instances sharing the
-- database never hold more than tasklane.quantconnect.nodes between them. Rows exist up to the
-- largest supported node count; the configured count decides how many are used.
create table qc_node_slot (
    slot        integer                  not null primary key,
    task_id     uuid,
    project_id  bigint,
    backtest_id varchar(64),
    acquired_at timestamp with time zone
);

-- One slot per task at most (several nulls are fine on H2 and PostgreSQL).
create unique index qc_node_slot_task_idx on qc_node_slot (task_id);

insert into qc_node_slot (slot) values (1);
insert into qc_node_slot (slot) values (2);
insert into qc_node_slot (slot) values (3);
insert into qc_node_slot (slot) values (4);
insert into qc_node_slot (slot) values (5);
insert into qc_node_slot (slot) values (6);
insert into qc_node_slot (slot) values (7);
insert into qc_node_slot (slot) values (8);
insert into qc_node_slot (slot) values (9);
insert into qc_node_slot (slot) values (10);
insert into qc_node_slot (slot) values (11);
insert into qc_node_slot (slot) values (12);
insert into qc_node_slot (slot) values (13);
insert into qc_node_slot (slot) values (14);
insert into qc_node_slot (slot) values (15);
insert into qc_node_slot (slot) values (16);
insert into qc_node_slot (slot) values (17);
insert into qc_node_slot (slot) values (18);
insert into qc_node_slot (slot) values (19);
insert into qc_node_slot (slot) values (20);
insert into qc_node_slot (slot) values (21);
insert into qc_node_slot (slot) values (22);
insert into qc_node_slot (slot) values (23);
insert into qc_node_slot (slot) values (24);
insert into qc_node_slot (slot) values (25);
insert into qc_node_slot (slot) values (26);
insert into qc_node_slot (slot) values (27);
insert into qc_node_slot (slot) values (28);
insert into qc_node_slot (slot) values (29);
insert into qc_node_slot (slot) values (30);
insert into qc_node_slot (slot) values (31);
insert into qc_node_slot (slot) values (32);
