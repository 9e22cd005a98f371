"""Backup and restore, drilled (issue 18 item 2): the full round trip into a second, empty
database and storage (the real `manage.py restore` in its own process), compared table by
table, row by row and file by file; and the archives it must refuse, the target it must not
touch, the disk that fills up."""

import contextlib
import hashlib
import io
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

import psycopg
import pytest
from PIL import Image

from gir.accounts.constants import Role
from gir.accounts.tests.factories import TeamFactory, UserFactory
from gir.audit.models import AuditEvent
from gir.incidents.services import evidence_add
from gir.incidents.tests.factories import IncidentFactory
from gir.operations.backups import MANIFEST, BackupError, archive_verify, backup_write, restore, storage_names

# pg_dump reads the database from another process: only committed data, so every test
# commits (and the shipped rows are put back after the flush of the test before).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_data"),
]

DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@pytest.fixture
def source_storage(settings, tmp_path: Path) -> FileSystemStorage:
    """The installation's files in a folder of this test only."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return default_storage


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def installation(source_storage) -> None:
    """Some of everything: users, a team, incidents, evidence files and audit events."""
    team = TeamFactory(name="Publiekszaken")
    employee = UserFactory(username="medewerker", roles=[Role.EMPLOYEE])
    UserFactory(username="cag", roles=[Role.COORDINATOR])
    for number in range(3):
        incident = IncidentFactory(reporter=employee, team=team, description=f"Schelden {number}")
        for colour in ("red", "blue"):
            upload = SimpleUploadedFile(f"{colour}.png", png(colour), content_type="image/png")
            evidence_add(actor=employee, incident=incident, upload=upload)
    assert AuditEvent.objects.count() >= 6
    assert len(list(storage_names(default_storage))) == 6


def file_hashes(storage) -> dict[str, str]:
    hashes = {}
    for name in storage_names(storage):
        with storage.open(name, "rb") as file:
            hashes[name] = hashlib.sha256(file.read()).hexdigest()
    return hashes


def table_digests(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Per table: its row count and a SHA-256 over all its rows in a fixed order, computed
    the same way on both sides (the same driver, so the same Python values)."""
    digests = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


def conninfo(name: str) -> dict[str, str]:
    db = connection.settings_dict
    return {
        "dbname": name,
        "user": db["USER"] or "",
        "password": db["PASSWORD"] or "",
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
    }


@contextlib.contextmanager
def scratch_database(tmp_path: Path) -> Iterator[tuple[str, object]]:
    """A second, empty database to restore into: its DATABASE_URL and a way to connect
    to it (PostgreSQL: a new database, dropped afterwards; SQLite: a new file)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=SQLITE_TYPES)
        return
    name = f"gir_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        db = connection.settings_dict
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        yield url, lambda: psycopg.connect(**conninfo(name))
    finally:
        with psycopg.connect(**conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# What Django's SQLite backend asks of the driver, so both sides read the same values.
SQLITE_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES


@contextlib.contextmanager
def source_cursor() -> Iterator[object]:
    """The test database through the same driver as the scratch side."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()  # the in-memory test database: only this connection sees it
        cursor = connection.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
        return
    with psycopg.connect(**conninfo(connection.settings_dict["NAME"])) as source, source.cursor() as cursor:
        yield cursor


