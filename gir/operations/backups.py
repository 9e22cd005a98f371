"""Backup and restore of a whole installation (issue 18 item 2; README "Backup and restore").

One archive (tar, gzip when its name ends in .gz or .tgz) holds:
- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's online
  backup API, consistent while GIR runs);
- ``files/<name>`` for every file in the default storage, read through the storage API
  (local disk or object storage alike), after the database: every file the database
  names is in the archive;
- ``manifest.json``, last: format, moment, database vendor, the latest migration per app,
  the rows per table, and every member's size and SHA-256.

A restore reads the whole archive and checks every member against the manifest before it
touches anything, and only writes into an empty database and an empty storage: it never
overwrites. Messages are Dutch, for the operator, like the other server commands.
"""

import contextlib
import errno
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from gir.audit.verify import Verdict, chain_verify
from gir.core import clock
from gir.core.exceptions import StorageUnavailable

FORMAT = "gir-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAME = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024
# A full disk, a quota, or a file-size limit: the archive does not fit where it was asked.
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    files: int
    size: int
    sha256: str  # of the archive itself: keep it apart from the archive


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    files: int
    tables: int
    rows: int
    verdict: Verdict  # the audit log's hash chain, checked on the restored database
    migrations_to_apply: int  # the archive is older than this code: run migrate


