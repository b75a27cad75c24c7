import { Prisma } from "@prisma/client";
import { getConfig } from "../config.server";
import prisma from "../db.server";
import { endHealthCondition, ensureHealthCondition, startHealthCondition } from "../db/statements/health-alerts.server";
import { CONDITION_TITLES, evaluateConditions, type Condition, type ConditionKey } from "../models/health-conditions.server";
import { NOTICE_CONDITIONS } from "../models/quality-conditions.server";
import { alertRecipients, getShopProfile } from "../shopify/shop-profile.server";
import { dayOf } from "../models/shop-time";
import type { SendMail } from "./mailer.server";

// When a health condition starts or ends, the shop's alert addresses get one email, at
// most once per condition, transition and shop day. Safe with several instances: the
// transition is a conditional UPDATE (one instance sees 1 row changed), and the email is
// claimed by inserting its unique (shop, condition, day, transition) row first.

const ALL: ConditionKey[] = Object.keys(CONDITION_TITLES) as ConditionKey[];
/** Conditions the merchant made themselves (a pixel paused in Settings): shown on the overview, never mailed. */
const NOT_MAILED: ReadonlySet<ConditionKey> = new Set<ConditionKey>(["pixel_off"]);

export type AlertRun = { started: ConditionKey[]; ended: ConditionKey[]; mailed: number; failed: number };

/** `apiKey`: the app's client id, for links that open the app inside the Shopify admin (default: the configured one). */
export type AlertOptions = { now: Date; send: SendMail | null; apiKey?: string };

export async function checkShopAlerts(shopDomain: string, options: AlertOptions): Promise<AlertRun> {
  const { now } = options;
  const conditions = await evaluateConditions(shopDomain, now);
  const active = new Map(conditions.map((c) => [c.key, c]));
  const run: AlertRun = { started: [], ended: [], mailed: 0, failed: 0 };
  for (const key of ALL) {
    const condition = active.get(key);
    if (condition) {
      await ensureHealthCondition(prisma, shopDomain, key, now);
      const changed = await startHealthCondition(prisma, shopDomain, key, condition.detail.slice(0, 500), now);
      if (changed === 1) run.started.push(key);
    } else {
      const changed = await endHealthCondition(prisma, shopDomain, key, now);
      if (changed === 1) run.ended.push(key);
    }
  }
  if (run.started.length === 0 && run.ended.length === 0) return run;

  const profile = await getShopProfile(shopDomain);
  const to = alertRecipients(profile);
  const day = dayOf(now, profile.timezone);
  const transitions = [
    ...run.started.map((key) => ({ key, transition: "start" as const, condition: active.get(key)! })),
    // A notice (a drop, a new diagnostic) ending is not a resolution: no "Resolved" mail.
    ...run.ended.filter((key) => !NOTICE_CONDITIONS.has(key)).map((key) => ({ key, transition: "end" as const, condition: null })),
  ];
  for (const { key, transition, condition } of transitions) {
    if (to.length === 0 || NOT_MAILED.has(key)) continue;
    const claimed = await claimEmail(shopDomain, key, day, transition, to, now);
    if (!claimed) continue;
    const message = alertMessage(shopDomain, key, transition, condition, options.apiKey ?? getConfig().SHOPIFY_API_KEY);
    const result = options.send
      ? await options.send({ to, ...message })
      : { ok: false as const, error: "SMTP_URL is not set: alert recorded, not mailed" };
    await prisma.alertEmail.update({ where: { id: claimed }, data: result.ok ? { sentAt: new Date() } : { error: result.error } });
    if (result.ok) run.mailed++;
    else run.failed++;
  }
  return run;
}

async function claimEmail(
  shopDomain: string,
  condition: string,
  day: string,
  transition: string,
  to: string[],
  now: Date,
): Promise<string | null> {
  try {
    const row = await prisma.alertEmail.create({
      data: { shopDomain, condition, day, transition, recipients: to.join(","), createdAt: now },
    });
    return row.id;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}

/**
 * A page of the app inside the Shopify admin: `https://<shop>/admin/apps/<client id><path>`,
 * the embedded-app address Shopify's own library builds (the admin moves it to
 * admin.shopify.com and keeps the path), so the mail opens the page with the problem's
 * events, not the admin's list of apps.
 */
export function appPageUrl(shopDomain: string, apiKey: string, path: string): string {
  return `https://${shopDomain}/admin/apps/${encodeURIComponent(apiKey)}${path.startsWith("/") ? path : `/${path}`}`;
}

export function alertMessage(
  shopDomain: string,
  key: ConditionKey,
  transition: "start" | "end",
  condition: Condition | null,
  apiKey: string,
) {
  const title = CONDITION_TITLES[key];
  if (transition === "end") {
    return {
      subject: `Resolved: ${title} (${shopDomain})`,
      text: `Tandem: this is resolved for ${shopDomain}.\n\n${title}.\n\nNothing more to do. Tandem's overview shows the current state: ${appPageUrl(shopDomain, apiKey, "/app")}\n`,
    };
  }
  const steps = [
    condition?.fix ? `What to do: ${condition.fix.label}: ${appPageUrl(shopDomain, apiKey, condition.fix.url)}` : null,
    condition?.events && condition.events.url !== condition.fix?.url
      ? `${condition.events.label}: ${appPageUrl(shopDomain, apiKey, condition.events.url)}`
      : null,
  ].filter((line): line is string => line !== null);
  if (steps.length === 0) steps.push(`Open Tandem: ${appPageUrl(shopDomain, apiKey, "/app")}`);
  return {
    subject: `Needs attention: ${title} (${shopDomain})`,
    text: `Tandem needs your attention for ${shopDomain}.\n\n${title}.\n${condition?.detail ?? ""}\n\n${steps.join("\n")}\n\nYou get at most one email per problem per day, and one when it is resolved.\n`,
  };
}

/** Every installed shop with a Meta pixel, one at a time (the alert loop's unit of work). */
export async function checkAllShops(options: AlertOptions): Promise<number> {
  const shops = await prisma.shop.findMany({ where: { uninstalledAt: null, destinations: { some: {} } }, select: { domain: true } });
  for (const shop of shops) await checkShopAlerts(shop.domain, options);
  return shops.length;
}