def run_restore(archive: Path, database_url: str, files: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py restore` as an operator runs it: its own process and environment."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GIR_DEBUG": "1",
        "DATABASE_URL": database_url,
        "GIR_MEDIA_ROOT": str(files),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def rewrite(archive: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` alter or drop (None)
    a member: what an attacker or a broken copy does to it."""
    with tarfile.open(archive) as source, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def flip_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


def test_round_trip_into_an_empty_database_and_storage(installation, source_storage, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar.gz"
    result = backup_write(archive)
    assert result.files == 6
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner only
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == result.sha256
    manifest = archive_verify(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'audit' ORDER BY name DESC LIMIT 1")
        assert manifest["migrations"]["audit"] == cursor.fetchone()[0]

    restored_files = tmp_path / "restored-files"
    with scratch_database(tmp_path) as (database_url, connect):
        # A tampered archive first: refused, naming the member, and the target stays empty.
        evidence = next(name for name in file_hashes(source_storage) if name.startswith("evidence/"))
        tampered = tmp_path / "tampered.tar"
        rewrite(
            archive,
            tampered,
            lambda name, data: flip_byte(data) if name == f"files/{evidence}" else data,
        )
        refused = run_restore(tampered, database_url, restored_files)
        assert refused.returncode == 1, refused.stdout
        assert f"files/{evidence} in het archief is veranderd" in refused.stderr
        with contextlib.closing(connect()) as target:
            tables = target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                if connection.vendor == "sqlite"
                else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        assert tables == []
        assert not restored_files.exists() or not any(restored_files.iterdir())

        # The real archive.
        done = run_restore(archive, database_url, restored_files)
        assert done.returncode == 0, done.stderr
        events = AuditEvent.objects.count()
        assert f"Auditlog intact: {events} regels gecontroleerd." in done.stdout
        assert "6 bestanden, elk met de juiste SHA-256" in done.stdout

        tables = sorted(connection.introspection.table_names())
        with source_cursor() as cursor:
            before = table_digests(cursor, tables)
        with contextlib.closing(connect()) as target:
            cursor = target.cursor()
            after = table_digests(cursor, tables)
            # The audit log's guards came back with the schema: an UPDATE is refused.
            with pytest.raises((sqlite3.DatabaseError, psycopg.DatabaseError), match="append-only"):
                cursor.execute("UPDATE audit_auditevent SET action = action")
        assert after == before
        assert before["audit_auditevent"][0] == events
        assert before["incidents_evidence"][0] == 6
        assert file_hashes(FileSystemStorage(location=restored_files)) == file_hashes(source_storage)


def test_a_changed_byte_in_the_database_dump_is_refused_before_anything_is_written(
    installation, source_storage, tmp_path: Path
) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    dump = DUMPS[connection.vendor]
    tampered = tmp_path / "tampered.tar"
    rewrite(archive, tampered, lambda name, data: flip_byte(data) if name == dump else data)
    empty = FileSystemStorage(location=tmp_path / "empty")
    rows = AuditEvent.objects.count()

    with pytest.raises(BackupError, match=f"{dump} in het archief is veranderd"):
        restore(tampered, storage=empty)
    assert list(storage_names(empty)) == []
    assert AuditEvent.objects.count() == rows


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("member missing", r"onvolledig: files/evidence/.* ontbreekt"),
        ("manifest missing", r"onvolledig: de inhoudsopgave \(manifest.json"),
        ("member added", r"bevat files/extra.txt, dat niet in de inhoudsopgave staat"),
        ("cut in a file", r"onvolledig of beschadigd"),
        ("cut in the gzip stream", r"onvolledig of beschadigd"),
    ],
)
def test_a_partial_archive_is_refused(installation, source_storage, tmp_path: Path, damage, message) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    broken = tmp_path / "broken.tar"
    if damage == "member missing":
        dropped = next(name for name in file_hashes(source_storage) if name.startswith("evidence/"))
        rewrite(archive, broken, lambda name, data: None if name == f"files/{dropped}" else data)
    elif damage == "manifest missing":
        rewrite(archive, broken, lambda name, data: None if name == MANIFEST else data)
    elif damage == "member added":
        with tarfile.open(archive, "a") as tar:
            info = tarfile.TarInfo("files/extra.txt")
            info.size = 2
            tar.addfile(info, io.BytesIO(b"x\n"))
        broken = archive
    elif damage == "cut in a file":
        with tarfile.open(archive) as tar:
            last_file = [m for m in tar.getmembers() if m.name.startswith("files/")][-1]
        data = archive.read_bytes()
        broken.write_bytes(data[: last_file.offset_data + last_file.size // 2])
    else:
        zipped = tmp_path / "gir.tar.gz"
        backup_write(zipped)
        broken = tmp_path / "broken.tar.gz"
        data = zipped.read_bytes()
        broken.write_bytes(data[: len(data) * 2 // 3])
    empty = FileSystemStorage(location=tmp_path / "empty")

    with pytest.raises(BackupError, match=message):
        restore(broken, storage=empty)
    assert list(storage_names(empty)) == []


def test_the_restore_command_refuses_a_database_that_is_not_empty(installation, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    empty = FileSystemStorage(location=tmp_path / "empty")
    with pytest.raises(BackupError, match=r"De database .* is niet leeg \(\d+ tabellen"):
        restore(archive, storage=empty)
    assert list(storage_names(empty)) == []
    # The command says the same, as a CommandError (exit code 1).
    with pytest.raises(CommandError, match="is niet leeg"):
        call_command("restore", str(archive))


def test_a_storage_that_is_not_empty_is_refused(installation, source_storage, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    restored_files = tmp_path / "restored-files"
    (restored_files / "evidence").mkdir(parents=True)
    (restored_files / "evidence" / "old").write_bytes(b"from before")
    with scratch_database(tmp_path) as (database_url, connect):
        refused = run_restore(archive, database_url, restored_files)
        assert refused.returncode == 1
        assert "De bestandsopslag is niet leeg (o.a. evidence/old)" in refused.stderr
        with contextlib.closing(connect()) as target:
            tables = target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                if connection.vendor == "sqlite"
                else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        assert tables == []
    assert [p.name for p in restored_files.rglob("*") if p.is_file()] == ["old"]


def test_an_archive_of_another_database_vendor_is_refused(installation, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def to_other_vendor(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        manifest["database"]["member"] = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[
            other
        ]
        for item in manifest["members"]:
            if item["name"].startswith("database."):
                item["name"] = manifest["database"]["member"]
        return json.dumps(manifest).encode()

    def rename_dump(name: str) -> str:
        return {"database.pgdump": "database.sqlite3", "database.sqlite3": "database.pgdump"}.get(name, name)

    moved = tmp_path / "other.tar"
    with tarfile.open(archive) as source, tarfile.open(moved, "w", format=tarfile.PAX_FORMAT) as out:
        for member in source.getmembers():
            data = to_other_vendor(member.name, source.extractfile(member).read())
            member.name, member.size = rename_dump(member.name), len(data)
            out.addfile(member, io.BytesIO(data))
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    with pytest.raises(
        BackupError,
        match=f"een {names[other]}-database; deze installatie gebruikt {names[connection.vendor]}",
    ):
        restore(moved, storage=FileSystemStorage(location=tmp_path / "empty"))


def test_an_archive_of_a_newer_gir_is_refused(installation, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar"
    backup_write(archive)

    def from_the_future(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"]["incidents"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    newer = tmp_path / "newer.tar"
    rewrite(archive, newer, from_the_future)
    with pytest.raises(
        BackupError, match=r"nieuwere versie van GIR \(migratie incidents.9999_from_the_future"
    ):
        restore(newer, storage=FileSystemStorage(location=tmp_path / "empty"))


def test_a_full_disk_while_restoring_the_files_says_what_is_restored(
    installation, source_storage, tmp_path: Path
) -> None:
    source_storage.save("exports/big.bin", io.BytesIO(random.Random(18).randbytes(2 * 1024 * 1024)))  # noqa: S311
    archive = tmp_path / "gir.tar"
    backup_write(archive)
    with (
        scratch_database(tmp_path) as (database_url, _connect),
        small_tmpfs(tmp_path / "full", "1m") as folder,
    ):
        refused = run_restore(archive, database_url, folder)
    assert refused.returncode == 1
    assert "Het terugzetten is mislukt: [Errno 28]" in refused.stderr
    assert "De database is al teruggezet, maar niet alle bestanden" in refused.stderr


def test_an_existing_file_is_never_overwritten(installation, tmp_path: Path) -> None:
    archive = tmp_path / "gir.tar"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(
        CommandError, match="Er bestaat al een bestand .*gir.tar; een backup overschrijft niets"
    ):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"yesterday's backup"


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A real file system that fills up: a tmpfs of `size` (needs root)."""
    folder.mkdir()
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)  # noqa: S603, S607


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """RLIMIT_FSIZE on this process: a write past `limit` bytes fails with EFBIG (the
    signal it would send is ignored, as a daemon would), as on a full quota."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.parametrize("mechanism", ["tmpfs, archive", "tmpfs, database copy", "file-size limit"])
def test_a_full_disk_gives_a_clear_message_and_leaves_no_partial_file(
    installation, source_storage, tmp_path: Path, mechanism: str
) -> None:
    # 8 MB that does not compress: more than the 4 MB the archive may take.
    big = random.Random(18).randbytes(8 * 1024 * 1024)  # noqa: S311
    source_storage.save("exports/big.bin", io.BytesIO(big))
    with contextlib.ExitStack() as stack:
        if mechanism == "file-size limit":
            folder = tmp_path / "limited"
            folder.mkdir()
            stack.enter_context(file_size_limit(4 * 1024 * 1024))
        else:
            size = "4m" if mechanism == "tmpfs, archive" else "64k"
            folder = stack.enter_context(small_tmpfs(tmp_path / "full", size))
        with pytest.raises(CommandError) as refused:
            call_command("backup", str(folder / "gir.tar"))
        left = list(folder.iterdir())
    message = str(refused.value)
    assert f"Het archief past niet in {folder}" in message
    assert "Het half geschreven bestand is verwijderd" in message
    assert left == []


@pytest.fixture
def s3_server() -> Iterator[str]:
    """A real S3-compatible server (moto's) on 127.0.0.1, for this test only."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_options(endpoint: str, bucket: str) -> dict[str, object]:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "access_key": "gir-test",
        "secret_key": "gir-test-secret",  # noqa: S106 - moto accepts any
        "region_name": "eu-west-1",
        "default_acl": None,
        "querystring_auth": True,
    }