class _HashingWriter:
    """Passes bytes on to a file and hashes and counts them on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.raw.write(data)


class _HashingReader:
    """Reads from a file and hashes and counts what was read (tarfile reads exactly the
    member's size, so the hash covers exactly what went into the archive)."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


def storage_names(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in the storage, through the generic API (listdir), sorted."""
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a local storage whose folder was never made: empty
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for name in sorted(dirs):
        yield from storage_names(storage, posixpath.join(path, name))


def _storage_reachable(storage: Storage) -> None:
    """Refuse at once, before anything is written, a storage that cannot be read: a bucket
    that does not exist, a wrong key, an endpoint that does not answer."""
    try:
        storage.listdir("")
    except FileNotFoundError:  # a local folder not made yet: empty
        return
    except Exception as error:  # noqa: BLE001 - the S3 client's errors are no OSError
        raise BackupError(f"De bestandsopslag is niet bereikbaar: {error}") from error


def _pg_command(
    program: str, connection: BaseDatabaseWrapper, *options: str
) -> tuple[list[str], dict[str, str]]:
    """pg_dump or pg_restore for the configured database: Django's own translation of the
    settings (the one dbshell uses), with the password in the environment, never in the
    arguments."""
    settings_dict = connection.settings_dict
    args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    flags = args[1:]
    dbname = settings_dict.get("NAME") or (None if settings_dict["OPTIONS"].get("service") else "postgres")
    if dbname:
        flags = [*flags[:-1], f"--dbname={dbname}"]  # pg_restore reads a file, not a database, positionally
    return [program, "--no-password", *options, *flags], {**os.environ, **(env or {})}


def _table_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    rows = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        rows[table] = cursor.fetchone()[0]
    return rows


def _latest_migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in found]


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump of the database, and its rows per table and migrations from the same
    snapshot (a repeatable-read transaction exports it; pg_dump uses it)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        command, env = _pg_command("pg_dump", connection, "--format=custom", f"--snapshot={snapshot}")
        with tempfile.TemporaryFile() as errors, target.open("wb") as out:
            # Our own process writes the file, so a full disk is our OSError, not pg_dump's.
            process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors)  # noqa: S603
            assert process.stdout is not None
            try:
                shutil.copyfileobj(process.stdout, out, CHUNK)
            finally:
                process.stdout.close()
                returncode = process.wait()
            if returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise BackupError(f"pg_dump is mislukt (code {returncode}): {message}")
        tables = connection.introspection.table_names(cursor)
        return _table_rows(cursor, tables, connection.ops.quote_name), _latest_migrations(cursor)


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's online backup API: a consistent copy while others read and write."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        rows = _table_rows(cursor, _sqlite_tables(copy), connection.ops.quote_name)
        return rows, _latest_migrations(cursor)
    except sqlite3.Error as error:
        # SQLite reports a full disk (or a file-size limit) as its own error, not an OSError.
        code = error.sqlite_errorcode or 0
        if code & 0xFF == sqlite3.SQLITE_FULL or code == sqlite3.SQLITE_IOERR_WRITE:
            raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} ({error})") from error
        raise
    finally:
        copy.close()


def _add(tar: tarfile.TarFile, name: str, source: Readable, size: int, mtime: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    reader = _HashingReader(source)
    tar.addfile(info, reader)  # it only calls read()
    return {"name": name, "size": size, "sha256": reader.hash.hexdigest()}


def _publish(temporary: Path, path: Path) -> None:
    """Give the finished archive its name, never over an existing file."""
    try:
        os.link(temporary, path)  # fails if the name exists, even if it appeared just now
    except FileExistsError as error:
        raise BackupError(f"Er bestaat al een bestand {path}; een backup overschrijft niets.") from error
    except OSError:  # a file system without hard links
        if path.exists():
            raise BackupError(f"Er bestaat al een bestand {path}; een backup overschrijft niets.") from None
        os.replace(temporary, path)
        return
    temporary.unlink()


def backup_write(
    path: Path | str,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage = default_storage,
    compress: bool | None = None,
) -> BackupResult:
    """Write one archive of the database and every stored file to `path` (see the module).
    It is written beside `path` under a temporary name and renamed when complete; on any
    error the partial file is removed."""
    path = Path(path).absolute()
    if path.exists():
        raise BackupError(
            f"Er bestaat al een bestand {path}; een backup overschrijft niets. Kies een nieuwe naam."
        )
    if not path.parent.is_dir():
        raise BackupError(f"De map {path.parent} bestaat niet.")
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Een backup van een {connection.vendor}-database kan GIR niet maken.")
    if compress is None:
        compress = path.name.endswith((".gz", ".tgz"))
    _storage_reachable(storage)
    created = clock.now()
    mtime = int(created.timestamp())
    temporary = path.with_name(f".{path.name}.{os.getpid()}.onvolledig")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".gir-backup-") as work:
            dump = Path(work) / DATABASE_MEMBER[connection.vendor]
            dumper = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
            rows, migrations = dumper(connection, dump)
            # Only the owner may read it: it holds personal data.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw:
                out = _HashingWriter(raw)
                mode = "w|gz" if compress else "w|"
                # gzip's level 6: most of the gain of 9 at a fraction of its time (evidence is
                # mostly photos and PDFs, which hardly compress).
                with tarfile.open(  # type: ignore[call-overload]
                    fileobj=out, mode=mode, format=tarfile.PAX_FORMAT, compresslevel=6
                ) as tar:
                    with dump.open("rb") as source:
                        members = [_add(tar, dump.name, source, dump.stat().st_size, mtime)]
                    dump.unlink()
                    files = 0
                    for name in storage_names(storage):
                        with storage.open(name, "rb") as source:
                            members.append(_add(tar, FILES + name, source, storage.size(name), mtime))
                        files += 1
                    manifest = {
                        "format": FORMAT,
                        "version": VERSION,
                        "created_at": created.isoformat(),
                        "database": {
                            "vendor": connection.vendor,
                            "member": dump.name,
                            "tables": rows,
                        },
                        "migrations": migrations,
                        "members": members,
                    }
                    data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), mtime, 0o600
                    tar.addfile(info, io.BytesIO(data))
                raw.flush()
                os.fsync(raw.fileno())
        _publish(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in NO_ROOM:
            raise BackupError(
                f"Het archief past niet in {path.parent}: {error.strerror}. "
                "Het half geschreven bestand is verwijderd. Maak ruimte vrij of kies een andere plek."
            ) from error
        raise BackupError(
            f"Het archief kon niet worden geschreven: {error}. Het half geschreven bestand is verwijderd."
        ) from error
    except StorageUnavailable as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(
            f"De bestanden konden niet worden gelezen: {error}. Het half geschreven bestand is verwijderd."
        ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BackupResult(path, connection.vendor, files, out.size, out.hash.hexdigest())


# Restore


def _hash_stream(source: Readable, out: IO[bytes] | None = None) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return size, digest.hexdigest()


class _ArchiveReader:
    """A member's content; a truncated or damaged archive becomes a BackupError."""

    def __init__(self, path: Path, raw: IO[bytes]) -> None:
        self.path = path
        self.raw = raw

    def read(self, size: int = -1) -> bytes:
        with _damaged(self.path):
            return self.raw.read(size)


@contextlib.contextmanager
def _damaged(path: Path) -> Iterator[None]:
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"Het archief {path} is onvolledig of beschadigd ({error}). Er is niets teruggezet."
        ) from error


def _members(path: Path) -> Iterator[tuple[tarfile.TarInfo, _ArchiveReader]]:
    """The archive's members in order, read as a stream (gzip or not)."""
    with _damaged(path):
        tar = tarfile.open(path, mode="r|*")  # noqa: SIM115 - closed below, around the yields
    try:
        while True:
            with _damaged(path):
                member = tar.next()
            if member is None:
                return
            if not member.isfile():
                raise BackupError(
                    f"Het archief bevat {member.name!r}, dat geen bestand is: dit is geen GIR-backup."
                )
            source = tar.extractfile(member)
            assert source is not None
            yield member, _ArchiveReader(path, source)
    finally:
        tar.close()


def archive_verify(path: Path | str) -> dict[str, Any]:
    """Read the whole archive and check every member against the manifest: present, of its
    size, with its SHA-256, and nothing else. Returns the manifest; touches nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Er is geen archief {path}.")
    found: dict[str, tuple[int, str]] = {}
    manifest_data = None
    for member, source in _members(path):
        if member.name in found or (member.name == MANIFEST and manifest_data is not None):
            raise BackupError(
                f"Het archief bevat {member.name} twee keer: er is mee geknoeid. Er is niets teruggezet."
            )
        if member.name == MANIFEST:
            manifest_data = source.read()
        else:
            found[member.name] = _hash_stream(source)
    if manifest_data is None:
        raise BackupError(
            f"Het archief {path} is onvolledig: de inhoudsopgave ({MANIFEST}, het laatste onderdeel) "
            "ontbreekt. Er is niets teruggezet."
        )
    try:
        manifest: dict[str, Any] = json.loads(manifest_data)
        if manifest["format"] != FORMAT:
            raise ValueError(manifest["format"])
        listed = {item["name"]: (item["size"], item["sha256"]) for item in manifest["members"]}
        vendor = manifest["database"]["vendor"]
        database_member = manifest["database"]["member"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"De inhoudsopgave van {path} is geen GIR-backup ({error}).") from error
    if manifest["version"] != VERSION:
        raise BackupError(f"Dit archief heeft versie {manifest['version']}; deze GIR leest versie {VERSION}.")
    if database_member != DATABASE_MEMBER.get(vendor) or database_member not in listed:
        raise BackupError("De inhoudsopgave noemt geen database: dit is geen volledige GIR-backup.")
    for name, (size, sha256) in listed.items():
        if name != database_member and not name.startswith(FILES):
            raise BackupError(f"De inhoudsopgave noemt {name!r}: dit is geen GIR-backup.")
        if name not in found:
            raise BackupError(f"Het archief is onvolledig: {name} ontbreekt. Er is niets teruggezet.")
        actual_size, actual_sha256 = found[name]
        if actual_size != size or actual_sha256 != sha256:
            raise BackupError(
                f"{name} in het archief is veranderd: de SHA-256 past niet bij de inhoudsopgave "
                f"({actual_size} bytes, verwacht {size}). Er is niets teruggezet."
            )
    for name in found.keys() - listed.keys():
        raise BackupError(
            f"Het archief bevat {name}, dat niet in de inhoudsopgave staat. Er is niets teruggezet."
        )
    return manifest


def _check_target_empty(connection: BaseDatabaseWrapper, storage: Storage) -> None:
    _storage_reachable(storage)
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"De database {connection.settings_dict['NAME']} is niet leeg ({len(tables)} tabellen, "
            f"o.a. {', '.join(sorted(tables)[:3])}). Zet een backup alleen terug in een nieuwe, lege "
            "database (PostgreSQL: createdb; SQLite: een nieuw bestand), zonder migrate. "
            "Er is niets teruggezet."
        )
    first = next(storage_names(storage), None)
    if first is not None:
        raise BackupError(
            f"De bestandsopslag is niet leeg (o.a. {first}). Zet een backup alleen terug in een lege "
            "opslag (een nieuwe map of bucket). Er is niets teruggezet."
        )


def _check_migrations_known(manifest: dict[str, Any]) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in manifest["migrations"].items():
        if (app, name) not in known:
            raise BackupError(
                f"Dit archief komt van een nieuwere versie van GIR (migratie {app}.{name} kent deze "
                "versie niet). Installeer eerst die versie. Er is niets teruggezet."
            )


def _load_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # Without owner and privileges: the restoring account owns what it makes (grant the
    # application's account its rights again, README "The audit log"). pg_restore creates
    # triggers after the data, so the audit log's guards do not stand in the way.
    command, env = _pg_command(
        "pg_restore",
        connection,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    )
    connection.close()
    done = subprocess.run([*command, str(dump)], env=env, capture_output=True, check=False)  # noqa: S603
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise BackupError(f"pg_restore is mislukt: {message}")


def _load_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _file_restore(storage: Storage, name: str, local: Path, sha256: str) -> None:
    """One file into the storage under its own name, read back and hashed after writing."""
    with local.open("rb") as content:
        saved = storage.save(name, File(content, name=name))
    if saved != name:
        raise BackupError(f"De opslag bewaarde {name} als {saved}.")
    with storage.open(name, "rb") as written:
        if _hash_stream(written)[1] != sha256:
            raise BackupError(f"{name} is na het schrijven niet gelijk aan het archief.")


def restore(path: Path | str, *, storage: Storage = default_storage) -> RestoreResult:
    """Put an archive back into the configured, empty database and empty storage: first
    check the whole archive, the vendor, the migrations and that the target is empty; then
    the database, then each file (read back and hashed after writing); then compare the
    rows per table with the manifest and check the audit log's hash chain."""
    path = Path(path)
    manifest = archive_verify(path)
    connection = connections[DEFAULT_DB_ALIAS]  # the one the audit verification reads
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Dit archief is van een {VENDOR_NAME.get(vendor, vendor)}-database; deze installatie gebruikt "
            f"{VENDOR_NAME.get(connection.vendor, connection.vendor)}. Terugzetten kan alleen in dezelfde "
            "soort database. Er is niets teruggezet."
        )
    _check_migrations_known(manifest)
    _check_target_empty(connection, storage)

    expected = {item["name"]: item["sha256"] for item in manifest["members"]}
    files = 0
    database_loaded = False
    try:
        with tempfile.TemporaryDirectory(prefix="gir-restore-") as work:
            for member, source in _members(path):
                if member.name == MANIFEST:
                    continue
                local = Path(work) / "member"
                with local.open("w+b") as out:
                    _size, sha256 = _hash_stream(source, out)
                if sha256 != expected[member.name]:  # the archive changed since it was checked
                    raise BackupError(f"{member.name} veranderde tijdens het terugzetten.")
                if member.name == manifest["database"]["member"]:
                    loader = _load_postgresql if vendor == "postgresql" else _load_sqlite
                    loader(connection, local)
                    database_loaded = True
                else:
                    _file_restore(storage, member.name.removeprefix(FILES), local, sha256)
                    files += 1
                local.unlink()
    except (BackupError, OSError, sqlite3.Error, StorageUnavailable) as error:
        reason = str(error).rstrip(".")
        if not database_loaded:  # pg_restore's single transaction, SQLite's backup: all or nothing
            raise BackupError(f"Het terugzetten is mislukt: {reason}. Er is niets teruggezet.") from error
        raise BackupError(
            f"Het terugzetten is mislukt: {reason}. De database is al teruggezet, maar niet alle "
            f"bestanden ({files} gelukt). Maak de database en de opslag weer leeg (PostgreSQL: dropdb "
            "en createdb; SQLite: het bestand weg) en probeer het opnieuw."
        ) from error

    tables: dict[str, int] = manifest["database"]["tables"]
    with connection.cursor() as cursor:
        counted = _table_rows(cursor, list(tables), connection.ops.quote_name)
    differ = [table for table in tables if counted[table] != tables[table]]
    if differ:
        raise BackupError(
            f"Na het terugzetten verschilt het aantal rijen van {', '.join(differ)} met het archief."
        )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return RestoreResult(vendor, files, len(tables), sum(tables.values()), chain_verify(), len(pending))
