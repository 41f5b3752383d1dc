#!/usr/bin/env python3
"""A real, local Kubernetes control plane for tests: etcd + kube-apiserver + controller-manager.

No Docker and no kubelet: Pods stay Pending unless a test sets their status (as a kubelet
would) through the status subresource. Everything listens on 127.0.0.1 with free ports;
nothing outside the work directory is touched.

    python3 tools/controlplane/controlplane.py up [--dir DIR]     # start, print the env to use
    python3 tools/controlplane/controlplane.py down --dir DIR      # stop what `up` started

From Python (the pytest fixtures in tests/controlplane.py)::

    with ControlPlane() as cp:
        cp.admin_kubeconfig        # context "kind-kubeclass", user admin (system:masters)
        cp.kubeconfig_for("learner")   # a static user without any RBAC binding
        cp.server                  # https://127.0.0.1:PORT

Binaries: kube-apiserver and kube-controller-manager from ``build.sh`` (cached under
~/.cache/kubeclass/controlplane/bin, or $KUBECLASS_CONTROLPLANE_DIR/bin), etcd from Debian's
etcd-server, openssl for the service-account key. Stdlib only.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CONTEXT = "kind-kubeclass"
CONTROLLERS = "*,-nodeipam,-nodelifecycle,-ttl"
# Static users of the token file: name -> groups. "admin" is a cluster administrator;
# "learner" and "student-N" have no permissions until a test binds a Role to them.
USERS: dict[str, tuple[str, ...]] = {
    "admin": ("system:masters",),
    "learner": (),
    **{f"student-{i}": () for i in range(1, 4)},
}


def cache_dir() -> Path:
    env = os.environ.get("KUBECLASS_CONTROLPLANE_DIR")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base if env else base / "kubeclass" / "controlplane"


def binaries() -> dict[str, Path | None]:
    """Where each binary is (None when missing)."""
    bin_dir = cache_dir() / "bin"
    found: dict[str, Path | None] = {}
    for name in ("kube-apiserver", "kube-controller-manager"):
        path = bin_dir / name
        found[name] = path if os.access(path, os.X_OK) else None
    for name in ("etcd", "openssl"):
        which = shutil.which(name)
        found[name] = Path(which) if which else None
    return found


def missing() -> list[str]:
    """Names of binaries that are not available (empty: the control plane can start)."""
    return [name for name, path in binaries().items() if path is None]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM when the parent exits."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class ControlPlaneError(RuntimeError):
    """The control plane did not come up; the message holds the end of its logs."""


class ControlPlane:
    """Start/stop the three processes; use as a context manager."""

    def __init__(self, workdir: Path | None = None, *, startup_timeout: float = 90.0,
                 detach: bool = False) -> None:
        shm = Path("/dev/shm")
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="kubeclass-cp-", dir=base))
        self._own_workdir = workdir is None
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.startup_timeout = startup_timeout
        # detach=False: the processes get SIGTERM when this process dies, even by a signal
        # that skips clean-up (a test run killed by a timeout leaves no control plane behind).
        self.detach = detach
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.tokens = {user: secrets.token_hex(16) for user in USERS}
        self.port = free_port()
        self.server = f"https://127.0.0.1:{self.port}"
        self.admin_kubeconfig = self.workdir / "admin.kubeconfig"
        self.ca_file = self.workdir / "certs" / "apiserver.crt"

    # ---- lifecycle

    def __enter__(self) -> ControlPlane:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        absent = missing()
        if absent:
            raise ControlPlaneError(
                f"missing: {', '.join(absent)} (run `bash tools/controlplane/build.sh`; "
                "apt-get install etcd-server openssl)")
        bins = binaries()
        self._write_files()
        etcd_port, peer_port = free_port(), free_port()
        self._spawn("etcd", [
            str(bins["etcd"]), "--name", "kubeclass",
            "--data-dir", str(self.workdir / "etcd"),
            "--listen-client-urls", f"http://127.0.0.1:{etcd_port}",
            "--advertise-client-urls", f"http://127.0.0.1:{etcd_port}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer_port}",
            "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer_port}",
            "--initial-cluster", f"kubeclass=http://127.0.0.1:{peer_port}",
            "--log-level", "warn", "--logger", "zap",
        ])
        self._spawn("kube-apiserver", [
            str(bins["kube-apiserver"]),
            f"--etcd-servers=http://127.0.0.1:{etcd_port}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            f"--secure-port={self.port}", "--insecure-port=0",
            f"--cert-dir={self.workdir / 'certs'}",
            f"--token-auth-file={self.workdir / 'tokens.csv'}",
            f"--client-ca-file={self.workdir / 'client-ca.crt'}",
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-account-signing-key-file={self.workdir / 'sa.key'}",
            f"--service-account-key-file={self.workdir / 'sa.pub'}",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--endpoint-reconciler-type=none",
            "--enable-priority-and-fairness=false",
            "--v=0",
        ])
        self._wait_ready()
        self._write_kubeconfig(self.admin_kubeconfig, "admin", CONTEXT)
        self._spawn("kube-controller-manager", [
            str(bins["kube-controller-manager"]),
            f"--kubeconfig={self.admin_kubeconfig}",
            f"--controllers={CONTROLLERS}",
            f"--service-account-private-key-file={self.workdir / 'sa.key'}",
            f"--root-ca-file={self.ca_file}",
            "--leader-elect=false", "--secure-port=0", "--port=0",
            "--concurrent-deployment-syncs=10", "--concurrent-replicaset-syncs=10",
            "--concurrent-namespace-syncs=10",
            "--v=0",
        ])
        self._wait_controllers()

    def stop(self) -> None:
        for name in ("kube-controller-manager", "kube-apiserver", "etcd"):
            proc = self.procs.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # ---- files

    def _write_files(self) -> None:
        (self.workdir / "certs").mkdir(exist_ok=True)
        with open(self.workdir / "tokens.csv", "w", encoding="utf-8") as out:
            for user, groups in USERS.items():
                group_field = f',"{",".join(groups)}"' if groups else ""
                out.write(f"{self.tokens[user]},{user},{user}{group_field}\n")
        key, pub = self.workdir / "sa.key", self.workdir / "sa.pub"
        subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True,
                       capture_output=True)
        subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-out", str(pub)],
                       check=True, capture_output=True)
        # A client CA and an admin client certificate: kind's kubeconfigs authenticate with
        # client-certificate-data, so that path is tested too.
        w = self.workdir
        for argv in (
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "client-ca.key",
             "-out", "client-ca.crt", "-days", "2", "-subj", "/CN=kubeclass-test-ca"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "admin-cert.key",
             "-out", "admin-cert.csr", "-subj", "/O=system:masters/CN=kubernetes-admin"],
            ["x509", "-req", "-in", "admin-cert.csr", "-CA", "client-ca.crt", "-CAkey",
             "client-ca.key", "-CAcreateserial", "-out", "admin-cert.crt", "-days", "2"],
        ):
            subprocess.run(["openssl", *argv], check=True, capture_output=True, cwd=w)

    def kubeconfig(self, user: str | None = None, *, token: str | None = None,
                   context: str | None = None, namespace: str | None = None) -> dict[str, Any]:
        """A kubeconfig (as data) for a static user or any bearer token."""
        bearer = token or self.tokens[user or "admin"]
        ctx: dict[str, Any] = {"cluster": "kubeclass-test", "user": user or "token"}
        if namespace:
            ctx["namespace"] = namespace
        name = context or user or "token"
        return {
            "apiVersion": "v1", "kind": "Config", "current-context": name,
            "clusters": [{"name": "kubeclass-test", "cluster": {
                "server": self.server, "certificate-authority": str(self.ca_file)}}],
            "users": [{"name": user or "token", "user": {"token": bearer}}],
            "contexts": [{"name": name, "context": ctx}],
        }

    def cert_kubeconfig(self, context: str = CONTEXT) -> Path:
        """A kubeconfig like kind writes: CA, client certificate and key embedded as data
        (user kubernetes-admin in group system:masters)."""
        def data(name: str) -> str:
            return base64.b64encode((self.workdir / name).read_bytes()).decode()

        config = {
            "apiVersion": "v1", "kind": "Config", "current-context": context,
            "clusters": [{"name": context, "cluster": {
                "server": self.server, "certificate-authority-data": data("certs/apiserver.crt")}}],
            "users": [{"name": context, "user": {
                "client-certificate-data": data("admin-cert.crt"),
                "client-key-data": data("admin-cert.key")}}],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
        }
        path = self.workdir / f"{context}-cert.kubeconfig"
        path.write_text(json.dumps(config, indent=1), encoding="utf-8")
        return path

    def _write_kubeconfig(self, path: Path, user: str, context: str) -> None:
        path.write_text(json.dumps(self.kubeconfig(user, context=context), indent=1),
                        encoding="utf-8")

    def kubeconfig_for(self, user: str | None = None, *, token: str | None = None,
                       context: str | None = None, namespace: str | None = None,
                       path: Path | None = None) -> Path:
        """Write a kubeconfig for a static user (or a token) and return its path."""
        data = self.kubeconfig(user, token=token, context=context, namespace=namespace)
        target = path or self.workdir / f"{context or user or 'token'}-{secrets.token_hex(4)}.kubeconfig"
        target.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return target

    # ---- processes

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 - lives with the process
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.workdir,
                                            start_new_session=True,
                                            preexec_fn=None if self.detach else _die_with_parent)

    def log_tail(self, name: str, lines: int = 25) -> str:
        try:
            text = (self.workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _fail(self, what: str) -> ControlPlaneError:
        logs = "\n".join(f"--- {n}.log\n{self.log_tail(n)}" for n in self.procs)
        self.stop()
        return ControlPlaneError(f"{what}\n{logs}")

    def _check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise self._fail(f"{name} exited with code {proc.returncode}")

    def get(self, path: str, user: str = "admin") -> tuple[int, Any]:
        """GET ``path`` as a static user: (status, decoded JSON or text)."""
        context = ssl.create_default_context(cafile=str(self.ca_file)) if self.ca_file.exists() \
            else ssl._create_unverified_context()
        request = urllib.request.Request(self.server + path,
                                         headers={"Authorization": f"Bearer {self.tokens[user]}"})
        try:
            with urllib.request.urlopen(request, context=context, timeout=5) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body.decode("utf-8", "replace")

    def _wait_ready(self) -> None:
        end = time.monotonic() + self.startup_timeout
        while time.monotonic() < end:
            self._check_alive()
            try:
                status, _ = self.get("/readyz")
                if status == 200:
                    return
            except (OSError, ssl.SSLError):
                pass
            time.sleep(0.3)
        raise self._fail("kube-apiserver did not become ready")

    def _wait_controllers(self) -> None:
        """The controller-manager is working once it created the default ServiceAccount."""
        end = time.monotonic() + self.startup_timeout
        while time.monotonic() < end:
            self._check_alive()
            status, body = self.get("/api/v1/namespaces/default/serviceaccounts/default")
            if status == 200 and body.get("secrets"):
                return
            time.sleep(0.3)
        raise self._fail("kube-controller-manager did not create the default ServiceAccount")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start and stay in the background; prints the env to use")
    up.add_argument("--dir", type=Path, help="work directory (default: a new temp dir)")
    down = sub.add_parser("down", help="stop a control plane started with `up`")
    down.add_argument("--dir", type=Path, required=True)
    sub.add_parser("check", help="exit 0 when every binary is available")
    args = parser.parse_args(argv)

    if args.command == "check":
        absent = missing()
        print("ok" if not absent else f"missing: {', '.join(absent)}")
        return 0 if not absent else 1
    if args.command == "up":
        cp = ControlPlane(args.dir, detach=True)
        cp._own_workdir = False  # `down` removes nothing the user may want to read
        cp.start()
        pids = {name: proc.pid for name, proc in cp.procs.items()}
        (cp.workdir / "pids.json").write_text(json.dumps(pids), encoding="utf-8")
        (cp.workdir / "tokens.json").write_text(json.dumps(cp.tokens), encoding="utf-8")
        print(f"export KUBECONFIG={cp.admin_kubeconfig}")
        print(f"# server {cp.server}; stop with: python3 {sys.argv[0]} down --dir {cp.workdir}")
        return 0
    pids = json.loads((args.dir / "pids.json").read_text(encoding="utf-8"))
    for name in ("kube-controller-manager", "kube-apiserver", "etcd"):
        pid = pids.get(name)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    return 0


if __name__ == "__main__":
    sys.exit(main())
