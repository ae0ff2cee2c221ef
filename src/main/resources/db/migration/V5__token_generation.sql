-- Revocation (issue 18): a token counts only while it carries its account's current generation.
-- Disabling the account, a password change and "sign out everywhere" raise it, which ends every
-- token issued before. Existing accounts start at 0. Portable: H2 wants DEFAULT before NOT NULL.
alter table app_user add column token_generation bigint default 0 not null;