def test_round_trip_with_the_files_in_object_storage(settings, s3_server: str, tmp_path: Path) -> None:
    import boto3
    from storages.backends.s3 import S3Storage

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="gir-test",
        aws_secret_access_key="gir-test-secret",  # noqa: S106
        region_name="eu-west-1",
    )
    for bucket in ("gir", "gir-restored"):
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(s3_server, "gir")},
    }
    employee = UserFactory(username="medewerker", roles=[Role.EMPLOYEE])
    incident = IncidentFactory(reporter=employee, team=TeamFactory(name="Publiekszaken"))
    for colour in ("red", "green"):
        upload = SimpleUploadedFile(f"{colour}.png", png(colour), content_type="image/png")
        evidence_add(actor=employee, incident=incident, upload=upload)
    default_storage.save("exports/2026/q4.csv", io.BytesIO(b"maand;aantal\n"))
    source = file_hashes(default_storage)
    assert len(source) == 3

    archive = tmp_path / "gir.tar.gz"
    assert backup_write(archive).files == 3

    # `manage.py restore` in its own process, with the restored bucket as its storage.
    (tmp_path / "s3settings.py").write_text(
        "from config.settings import *  # noqa\n"
        "STORAGES = {**STORAGES, 'default': {'BACKEND': 'storages.backends.s3.S3Storage', "
        f"'OPTIONS': {s3_options(s3_server, 'gir-restored')!r}}}}}\n"
    )
    with scratch_database(tmp_path) as (database_url, _connect):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "s3settings",
            "PYTHONPATH": f"{tmp_path}{os.pathsep}{settings.BASE_DIR}",
            "GIR_DEBUG": "1",
            "DATABASE_URL": database_url,
        }
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert "3 bestanden, elk met de juiste SHA-256" in done.stdout
    assert file_hashes(S3Storage(**s3_options(s3_server, "gir-restored"))) == source


def test_a_bucket_that_does_not_exist_gets_a_clear_message(
    installation, s3_server: str, tmp_path: Path
) -> None:
    from storages.backends.s3 import S3Storage

    missing = S3Storage(**s3_options(s3_server, "bestaat-niet"))
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(BackupError, match=r"De bestandsopslag is niet bereikbaar: .*NoSuchBucket"):
        backup_write(folder / "gir.tar", storage=missing)
    assert list(folder.iterdir()) == []

    backup_write(folder / "gir.tar")
    with pytest.raises(BackupError, match=r"De bestandsopslag is niet bereikbaar: .*NoSuchBucket"):
        restore(folder / "gir.tar", storage=missing)
