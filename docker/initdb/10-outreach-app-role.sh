#!/bin/sh
# Run once by the postgres image when it creates the database: the app's restricted runtime role
# (README, "Against an external PostgreSQL"). POSTGRES_USER owns the database and runs the
# migrations (DATABASE_OWNER_URL); the app grants this role its rights after every migration run.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="${OUTREACH_APP_PASSWORD:?set OUTREACH_APP_PASSWORD}" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE outreach_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO outreach_app;
SQL
