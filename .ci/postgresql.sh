# Sourced by .ci/run: a throwaway PostgreSQL cluster for the tests that run the store on PostgreSQL
# (docs/cluster.md, "A region's shared store"). It lives in a temporary directory, listens on loopback only, takes
# password sign-in over TLS, and is stopped and removed when the sourcing script exits (stop_postgresql).
#
# start_postgresql exports what the tests read:
#   TEST_PG_URL       JDBC URL of the maintenance database (the tests create one database each)
#   TEST_PG_USER      a superuser of that cluster
#   TEST_PG_PASSWORD  its password (random per run)
#   TEST_PG_CA        the CA certificate the server's certificate is checked against
#   TEST_PG_DATA      the cluster's data directory (the tests scan its files and WAL)
# and writes the same lines to $pg_dir/env for a shell to source.

pg_port="${TEST_PG_PORT:-55432}"
pg_dir=""
pg_bin=""

postgresql_bin() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$initdb" ] && dirname "$initdb"
}

# Runs a PostgreSQL server program as the owner of the cluster: the server refuses to run as root.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgresql() {
    pg_bin="$(postgresql_bin)"
    if [ -z "$pg_bin" ]; then
        if [ "$(id -u)" -eq 0 ]; then
            echo "Installing postgresql"
            apt-get update
            apt-get install -y --no-install-recommends postgresql
            pg_bin="$(postgresql_bin)"
        else
            echo "WARNING: PostgreSQL is missing and this is not root; the PostgreSQL store tests will fail" >&2
            return 0
        fi
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    pg_dir="$(mktemp -d /tmp/meridian-pg.XXXXXX)"
    local data="$pg_dir/data" password
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    printf '%s\n' "$password" >"$pg_dir/password"
    # A CA and a server certificate for 127.0.0.1, so the tests connect with sslmode=verify-full.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=meridian test CA" \
        -keyout "$pg_dir/ca.key" -out "$pg_dir/ca.crt" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$pg_dir/server.key" -out "$pg_dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1\n' >"$pg_dir/san.ext"
    openssl x509 -req -in "$pg_dir/server.csr" -CA "$pg_dir/ca.crt" -CAkey "$pg_dir/ca.key" -CAcreateserial \
        -days 2 -extfile "$pg_dir/san.ext" -out "$pg_dir/server.crt" >/dev/null 2>&1
    chmod 600 "$pg_dir/server.key"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres "$pg_dir"
        chmod 755 "$pg_dir"
    fi
    as_pg_owner "$pg_bin/initdb" -D "$data" -U meridian --pwfile="$pg_dir/password" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 || {
        echo "WARNING: initdb failed; the PostgreSQL store tests will fail. Its log:" >&2
        tail -n 20 "$pg_dir/initdb.log" >&2
        return 0
    }
    # Loopback only, no Unix socket outside the temporary directory, TLS for every TCP connection.
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
ssl = on
ssl_cert_file = '$pg_dir/server.crt'
ssl_key_file = '$pg_dir/server.key'
max_connections = 300
# A small write-ahead log: the tests scan it for personal data in plaintext.
max_wal_size = 96MB
min_wal_size = 32MB
EOF
    printf 'hostssl all all 127.0.0.1/32 scram-sha-256\n' >"$data/pg_hba.conf"
    if ! as_pg_owner "$pg_bin/pg_ctl" -D "$data" -l "$pg_dir/server.log" -w -t 60 start >/dev/null; then
        echo "WARNING: PostgreSQL did not start; the PostgreSQL store tests will fail. Its log:" >&2
        tail -n 20 "$pg_dir/server.log" >&2
        return 0
    fi
    export TEST_PG_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
    export TEST_PG_USER=meridian
    export TEST_PG_PASSWORD="$password"
    export TEST_PG_CA="$pg_dir/ca.crt"
    export TEST_PG_DATA="$data"
    env | grep '^TEST_PG_' | sed 's/^/export /' >"$pg_dir/env"
    echo "Started PostgreSQL on 127.0.0.1:$pg_port (data $data)"
}

stop_postgresql() {
    if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
        echo "Stopping PostgreSQL (data $pg_dir/data)"
        as_pg_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$pg_dir" ]; then
        rm -rf "$pg_dir"
    fi
}
