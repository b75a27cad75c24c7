import { afterEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/db.server";
import { loader } from "~/routes/healthz";
import packageJson from "../../package.json";

afterEach(() => {
  globalThis.tandemPrisma = undefined;
});

describe("/healthz", () => {
  it("GIVEN a reachable database THEN 200 with the version and the backlog", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, database: "reachable", version: packageJson.version, backlog: {} });
  });

  it("GIVEN a database that cannot be opened THEN 503 with the reason", async () => {
    globalThis.tandemPrisma = createPrismaClient("file:/nonexistent-dir/tandem.sqlite");
    const response = await loader();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { reason: string };
    expect(body).toMatchObject({ ok: false, database: "unreachable", version: packageJson.version });
    expect(body.reason).toEqual(expect.any(String));
  });
});
