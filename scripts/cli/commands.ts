import prisma from "../../app/db.server";
import { REPLAYABLE_STATUSES, replayEvents } from "../../app/outbox/replay.server";
import { CONSENT_REFUSAL, replayVerdict } from "../../app/outbox/replay-rules";
import { configureDestination, listDestinations } from "../../app/models/destinations.server";
import { getShop, readSettings, saveShopSettings } from "../../app/models/shops.server";
import { metaTokenChecker, tokenCheckNote } from "../../app/models/token-check.server";
import { CliError, flags, isoInstant, positiveInt, requireFlag, shopDomain, status } from "./args";
import { ordersList } from "./orders";
import { ordersAccuracy } from "./accuracy";
import { qualityShow } from "./quality";
import { statusCommand } from "./status";

type Out = (line: string) => void;

export async function runCommand(group: string | undefined, action: string | undefined, args: string[], out: Out): Promise<number> {
  const key = group === "status" ? "status" : `${group ?? ""} ${action ?? ""}`;
  const command = COMMANDS[key];
  if (!command) throw new CliError(group ? `unknown command "${[group, action].filter(Boolean).join(" ")}"` : "no command given", true);
  return command(group === "status" ? [action, ...args].filter((a): a is string => a !== undefined) : args, out);
}

const COMMANDS: Record<string, (args: string[], out: Out) => Promise<number>> = {
  "shop configure": async (args, out) => {
    const f = flags(args, {
      shop: { type: "string" },
      "pixel-id": { type: "string" },
      "access-token": { type: "string" },
      "test-event-code": { type: "string" },
      "consent-mode": { type: "string" },
    });
    const shop = shopDomain(f.shop);
    const mode = f["consent-mode"];
    if (mode !== undefined && !["strict", "regional", "off"].includes(mode))
      throw new CliError(`--consent-mode must be strict, regional or off (got "${mode}")`);
    // The token is checked with Meta (reading the pixel) before anything is stored.
    const result = await configureDestination(
      shop,
      {
        pixelId: requireFlag(f["pixel-id"], "pixel-id"),
        accessToken: requireFlag(f["access-token"], "access-token"),
        testEventCode: f["test-event-code"],
      },
      { checkToken: metaTokenChecker() },
    );
    if (!result.ok) throw new CliError(result.errors.map((e) => `--${kebab(e.field)}: ${e.message}`).join("\n"));
    if (mode) {
      const current = readSettings((await getShop(shop))?.settings);
      const saved = await saveShopSettings(shop, {
        ...current,
        consent: { ...current.consent, mode: mode as "strict" | "regional" | "off" },
      });
      if (!saved.ok) throw new CliError(saved.errors.map((e) => e.message).join("\n"));
    }
    out(
      `${result.created ? "Created" : "Updated"} destination for ${shop} (access token stored encrypted)${result.resumed ? `; resumed ${result.resumed} paused events` : ""}.`,
    );
    const note = tokenCheckNote(result.tokenCheck, f["pixel-id"] ?? "");
    if (note) out(note.text);
    return 0;
  },

  "shop show": async (args, out) => {
    const shop = shopDomain(flags(args, { shop: { type: "string" } }).shop);
    const row = await getShop(shop);
    if (!row) throw new CliError(`no shop ${shop}: configure it first with tandem shop configure`);
    const settings = readSettings(row.settings);
    out(`Shop ${shop}${row.uninstalledAt ? ` (uninstalled ${row.uninstalledAt.toISOString()})` : ""}`);
    out(
      `  consent: ${settings.consent.mode}, grace ${settings.consent.graceMinutes} min, ${settings.consent.optInRegions.length} opt-in regions`,
    );
    out(
      `  value: subtotal${settings.value.includeShipping ? " + shipping" : ""}${settings.value.includeTax ? " + tax" : ""} (${settings.value.currency} currency); catalog ids: ${settings.catalog.idRule}`,
    );
    for (const d of await listDestinations(shop)) {
      const state = d.pausedReason ? `PAUSED: ${d.pausedReason}` : d.enabled ? "sending" : "paused in settings";
      out(`  pixel ${d.pixelId}: ${state}; access token set (hidden)${d.testEventCode ? `; test event code ${d.testEventCode}` : ""}`);
    }
    return 0;
  },

  "events list": async (args, out) => {
    const f = flags(args, {
      shop: { type: "string" },
      status: { type: "string" },
      name: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    });
    const shop = shopDomain(f.shop);
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, status: status(f.status), eventName: f.name },
      orderBy: { createdAt: "desc" },
      take: positiveInt(f.limit, "limit", 50),
      select: {
        id: true,
        eventName: true,
        eventId: true,
        status: true,
        consentReason: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        deliveredAt: true,
        fbtraceId: true,
        isTest: true,
        destination: { select: { pixelId: true } },
      },
    });
    if (f.json) {
      out(
        JSON.stringify(
          rows.map(({ destination, ...row }) => ({ ...row, pixelId: destination.pixelId })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (rows.length === 0) out("No events match.");
    for (const r of rows) {
      out(
        `${r.createdAt.toISOString()}  ${r.eventName.padEnd(16)} ${r.eventId.padEnd(28)} ${r.status.padEnd(15)} pixel ${r.destination.pixelId}  consent: ${r.consentReason}  attempts: ${r.attempts}${r.lastError ? `  reason: ${r.lastError.slice(0, 120)}` : ""}  [${r.id}]`,
      );
    }
    return 0;
  },

  "events replay": async (args, out) => {
    const f = flags(args, { shop: { type: "string" }, id: { type: "string" }, status: { type: "string" } });
    const shop = shopDomain(f.shop);
    if (!f.id === !f.status) throw new CliError("give exactly one of --id or --status", true);
    const from = status(f.status);
    if (from === "blocked") throw new CliError(`--status blocked: ${CONSENT_REFUSAL}`);
    if (from === "paused")
      throw new CliError(
        "--status paused: these events wait for a working access token; fix it with tandem shop configure and they are all sent.",
      );
    if (from && !(REPLAYABLE_STATUSES as readonly string[]).includes(from)) {
      throw new CliError(
        `--status: only ${REPLAYABLE_STATUSES.join(" and ")} events can be replayed (delivered ones were counted by Meta already)`,
      );
    }
    if (f.id) {
      // One id: the same rules as the admin's "Send again", with the reason when refused.
      const row = await prisma.outboxEvent.findFirst({
        where: { id: f.id, shopDomain: shop },
        select: { id: true, status: true, consentAction: true, eventTime: true, payload: true, lastError: true },
      });
      if (!row) throw new CliError(`no event ${f.id} for ${shop}`);
      const verdict = replayVerdict(row, new Date());
      if (verdict.kind !== "replay") throw new CliError(`event ${f.id} not queued: ${verdict.why}`);
      const count = await replayEvents({ shopDomain: shop, ids: [row.id], status: [row.status as "failed" | "expired"] });
      out(`Queued ${count} event(s) for ${shop} to be sent again.`);
      return 0;
    }
    const count = await replayEvents({ shopDomain: shop, status: [from as "failed" | "expired"] });
    out(`Queued ${count} event(s) for ${shop} to be sent again.`);
    return 0;
  },

  "orders list": async (args, out) => {
    const f = flags(args, {
      shop: { type: "string" },
      since: { type: "string" },
      q: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    });
    return ordersList(
      {
        shop: shopDomain(f.shop),
        since: isoInstant(f.since, "since"),
        q: f.q,
        limit: positiveInt(f.limit, "limit", 100),
        json: Boolean(f.json),
      },
      out,
    );
  },

  "orders accuracy": async (args, out) => {
    const f = flags(args, { shop: { type: "string" }, days: { type: "string" }, json: { type: "boolean" } });
    return ordersAccuracy({ shop: shopDomain(f.shop), days: positiveInt(f.days, "days", 7), json: Boolean(f.json) }, out);
  },

  "quality show": async (args, out) => {
    const f = flags(args, { shop: { type: "string" }, refresh: { type: "boolean" }, json: { type: "boolean" } });
    return qualityShow({ shop: shopDomain(f.shop), refresh: Boolean(f.refresh), json: Boolean(f.json) }, out);
  },

  status: async (args, out) => {
    const f = flags(args, { shop: { type: "string" }, json: { type: "boolean" } });
    return statusCommand({ shop: f.shop === undefined ? undefined : shopDomain(f.shop), json: Boolean(f.json) }, out);
  },
};

const kebab = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
