#!/bin/sh
# The `replica` profile's hot standby (docker-compose.yml, docs/operations.md).
# First start: copy the primary with pg_basebackup -R (streaming WAL, a
# replication slot so the primary keeps the WAL the standby still needs).
# Every start: run postgres as a hot standby that follows the primary.
set -eu
PGPASSWORD="$(cat "$PASSWORD_FILE")"
export PGPASSWORD
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -q -h "$PRIMARY_HOST" -U "$REPLICATION_USER" -d voortgang; do sleep 1; done
    mkdir -p "$PGDATA"
    chmod 0700 "$PGDATA"
    slot_exists="$(psql -h "$PRIMARY_HOST" -U "$REPLICATION_USER" -d voortgang -tAc \
        "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$REPLICATION_SLOT'")"
    create_slot="--create-slot"
    [ "$slot_exists" = "1" ] && create_slot=""
    pg_basebackup -h "$PRIMARY_HOST" -U "$REPLICATION_USER" -D "$PGDATA" \
        --write-recovery-conf --wal-method=stream $create_slot --slot="$REPLICATION_SLOT" --checkpoint=fast
fi
unset PGPASSWORD
exec postgres -c hot_standby=on -c hot_standby_feedback=on
