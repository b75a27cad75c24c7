import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * Prisma's PostgreSQL driver adapter (@prisma/adapter-pg over a `pg` pool).
 *
 * The app uses it as shipped. The Prisma CLI (migrate deploy/diff/status, through
 * prisma.config.ts) needs two fixes:
 * - the adapter cannot map PostgreSQL's `name` and `"char"` column types, which the
 *   migration engine's catalogue queries return: those columns are reported as text;
 * - its shadow database (`migrate diff --from-migrations`) is created through a pool
 *   built from `{ ...config, database }`, which a connection string silently overrides,
 *   and dropped while still connected: the pool is built from the URL's parts and the
 *   shadow database is dropped WITH (FORCE) after its pool has ended.
 */
export function createPostgresAdapter(url: string, options: { forCli?: boolean; poolSize?: number; pool?: pg.Pool } = {}) {
  if (options.pool) return new PrismaPg(options.pool);
  if (!options.forCli) return new PrismaPg({ connectionString: url, max: options.poolSize });
  return new CliPostgresAdapter(poolConfig(url));
}

/**
 * The process's one pool (db.server.ts): Prisma's adapter and the ingest's direct
 * statements (app/ingest/postgres-ingest-store.server.ts) share it, so DATABASE_POOL_SIZE
 * still bounds what one process opens. Prisma does not end a pool it was given; idle
 * connections do not keep the process alive (allowExitOnIdle) and a graceful stop ends
 * it (endProcessPool in db.server.ts).
 */
export function createProcessPool(url: string, poolSize: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, allowExitOnIdle: true });
  // An idle connection the server ended (restart, failover, a dropped database) is
  // discarded by the pool and the next query opens a new one. Without a listener the
  // pool's "error" event would end the process; Prisma's adapter only listens while connected.
  pool.on("error", () => undefined);
  return pool;
}

// Catalogue column types the adapter has no mapping for, read as text: `name` (19) and
// the single-byte `"char"` (18) that the migration engine's introspection selects.
const PG_CATALOGUE_TEXT_TYPES = new Set([18, 19]);
const PG_TYPE_TEXT = 25;

type Field = { dataTypeID: number };

function nameAsText<T>(result: T): T {
  for (const field of (result as { fields?: Field[] } | undefined)?.fields ?? [])
    if (PG_CATALOGUE_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = PG_TYPE_TEXT;
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's overloads are not expressible in a subclass: both the promise form (a client)
  // and the callback form (what pg.Pool#query uses) are handled.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => last(error, error ? result : nameAsText(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(nameAsText) : result;
  }
}

function poolConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || undefined,
    ssl: /^(require|verify-ca|verify-full)$/.test(parsed.searchParams.get("sslmode") ?? "")
      ? { rejectUnauthorized: parsed.searchParams.get("sslmode") !== "require" }
      : undefined,
    Client: NameAsTextClient,
  };
}

type ScriptRunner = { executeScript(script: string): Promise<void> };

/**
 * The adapter runs a migration script by splitting it on every ";", which cuts a
 * PL/pgSQL function body in pieces (the rollup triggers, docs/decisions/016). PostgreSQL
 * takes a whole argument-less script in one simple query, so it is sent as written.
 */
function wholeScripts<T extends ScriptRunner>(adapter: T): T {
  const { client, onError } = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await client.query(script);
    } catch (error) {
      onError.call(adapter, error);
    }
  };
  return adapter;
}

class CliPostgresAdapter extends PrismaPg {
  constructor(private readonly cliConfig: pg.PoolConfig) {
    super(cliConfig);
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = new pg.Client({ ...this.cliConfig, Client: undefined } as pg.ClientConfig);
    await admin.connect();
    const database = `prisma_shadow_${crypto.randomUUID().replace(/-/g, "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const shadow = wholeScripts(await new PrismaPg({ ...this.cliConfig, database }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ ...this.cliConfig, Client: undefined } as pg.ClientConfig);
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return shadow;
  }
}
