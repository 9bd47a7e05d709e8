-- The PostgreSQL role synapse-e2ee-exporter logs in as: it can read the tables the exporter
-- polls and nothing else, and every session it opens is read-only by default.
-- Run on the database host as a superuser, in the Synapse database:
--   sudo -u postgres psql -d synapse -v password="'choose-a-long-random-password'" -f readonly-role.sql
-- (psql variable: keep the inner single quotes.) Re-running it is safe.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'synapse_e2ee_exporter') THEN
    CREATE ROLE synapse_e2ee_exporter LOGIN;
  END IF;
END
$$;

ALTER ROLE synapse_e2ee_exporter WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  CONNECTION LIMIT 4 PASSWORD :password;
ALTER ROLE synapse_e2ee_exporter SET default_transaction_read_only = on;
ALTER ROLE synapse_e2ee_exporter SET statement_timeout = '5s';
ALTER ROLE synapse_e2ee_exporter SET lock_timeout = '1s';
ALTER ROLE synapse_e2ee_exporter SET idle_in_transaction_session_timeout = '10s';

-- Start from nothing: no rights through PUBLIC on this database's schema objects.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM synapse_e2ee_exporter;
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO synapse_e2ee_exporter', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO synapse_e2ee_exporter;

-- Exactly the tables the exporter reads (delayed_events exists from Synapse 1.116 on).
GRANT SELECT ON
  schema_version,
  devices,
  e2e_device_keys_json,
  e2e_one_time_keys_json,
  e2e_fallback_keys_json,
  device_inbox,
  events,
  event_json,
  redactions
TO synapse_e2ee_exporter;
DO $$
BEGIN
  IF to_regclass('public.delayed_events') IS NOT NULL THEN
    GRANT SELECT ON delayed_events TO synapse_e2ee_exporter;
  END IF;
END
$$;
