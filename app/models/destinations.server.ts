import { z } from "zod";
import prisma from "../db.server";
import { resumeDestination } from "../outbox/pause-destination.server";
import { OPEN_STATUSES, transition } from "../outbox/status";
import { getSecretBox } from "./token-encryption.server";
import { ensureShop } from "./shops.server";

// What a merchant (admin form) or an operator (tandem shop configure) may set.
export const destinationInputSchema = z.object({
  pixelId: z
    .string({ error: "Enter the Meta pixel (dataset) ID." })
    .trim()
    .regex(/^\d{5,20}$/, { error: "A Meta pixel ID is a number of 5 to 20 digits, as shown in Events Manager." }),
  accessToken: z
    .string({ error: "Enter a Conversions API access token." })
    .trim()
    .min(20, { error: "That access token is too short: generate one in Events Manager > Settings > Conversions API." })
    .max(1024, { error: "That access token is too long to be a Meta token." })
    .regex(/^[A-Za-z0-9_-]+$/, { error: "An access token has only letters, digits, - and _: check for spaces or quotes." }),
  testEventCode: z
    .string()
    .trim()
    .regex(/^TEST\w{1,60}$/i, { error: "A test event code looks like TEST12345 (Events Manager > Test events)." })
    .nullish(),
});
export type DestinationInput = z.input<typeof destinationInputSchema>;

export type ConfigureResult =
  | { ok: true; destinationId: string; created: boolean; resumed: number }
  | { ok: false; errors: { field: string; message: string }[] };

/**
 * Creates or updates the shop's destination for a pixel. The token is sealed before it
 * is stored. A paused destination (token or permission error) is resumed: the events it
 * held go out with the new token.
 */
export async function configureDestination(shopDomain: string, input: DestinationInput, options: { replaceOthers?: boolean } = {}): Promise<ConfigureResult> {
  const parsed = destinationInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message })) };
  }
  const { pixelId, accessToken, testEventCode } = parsed.data;
  await ensureShop(shopDomain);
  const accessTokenEnc = getSecretBox().seal(accessToken);
  const existing = await prisma.destination.findUnique({ where: { shopDomain_pixelId: { shopDomain, pixelId } } });
  const data = { accessTokenEnc, testEventCode: testEventCode ?? null, enabled: true };
  const destination = existing
    ? await prisma.destination.update({ where: { id: existing.id }, data })
    : await prisma.destination.create({ data: { shopDomain, pixelId, ...data } });
  const resumed = existing?.pausedAt ? ((await resumeDestination({ shopDomain, destinationId: destination.id }))?.resumedEvents ?? 0) : 0;
  if (options.replaceOthers) await retireOtherDestinations(shopDomain, destination.id, pixelId);
  return { ok: true, destinationId: destination.id, created: !existing, resumed };
}

/**
 * The settings page edits one pixel: saving a different pixel id replaces the old one.
 * The old destination stops, and its events that had not left are cancelled with the
 * reason (kept, visible), rather than waiting forever for a pixel nobody sends to.
 */
async function retireOtherDestinations(shopDomain: string, keepId: string, newPixelId: string) {
  const others = { shopDomain, id: { not: keepId }, enabled: true };
  const retired = (await prisma.destination.findMany({ where: others, select: { id: true } })).map((d) => d.id);
  if (retired.length === 0) return;
  const cancel = transition(OPEN_STATUSES, "cancelled");
  await prisma.$transaction([
    prisma.destination.updateMany({ where: { shopDomain, id: { in: retired } }, data: { enabled: false } }),
    prisma.outboxEvent.updateMany({
      where: { shopDomain, destinationId: { in: retired }, ...cancel.where },
      data: { ...cancel.data, lastError: `Not sent: this pixel was replaced by pixel ${newPixelId} in the settings.` },
    }),
  ]);
}

/** Destinations as the admin and the CLI show them: never the token. */
export async function listDestinations(shopDomain: string) {
  return prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true, testEventCode: true, enabled: true, pausedAt: true, pausedReason: true, createdAt: true, updatedAt: true },
    orderBy: { createdAt: "asc" },
  });
}
