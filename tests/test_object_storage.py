"""With STORAGE_BUCKET the uploads and built reports live in a private bucket
(S3 or S3-compatible; moto stands in for it here): they are written there,
never to MEDIA_ROOT, read back through the views that check who is asking,
deleted there, and left out of `make backup`, which says so."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from cas_project import backup
from communities.models import MilestoneKind, Report
from communities.services.reports import sweep

pytestmark = pytest.mark.django_db

BUCKET = "cas-archivos"


@pytest.fixture
def bucket(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "access_key": "k",
                    "secret_key": "s",
                    "default_acl": None,
                    "querystring_auth": True,
                    "file_overwrite": False,
                    "max_memory_size": 1024,
                },
            },
        }
        yield client


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_evidence_goes_to_the_bucket_privately_and_downloads_through_the_view(client, cas, outsider, bucket, settings):
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    client.force_login(cas.director)
    content = b"%PDF-1.4 resultados " + b"0" * 4096  # past max_memory_size: spooled to a temporary file
    real = SimpleUploadedFile("resultados.pdf", content)
    url = reverse("communities:milestone_complete", args=[cas.pk, milestone.pk])
    assert client.post(url, {"file": real, "text": "Resultados"}).status_code == 302

    [key] = _keys(bucket)
    assert key.startswith("evidence/") and key.endswith(".pdf")
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner alone
    assert not settings.MEDIA_ROOT.exists()

    evidence = reverse("communities:milestone_evidence", args=[cas.pk, milestone.pk])
    download = client.get(evidence)
    assert download["Content-Disposition"] == 'attachment; filename="resultados.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content

    client.force_login(outsider)
    assert client.get(evidence).status_code == 404


def test_a_report_is_built_into_the_bucket_served_by_the_app_and_swept_from_it(
    client, cas, bucket, django_capture_on_commit_callbacks
):
    client.force_login(cas.director)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:progress_report", args=[cas.pk]))
    report = Report.objects.get()
    assert report.status == Report.Status.READY
    assert _keys(bucket) == [report.file.name]

    response = client.get(reverse("communities:report_download", args=[report.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    Report.objects.filter(pk=report.pk).update(expires_at=report.finished_at)
    sweep()
    assert _keys(bucket) == []


@pytest.mark.django_db(transaction=True)  # SQLite's backup API copies committed pages
def test_a_backup_leaves_the_bucket_to_its_own_versioning_and_says_so(bucket, settings, tmp_path, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"
    assert backup.main(["create"]) == 0
    said = capsys.readouterr().out
    assert "in object storage (STORAGE_BUCKET) and not in this backup" in said
    [folder] = settings.BACKUP_DIR.iterdir()
    manifest = backup.read_manifest(folder)
    assert manifest["media"] == backup.OBJECT_STORAGE and manifest["files"] == {}
    assert not (folder / backup.MEDIA_TAR).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_bucket_is_not_restored_where_uploads_are_files(bucket, settings, tmp_path):
    folder = backup.create(backup_dir=tmp_path / "backups")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with pytest.raises(backup.BackupError, match="uploads in a bucket"):
        backup.restore(folder)
