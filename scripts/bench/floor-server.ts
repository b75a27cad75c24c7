/**
 * The floor for `npm run bench`: the least a webhook receiver can do and still be
 * correct and durable. A bare node:http server that reads the body, verifies the HMAC
 * (timing-safe), parses the JSON and inserts one row (what Shopify sent) with
 * better-sqlite3 in WAL mode, synchronous=NORMAL, like the app's database. No
 * framework, no mapping, no consent, no outbox. Tandem's ingest is reported as a share of it.
 * Started as its own process by scripts/bench.ts: PORT, SECRET, DB_FILE in env.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";

const { PORT = "0", SECRET = "", DB_FILE = ":memory:" } = process.env;
const db = new Database(DB_FILE);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  `CREATE TABLE IF NOT EXISTS received (webhook_id TEXT PRIMARY KEY, shop TEXT NOT NULL, topic TEXT NOT NULL, order_id TEXT, body TEXT NOT NULL, received_at TEXT NOT NULL)`,
);
const insert = db.prepare("INSERT INTO received (webhook_id, shop, topic, order_id, body, received_at) VALUES (?, ?, ?, ?, ?, ?)");

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const expected = createHmac("sha256", SECRET).update(raw).digest();
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    let order: { id?: unknown };
    try {
      order = JSON.parse(raw.toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    try {
      insert.run(
        String(req.headers["x-shopify-webhook-id"]),
        String(req.headers["x-shopify-shop-domain"]),
        String(req.headers["x-shopify-topic"]),
        order?.id == null ? null : String(order.id),
        raw.toString("utf8"),
        new Date().toISOString(),
      );
    } catch {
      res.writeHead(200).end(); // a repeated webhook id: already stored
      return;
    }
    res.writeHead(200).end();
  });
});
server.listen(Number(PORT), "127.0.0.1", () => {
  console.log(`floor listening on ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
