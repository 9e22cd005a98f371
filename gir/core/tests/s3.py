"""pytest fixtures of a real S3-compatible object store (registered by the root conftest):

- `s3_server` (session): moto's S3 server in its own process on a free port of 127.0.0.1,
  started once, ready when it answers, stopped at the end;
- `s3_storage`: GIR's settings pointed at a new private bucket on it, as README
  "File storage" describes (GIR_STORAGE=s3), for one test. Django's
  setting_changed signal drops the cached `default_storage`, so every FileField of every
  model writes to the bucket during the test and to local disk again after it.
"""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

import boto3
import pytest

from gir.core.tests.servers import free_port, server_process

ROOT = Path(__file__).resolve().parents[3]
ACCESS_KEY = "gir-test-access-key"
SECRET_KEY = "gir-test-secret-key"  # noqa: S105 - the test server's, not a secret
REGION = "eu-west-1"
START_SECONDS = 60


@dataclass
class S3Server:
    url: str
    _template: dict[str, Any] | None = None

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})

    def storage_settings(self, bucket: str) -> dict[str, Any]:
        """STORAGES["default"] as config/settings.py makes it from the GIR_S3_* variables
        (read once, in a child process: the settings module reads the environment at import)."""
        if self._template is None:
            self._template = production_storage(
                {
                    "GIR_STORAGE": "s3",
                    "GIR_S3_BUCKET": "placeholder",
                    "GIR_S3_ENDPOINT_URL": self.url,
                    "GIR_S3_ACCESS_KEY_ID": ACCESS_KEY,
                    "GIR_S3_SECRET_ACCESS_KEY": SECRET_KEY,
                    "GIR_S3_REGION": REGION,
                }
            )
        return {**self._template, "OPTIONS": {**self._template["OPTIONS"], "bucket_name": bucket}}


def production_storage(environ: dict[str, str]) -> dict[str, Any]:
    """config/settings.py's STORAGES["default"] under these environment variables."""
    code = (
        "import json, sys; from config import settings; json.dump(settings.STORAGES['default'], sys.stdout)"
    )
    env = {**os.environ, "GIR_DEBUG": "1", **environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = subprocess.run(  # noqa: S603 - our own settings module, no shell
        [sys.executable, "-c", code], env=env, capture_output=True, check=True, text=True, cwd=ROOT
    ).stdout
    return dict(json.loads(output))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    port = free_port()
    server = S3Server(url=f"http://127.0.0.1:{port}")
    with server_process(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        name="The test S3 server",
        ready_url=f"{server.url}/moto-api/",
        log_path=tmp_path_factory.mktemp("s3-server") / "moto.log",
        start_seconds=START_SECONDS,
    ):
        yield server


@dataclass
class Bucket:
    server: S3Server
    bucket: str

    def object_keys(self) -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.server.client().get_object(Bucket=self.bucket, Key=key)["Body"].read())


@pytest.fixture
def s3_storage(settings: Any, s3_server: S3Server) -> Bucket:
    """GIR's files in a new, private bucket of the test S3 server, for one test."""
    bucket = f"gir-{uuid.uuid4().hex[:12]}"
    s3_server.create_bucket(bucket)
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings(bucket)}
    # The signal has dropped the cached storage: the next file goes to the bucket.
    assert getattr(default_storage, "bucket_name", None) == bucket
    return Bucket(server=s3_server, bucket=bucket)
