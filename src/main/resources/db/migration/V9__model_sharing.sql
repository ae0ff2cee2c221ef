-- Models belong to the user who trained them; an admin may share one with every user. Existing
-- models stay visible to their creators and admins only until an admin shares them.
alter table trained_model add column shared boolean default false not null;
