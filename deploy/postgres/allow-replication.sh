#!/bin/sh
# Run once by the postgres image when it creates the database (docker-entrypoint-initdb.d):
# let the replica profile's standby stream WAL, with the same password (scram-sha-256).
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
