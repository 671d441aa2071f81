"""``loss-tui fetch cifar10`` against a local HTTP server serving a small archive built here."""

import hashlib
import http.server
import io
import pickle
import tarfile
import threading

import numpy as np
import pytest

from engine.datasets import cifar, load_dataset
from engine.datasets import fetch as fetch_module
from tui.cli import main

BATCHES = (*cifar.TRAIN_BATCHES, cifar.TEST_BATCH)


def batch_bytes(n: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    return pickle.dumps({b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
                         b"labels": [int(v) for v in rng.integers(0, 10, n)]}, protocol=2)


def add_file(tar, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def build_archive(skip=(), hostile=True) -> bytes:
    """A CIFAR-10 python archive with 2–3 records per batch, plus members that must never land."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        folder = tarfile.TarInfo(cifar.PY_FOLDER)
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for i, name in enumerate(BATCHES):
            if name not in skip:
                add_file(tar, f"{cifar.PY_FOLDER}/{name}", batch_bytes(2 + i % 2, i))
        add_file(tar, f"{cifar.PY_FOLDER}/readme.html", b"<p>CIFAR-10</p>")
        if hostile:
            add_file(tar, "../evil.txt", b"escaped")
            add_file(tar, f"{cifar.PY_FOLDER}/../../evil2.txt", b"escaped")
            add_file(tar, "/tmp/loss-tui-evil-absolute.txt", b"escaped")
            add_file(tar, f"{cifar.PY_FOLDER}/unexpected.py", b"import os")
            link = tarfile.TarInfo(f"{cifar.PY_FOLDER}/batches.meta")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(link)
    return buffer.getvalue()


class ArchiveServer(http.server.ThreadingHTTPServer):
    """Serves ``payload`` at /cifar.tar.gz with Range support; can cut a response short."""

    def __init__(self, payload: bytes):
        super().__init__(("127.0.0.1", 0), RangeHandler)
        self.payload, self.cut_after, self.ranges_supported = payload, None, True
        self.ranges: list[str | None] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cifar.tar.gz"


class RangeHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        if self.path != "/cifar.tar.gz":
            self.send_error(404, "Not Found")
            return
        requested = self.headers.get("Range")
        server.ranges.append(requested)
        start = int(requested[6:-1]) if requested and server.ranges_supported else 0
        total = len(server.payload)
        if start >= total:
            self.send_error(416, "Range Not Satisfiable")
            return
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
        self.send_header("Content-Length", str(total - start))
        self.end_headers()
        body = server.payload[start:]
        if server.cut_after is not None:
            body = body[:server.cut_after]
            self.close_connection = True
        self.wfile.write(body)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "loss-tui" / "cifar10"


@pytest.fixture
def serve():
    servers = []

    def start(payload: bytes) -> ArchiveServer:
        server = ArchiveServer(payload)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def fetch(capsys, server, md5=None, *extra):
    md5 = md5 or hashlib.md5(server.payload).hexdigest()
    code = main(["fetch", "cifar10", "--url", server.url, "--md5", md5, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_extracts_only_expected_files(capsys, cache, serve, tmp_path):
    server = serve(build_archive())
    code, out, err = fetch(capsys, server)
    assert code == 0 and err == ""
    assert out == f"CIFAR-10 is ready in {cache / cifar.PY_FOLDER}\n"
    assert sorted(p.name for p in cache.iterdir()) == [cifar.PY_FOLDER]  # no .part, no staging
    assert sorted(p.name for p in (cache / cifar.PY_FOLDER).iterdir()) == sorted([*BATCHES, "readme.html"])
    assert not any(p.name.startswith("evil") for p in tmp_path.rglob("*"))
    assert not (tmp_path / "cache" / "loss-tui" / "evil.txt").exists()
    data = load_dataset("cifar10")
    assert data.X_train.shape == (2 + 3 + 2 + 3 + 2, 3073) and data.X_test.shape == (3, 3073)
    assert server.ranges == [None]
    code, out, _ = fetch(capsys, server)  # already there: nothing downloaded
    assert code == 0 and server.ranges == [None]
    code, out, _ = fetch(capsys, server, None, "--force")
    assert code == 0 and server.ranges == [None, None]


def test_interrupted_download_resumes_with_a_range_request(capsys, cache, serve):
    server = serve(build_archive())
    total, half = len(server.payload), len(server.payload) // 2
    server.cut_after = half
    code, out, err = fetch(capsys, server)
    assert code == 1 and out == ""
    assert err == f"loss-tui fetch: download interrupted after {half} of {total} bytes; run again to resume\n"
    part = cache / "cifar-10-python.tar.gz.part"
    assert part.read_bytes() == server.payload[:half]
    server.cut_after = None
    code, out, err = fetch(capsys, server)
    assert code == 0 and err == "" and server.ranges == [None, f"bytes={half}-"]
    assert not part.exists() and load_dataset("cifar10").X_test.shape == (3, 3073)


def test_server_without_ranges_restarts_cleanly(capsys, cache, serve):
    server = serve(build_archive())
    server.cut_after, server.ranges_supported = 1000, False
    assert fetch(capsys, server)[0] == 1
    server.cut_after = None
    code, _, _ = fetch(capsys, server)
    assert code == 0 and server.ranges == [None, "bytes=1000-"]  # asked, got the whole file (200)


def test_checksum_mismatch_deletes_the_download(capsys, cache, serve):
    server = serve(build_archive())
    code, out, err = fetch(capsys, server, "0" * 32)
    actual = hashlib.md5(server.payload).hexdigest()
    assert code == 2 and out == ""
    assert err == (f"loss-tui fetch: checksum mismatch: MD5 {actual}, expected {'0' * 32}; "
                   f"deleted the download, run again '{server.url}'\n")
    assert list(cache.iterdir()) == []


def test_archive_without_a_batch_is_refused_and_cleaned_up(capsys, cache, serve):
    server = serve(build_archive(skip=("data_batch_3",)))
    code, _, err = fetch(capsys, server)
    assert code == 2 and err.startswith("loss-tui fetch: archive lacks data_batch_3")
    assert sorted(p.name for p in cache.iterdir()) == ["cifar-10-python.tar.gz.part"]  # verified, kept


def test_damaged_batch_inside_the_archive_is_refused(capsys, cache, serve):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in BATCHES:
            add_file(tar, f"{cifar.PY_FOLDER}/{name}", b"\x80\x02cos\nsystem\n." if name == "test_batch"
                     else batch_bytes(2, 0))
    server = serve(buffer.getvalue())
    code, _, err = fetch(capsys, server)
    assert code == 2 and "refusing to load os.system" in err
    assert not (cache / cifar.PY_FOLDER).exists()
    assert [p.name for p in cache.iterdir() if p.name.startswith(".extract")] == []


def test_interrupted_extraction_cleans_up_and_the_rerun_finishes(capsys, cache, serve, monkeypatch):
    server = serve(build_archive())

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(fetch_module.cifar, "cifar_images", interrupted)
        assert fetch(capsys, server)[0] == 130
    assert sorted(p.name for p in cache.iterdir()) == ["cifar-10-python.tar.gz.part"]
    code, _, _ = fetch(capsys, server)
    size = len(server.payload)
    assert code == 0 and server.ranges == [None, f"bytes={size}-"]  # answered 416: already complete


def test_network_failures_exit_1(capsys, cache, serve):
    server = serve(b"")
    code = main(["fetch", "cifar10", "--url", server.url.replace("cifar", "other"), "--md5", "0" * 32])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("loss-tui fetch: download failed: HTTP 404 Not Found from ")
    server.shutdown()
    server.server_close()
    code = main(["fetch", "cifar10", "--url", server.url, "--md5", "0" * 32])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("loss-tui fetch: download failed:") and len(err.splitlines()) == 1


@pytest.mark.parametrize("argv, message", [
    (["fetch", "mnist"], "loss-tui fetch: unknown dataset 'mnist' (choose cifar10 or shapes)"),
    (["fetch"], "loss-tui fetch: the following arguments are required: DATASET"),
])
def test_bad_arguments(capsys, argv, message):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err == message + "\n"


def test_fetch_shapes_fills_the_cache(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("engine.datasets.shapes.DEFAULT_TRAIN", 100)
    monkeypatch.setattr("engine.datasets.shapes.DEFAULT_TEST", 20)
    code = main(["fetch", "shapes"])
    out, _ = capsys.readouterr()
    assert code == 0 and out == "shapes is ready (100 training and 20 test images)\n"
    cached = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "cache" / "loss-tui" / "features").iterdir())
    assert cached == ["X_test.npy", "X_train.npy", "meta.json", "y_test.npy", "y_train.npy"]


def test_an_endless_source_stops_at_the_archives_size(capsys, cache, monkeypatch):
    monkeypatch.setattr(fetch_module, "CIFAR10_BYTES", 3_000_000)  # the real cap: 170,498,071 + 1 MiB
    monkeypatch.setattr(fetch_module, "SIZE_MARGIN", 1000)
    code = main(["fetch", "cifar10", "--url", "file:///dev/zero"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == ("loss-tui fetch: the download passed 3,001,000 bytes, more than the CIFAR-10 archive "
                   "has; stopped and deleted it: is 'file:///dev/zero' the archive?\n")
    assert list(cache.iterdir()) == []  # no .part left to fill the disk


def test_a_server_announcing_too_much_is_refused_before_reading(capsys, cache, serve, monkeypatch):
    server = serve(build_archive())
    monkeypatch.setattr(fetch_module, "CIFAR10_BYTES", len(server.payload) // 2)
    monkeypatch.setattr(fetch_module, "SIZE_MARGIN", 0)
    code, out, err = fetch(capsys, server)
    assert code == 2 and "more than the CIFAR-10 archive has" in err and list(cache.iterdir()) == []


def test_an_oversized_part_from_an_earlier_run_is_discarded(capsys, cache, serve, monkeypatch):
    server = serve(build_archive())
    monkeypatch.setattr(fetch_module, "CIFAR10_BYTES", len(server.payload))
    monkeypatch.setattr(fetch_module, "SIZE_MARGIN", 10)
    cache.mkdir(parents=True)
    (cache / "cifar-10-python.tar.gz.part").write_bytes(b"\0" * (len(server.payload) + 11))
    code, _, err = fetch(capsys, server)
    assert code == 0 and err == "" and server.ranges == [None]  # started again from byte 0
