/**
 * A real S3-speaking server on loopback for tests: OpenStack Swift with its `s3api` middleware,
 * from Debian's python3-swift (installed by .ci/run and scripts/test-all.sh). Why Swift: our tus
 * staging (@tus/s3-store) needs multipart ListParts and ListMultipartUploads, which the npm S3
 * servers (s3rver and its forks, fauxqs) do not implement and Debian has no MinIO; radosgw
 * needs a whole Ceph cluster. Swift's S3 layer is what production Swift clusters serve, so the
 * app talks the same protocol to it as to AWS, Ceph or MinIO.
 *
 * A one-replica "Swift all in one": proxy (s3api + tempauth) and account/container/object
 * servers (one Python process forking three), rings of one device in a temp directory. `startTestS3()` resolves to
 * null (with the reason) when python3-swift is missing, so a test can skip and say so.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { s3ClientConfig } from "#app/server/shared/storage-s3.server.ts";

const PYTHON = "/usr/bin/python3"; // Debian's interpreter, where python3-swift lives

export interface TestS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The app's environment for this store. */
  env: Record<string, string>;
  client: S3Client;
  close(): Promise<void>;
}

export function swiftMissing(): string | null {
  const probe = fs.existsSync(PYTHON)
    ? spawnSync(PYTHON, ["-c", "import swift.common.middleware.s3api"], { encoding: "utf8" })
    : null;
  return probe?.status === 0
    ? null
    : "OpenStack Swift (Debian package python3-swift) is not installed: apt-get install -y python3-swift";
}

/** A loopback port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const serverConf = (dir: string, kind: string, port: number) => `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
swift_dir = ${dir}
devices = ${dir}/srv
mount_check = false
log_level = WARNING
[pipeline:main]
pipeline = ${kind}-server
[app:${kind}-server]
use = egg:swift#${kind}
`;

// The proxy pipeline Swift documents for s3api with tempauth (multipart uploads need slo).
const proxyConf = (dir: string, port: number, memcachePort: number, user: string, key: string) => `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
swift_dir = ${dir}
log_level = WARNING
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
# No memcached: tempauth needs the client object, S3 signatures are checked without it.
memcache_servers = 127.0.0.1:${memcachePort}
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:tempauth]
use = egg:swift#tempauth
user_${user.replace(":", "_")} = ${key} .admin
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`;

export async function startTestS3(bucket = "gbc-files"): Promise<TestS3 | null> {
  if (swiftMissing()) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gbc-swift-"));
  fs.mkdirSync(path.join(dir, "srv", "d1"), { recursive: true });
  const [proxy, account, container, object, memcache] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const accessKeyId = "gbc:tester";
  const secretAccessKey = "gbc-test-secret";
  fs.writeFileSync(
    path.join(dir, "swift.conf"),
    "[swift-hash]\nswift_hash_path_suffix = gbc-test\nswift_hash_path_prefix = gbc-test\n[storage-policy:0]\nname = default\ndefault = yes\n",
  );
  const rings = spawnSync(
    PYTHON,
    [
      "-c",
      `from swift.common.ring import RingBuilder
for name, port in (("account", ${account}), ("container", ${container}), ("object", ${object})):
    b = RingBuilder(4, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port, "device": "d1", "weight": 100, "meta": ""})
    b.rebalance()
    b.get_ring().save("${dir}/%s.ring.gz" % name)`,
    ],
    { encoding: "utf8" },
  );
  if (rings.status !== 0) throw new Error(`Swift rings: ${rings.stderr}`);
  for (const [kind, port] of [
    ["account", account],
    ["container", container],
    ["object", object],
    ["proxy", proxy],
  ] as const) {
    fs.writeFileSync(
      path.join(dir, `${kind}.conf`),
      kind === "proxy" ? proxyConf(dir, port, memcache, accessKeyId, secretAccessKey) : serverConf(dir, kind, port),
    );
  }
  // One Python start-up for all four servers (imports are most of it): import, then fork the
  // storage servers, which die with the parent (PR_SET_PDEATHSIG); the parent runs the proxy.
  // set_swift_dir first: run_wsgi checks swift.conf before it reads swift_dir from the conf.
  const launcher = `import ctypes, os, signal, sys
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # a test runner that dies takes Swift with it
from swift.common import utils
utils.set_swift_dir(${JSON.stringify(dir)})
from swift.common.wsgi import run_wsgi
import swift.account.server, swift.container.server, swift.obj.server, swift.proxy.server
import swift.common.middleware.s3api.s3api, swift.common.middleware.tempauth, swift.common.middleware.slo
for kind in ("account", "container", "object"):
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)
        sys.exit(run_wsgi(os.path.join(${JSON.stringify(dir)}, kind + ".conf"), kind + "-server"))
sys.exit(run_wsgi(os.path.join(${JSON.stringify(dir)}, "proxy.conf"), "proxy-server"))
`;
  const child: ChildProcess = spawn(PYTHON, ["-c", launcher], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const children = [child];
  const close = async () => {
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              c.once("exit", () => resolve());
              c.kill("SIGTERM");
            }),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const endpoint = `http://127.0.0.1:${proxy}`;
  const client = new S3Client(s3ClientConfig({ bucket, endpoint, accessKeyId, secretAccessKey }));
  // Python start-up is slow on a loaded machine: wait until the bucket can be made.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      break;
    } catch (err) {
      if ((err as { name?: string }).name === "BucketAlreadyOwnedByYou") break;
      const dead = children.find((c) => c.exitCode !== null);
      if (dead || Date.now() > deadline) {
        await close();
        throw new Error(`Swift did not start: ${String(err)}\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    client,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_REGION: "us-east-1",
    },
    close: async () => {
      client.destroy();
      await close();
    },
  };
}
