"""Make sure the database a benchmark target names exists (used by the Makefile's bench targets).

    .venv/bin/python scripts/bench_database.py postgres://user:pass@host:5432/name [--fresh]

The URL is parsed by libpq's own rules (psycopg's conninfo), so a password, a port, a
percent-encoded name or ?sslmode=... in the URL all work; the database is created
through the server's `postgres` database with the same host, port, user and password.
--fresh drops it first. When nothing answers on a local address and this machine has a
Debian PostgreSQL cluster, that cluster is started (as `make bench` always did).
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}


def _connect(conninfo: str) -> psycopg.Connection:
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)


def _start_local_cluster() -> bool:
    clusters = sorted(
        Path("/etc/postgresql").glob("*/main"),
        key=lambda path: [int(x) for x in path.parent.name.split(".") if x.isdigit()],
    )
    if not clusters or not shutil.which("pg_ctlcluster"):
        return False
    version = clusters[-1].parent.name
    print(f"PostgreSQL {version} does not answer: starting it.", file=sys.stderr)
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)  # noqa: S603, S607
    return True


def server_connection(url: str) -> psycopg.Connection:
    """A connection to the server's maintenance database, starting a local cluster if needed."""
    params = conninfo_to_dict(url)
    maintenance = make_conninfo(url, dbname="postgres")
    try:
        return _connect(maintenance)
    except psycopg.OperationalError:
        host = str(params.get("host", ""))
        if host not in LOCAL_HOSTS and not host.startswith("/"):
            raise
        if not _start_local_cluster():
            raise
    for _ in range(30):
        try:
            return _connect(maintenance)
        except psycopg.OperationalError:
            time.sleep(1)
    return _connect(maintenance)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="postgres://user[:password]@host[:port]/name")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    args = parser.parse_args()
    try:
        name = conninfo_to_dict(args.url).get("dbname")
    except psycopg.ProgrammingError as error:
        parser.error(f"not a PostgreSQL URL: {error}")
    if not name:
        parser.error("the URL names no database: postgres://user@host:5432/<name>")
    if name in {"postgres", "template0", "template1"}:
        parser.error(f"refusing to use the server's own database {name!r} for a benchmark")
    with server_connection(args.url) as connection:
        if args.fresh:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            connection.execute(drop)
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Database {name} created.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
