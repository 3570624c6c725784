#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite's second pass (Debian's postgresql, no service, no system config).
#   .ci/postgres.sh start   initdb in a temp folder, start postgres on 127.0.0.1 on a free port, wait until ready, and print
#                           the connection string (the folder is kept in .ci/.postgres, or in $PARTNERHUB_PG_STATE, for `stop`);
#   .ci/postgres.sh stop    stop that server and delete its folder.
# As root (CI), postgres refuses to run: the cluster then belongs to the `postgres` user (created by Debian's package).
set -euo pipefail
cd "$(dirname "$0")"
state=${PARTNERHUB_PG_STATE:-.postgres}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/partnerhub-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    # C collation (ordering like SQLite's BINARY), UTF-8 character classes (letters of every script for the search).
    as_owner "$bin/initdb" -D "$dir/data" -U partnerhub --auth=trust -E UTF8 --lc-collate=C --lc-ctype=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >/dev/null
    printf '%s\n%s\n' "$dir" "$port" >"$state"
    echo "Host=127.0.0.1;Port=$port;Username=partnerhub;Database=postgres"
    ;;
  stop)
    [ -f "$state" ] || exit 0
    dir=$(sed -n 1p "$state")
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir" "$state"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
