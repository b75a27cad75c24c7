/**
 * A throwaway PostgreSQL cluster on a loopback port, for tests, benchmarks and for
 * writing PostgreSQL migrations (`prisma migrate diff` needs a server even between two
 * schema files). Uses the server binaries of Debian's `postgresql` package; as root
 * (CI) it runs them as the `postgres` user, since PostgreSQL refuses to run as root.
 * Durability is switched off (fsync, synchronous_commit): the data is thrown away.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const DIR_PREFIX = "tandem-pg-";

/** The directory holding initdb/pg_ctl, or null with the reason it was not found. */
export function findPostgresBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, "bin"));
  }
  const onPath = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (onPath.status === 0) candidates.push(onPath.stdout.trim());
  for (const dir of candidates) {
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return { bin: dir };
  }
  return {
    bin: null,
    reason: "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's `postgresql` package or set PG_BIN to their directory",
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

function run(bin, command, args) {
  const file = path.join(bin, command);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  return execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

/**
 * Stops clusters left behind by runs that were killed (their owner pid is gone), so a
 * killed test run does not leave a postgres server behind for ever.
 */
function reapOrphans(bin) {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(tmpdir(), name);
    const ownerFile = path.join(dir, "owner.pid");
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, "utf8"));
    if (isAlive(owner)) continue;
    try {
      run(bin, "pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Starts a cluster and returns { url, port, stop() }. `url` points at the `postgres`
 * database as a superuser named tandem (trust authentication on 127.0.0.1 only).
 */
export async function startPostgresCluster(options = {}) {
  const found = findPostgresBin();
  if (!found.bin) throw new Error(found.reason);
  const bin = found.bin;
  reapOrphans(bin);
  const dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, "owner.pid"), String(options.ownerPid ?? process.pid));
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const user = "tandem";
  run(bin, "initdb", ["-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${options.maxConnections ?? 300}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c shared_buffers=64MB",
  ].join(" ");
  run(bin, "pg_ctl", ["-D", data, "-o", settings, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  const url = `postgresql://${user}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `url` with its database name replaced. */
export function databaseUrl(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
