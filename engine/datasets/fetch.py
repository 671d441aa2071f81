"""Downloading CIFAR-10: resumable, checksum-verified, extracting only the expected files.

The official python archive (170,498,071 bytes) is downloaded to
``<cache>/cifar10/cifar-10-python.tar.gz.part``; a later run continues it with an HTTP Range
request. The download stops at that size plus SIZE_MARGIN (an endless source cannot fill the
disk), and once complete its MD5 must equal the published one. Only the regular files
``cifar-10-batches-py/<name>`` with a name from MEMBERS are copied out — each to a name this
module chooses, so no member can write outside the folder — into a temporary folder that is
checked with the loader and then renamed into place.
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from engine.datasets import cifar
from engine.datasets.dataset import DatasetError, ProgressCallback

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"  # published on https://www.cs.toronto.edu/~kriz/cifar.html
CIFAR10_BYTES = 170_498_071  # the archive's size
SIZE_MARGIN = 1 << 20  # a download may exceed the known size by this much before it is stopped
ARCHIVE_NAME = "cifar-10-python.tar.gz"
REQUIRED = (*cifar.TRAIN_BATCHES, cifar.TEST_BATCH)
MEMBERS = (*REQUIRED, "batches.meta", "readme.html")
BLOCK_BYTES = 1 << 20
TIMEOUT_S = 30


class FetchError(RuntimeError):
    """The download failed (network, server); a partial download is kept for the next run."""


def _open(url: str, offset: int):
    headers = {"User-Agent": "loss-tui"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S)


def _too_large(part: Path, url: str, max_bytes: int):
    """Delete PART and refuse: what is arriving is not the archive (file:///dev/zero, a wrong URL)."""
    part.unlink(missing_ok=True)
    return DatasetError(f"the download passed {max_bytes:,} bytes, more than the CIFAR-10 archive has; "
                        f"stopped and deleted it: is '{url}' the archive?")


def download(url: str, part: Path, progress: ProgressCallback | None = None,
             max_bytes: int | None = None) -> Path:
    """Fetch URL into PART, continuing after PART's current size when the server allows ranges.

    Stops (DatasetError, PART deleted) once more than MAX_BYTES (default: the archive's known size
    plus SIZE_MARGIN) would be written, so an endless or wrong source cannot fill the disk.
    """
    max_bytes = CIFAR10_BYTES + SIZE_MARGIN if max_bytes is None else max_bytes
    offset = part.stat().st_size if part.exists() else 0
    if offset > max_bytes:
        part.unlink()
        offset = 0
    try:
        response = _open(url, offset)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # nothing left to send: the part is already complete
            return part
        raise FetchError(f"download failed: HTTP {exc.code} {exc.reason} from '{url}'") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(f"download failed: {getattr(exc, 'reason', exc)} for '{url}'") from None
    with response:
        resumed = offset and response.status == 206 and \
            response.headers.get("Content-Range", "").startswith(f"bytes {offset}-")
        done = offset if resumed else 0
        length = response.headers.get("Content-Length")
        total = done + int(length) if length and length.isdigit() else 0
        if total > max_bytes:
            raise _too_large(part, url, max_bytes)
        try:
            with open(part, "ab" if resumed else "wb") as out:
                while block := response.read(min(BLOCK_BYTES, max_bytes + 1 - done)):
                    out.write(block)
                    done += len(block)
                    if done > max_bytes:
                        break
                    if progress:
                        progress("downloading CIFAR-10", done, total)
        except (OSError, urllib.error.URLError) as exc:
            raise FetchError(f"download interrupted after {done} bytes ({exc}); run again to resume") from None
        if done > max_bytes:
            raise _too_large(part, url, max_bytes)
    if total and done != total:
        raise FetchError(f"download interrupted after {done} of {total} bytes; run again to resume")
    return part


def md5_of(path: Path) -> str:
    """Hex MD5 of a file, read in blocks."""
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _member_name(member: tarfile.TarInfo) -> str | None:
    """The MEMBERS name this tar entry stands for, or None to skip it (anything unexpected)."""
    name = member.name[2:] if member.name.startswith("./") else member.name
    folder, slash, base = name.partition("/")
    if folder == cifar.PY_FOLDER and slash and base in MEMBERS and member.isfile():
        return base
    return None


def extract_batches(archive: Path, target: Path) -> list[str]:
    """Copy the expected members of ARCHIVE into TARGET (replaced atomically); the skipped names."""
    staging = Path(tempfile.mkdtemp(prefix=".extract-", dir=target.parent))
    skipped, found = [], set()
    try:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    base = _member_name(member)
                    if base is None:
                        skipped.append(member.name)
                        continue
                    with tar.extractfile(member) as source, open(staging / base, "wb") as out:
                        shutil.copyfileobj(source, out)
                    found.add(base)
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise DatasetError(f"damaged archive '{archive}' ({exc})") from None
        missing = [name for name in REQUIRED if name not in found]
        if missing:
            raise DatasetError(f"archive lacks {', '.join(missing)} '{archive}'")
        cifar.cifar_images(staging)  # refuses anything the loader would refuse later
        staging.chmod(0o755)  # mkdtemp made it private; the batches are public data
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return skipped


def fetch_cifar10(url: str = CIFAR10_URL, md5: str = CIFAR10_MD5, root: Path | None = None,
                  progress: ProgressCallback | None = None, force: bool = False,
                  max_bytes: int | None = None) -> Path:
    """Download, verify and extract CIFAR-10 into ROOT (default <cache>/cifar10); the batches folder.

    Already extracted → nothing is downloaded unless FORCE. A checksum mismatch deletes the
    download and raises DatasetError; a network failure keeps it for resuming and raises FetchError.
    """
    root = Path(root) if root else cifar.default_root()
    target = root / cifar.PY_FOLDER
    if (target / cifar.TEST_BATCH).is_file() and not force:
        return target
    root.mkdir(parents=True, exist_ok=True)
    part = root / f"{ARCHIVE_NAME}.part"
    download(url, part, progress, max_bytes)
    actual = md5_of(part)
    if actual != md5.lower():
        part.unlink()
        raise DatasetError(f"checksum mismatch: MD5 {actual}, expected {md5.lower()}; "
                           f"deleted the download, run again '{url}'")
    if progress:
        progress("extracting CIFAR-10", 0, 1)
    extract_batches(part, target)
    part.unlink()
    return target
