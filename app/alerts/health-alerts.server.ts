import { Prisma } from "@prisma/client";
import prisma from "../db.server";
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

export type AlertRun = { started: ConditionKey[]; ended: ConditionKey[]; mailed: number; failed: number };

export async function checkShopAlerts(shopDomain: string, options: { now: Date; send: SendMail | null }): Promise<AlertRun> {
  const { now } = options;
  const conditions = await evaluateConditions(shopDomain, now);
  const active = new Map(conditions.map((c) => [c.key, c]));
  const run: AlertRun = { started: [], ended: [], mailed: 0, failed: 0 };
  for (const key of ALL) {
    const condition = active.get(key);
    if (condition) {
      await prisma.$executeRaw`INSERT INTO "HealthCondition" ("shopDomain", "condition", "updatedAt") VALUES (${shopDomain}, ${key}, ${now}) ON CONFLICT DO NOTHING`;
      const changed = await prisma.$executeRaw`
        UPDATE "HealthCondition" SET "activeSince" = ${now}, "detail" = ${condition.detail.slice(0, 500)}, "updatedAt" = ${now}
         WHERE "shopDomain" = ${shopDomain} AND "condition" = ${key} AND "activeSince" IS NULL`;
      if (changed === 1) run.started.push(key);
    } else {
      const changed = await prisma.$executeRaw`
        UPDATE "HealthCondition" SET "activeSince" = NULL, "endedAt" = ${now}, "updatedAt" = ${now}
         WHERE "shopDomain" = ${shopDomain} AND "condition" = ${key} AND "activeSince" IS NOT NULL`;
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
    if (to.length === 0) continue;
    const claimed = await claimEmail(shopDomain, key, day, transition, to, now);
    if (!claimed) continue;
    const message = alertMessage(shopDomain, key, transition, condition);
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

export function alertMessage(shopDomain: string, key: ConditionKey, transition: "start" | "end", condition: Condition | null) {
  const title = CONDITION_TITLES[key];
  const link = `https://${shopDomain}/admin/apps`;
  if (transition === "end") {
    return {
      subject: `Resolved: ${title} (${shopDomain})`,
      text: `Tandem: this is resolved for ${shopDomain}.\n\n${title}.\n\nNothing more to do. The overview in the Shopify admin shows the current state: ${link}\n`,
    };
  }
  return {
    subject: `Needs attention: ${title} (${shopDomain})`,
    text: `Tandem needs your attention for ${shopDomain}.\n\n${title}.\n${condition?.detail ?? ""}\n\n${condition?.fix ? `What to do: ${condition.fix.label} in the Tandem app. ` : ""}Open Tandem in the Shopify admin: ${link}\n\nYou get at most one email per problem per day, and one when it is resolved.\n`,
  };
}

/** Every installed shop with a Meta pixel, one at a time (the alert loop's unit of work). */
export async function checkAllShops(options: { now: Date; send: SendMail | null }): Promise<number> {
  const shops = await prisma.shop.findMany({ where: { uninstalledAt: null, destinations: { some: {} } }, select: { domain: true } });
  for (const shop of shops) await checkShopAlerts(shop.domain, options);
  return shops.length;
}
