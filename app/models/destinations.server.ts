import { z } from "zod";
import prisma from "../db.server";
import { countByDestination } from "../db/statements/outbox-lists.server";
import { resumeDestination } from "../outbox/pause-destination.server";
import { UNSENT_STATUSES } from "../outbox/status";
import { getSecretBox } from "../secrets/token-encryption.server";
import { ensureShop } from "./shops.server";
import { refusalMessage, type TokenChecker, type TokenCheckOutcome } from "./token-check.server";

// What a merchant (admin form) or an operator (tandem shop configure) may set.
export const destinationInputSchema = z.object({
  pixelId: z
    .string({ error: "Enter the Meta pixel (dataset) ID." })
    .trim()
    .min(1, { error: "Enter the Meta pixel (dataset) ID.", abort: true })
    .regex(/^\d{15,16}$/, { error: "A Meta pixel (dataset) ID is a number of 15 or 16 digits, as shown in Events Manager." }),
  accessToken: z
    .string({ error: "Enter a Conversions API access token." })
    .trim()
    .min(1, { error: "Enter a Conversions API access token for this pixel.", abort: true })
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
  | { ok: true; destinationId: string; created: boolean; resumed: number; tokenCheck: TokenCheckOutcome }
  | { ok: false; errors: { field: string; message: string }[] };

/** `checkToken`: asks Meta whether the token may act on the pixel before anything is stored (Settings, the CLI). */
export type ConfigureOptions = { checkToken?: TokenChecker };

/** A refused token is a field error and nothing is stored; no answer from Meta lets it through, said so. */
async function runTokenCheck(
  options: ConfigureOptions,
  pixelId: string,
  accessToken: string,
): Promise<{ refused: string } | { outcome: TokenCheckOutcome }> {
  if (!options.checkToken) return { outcome: null };
  const check = await options.checkToken({ pixelId, accessToken });
  if (check.kind === "refused") return { refused: refusalMessage(check, pixelId) };
  return { outcome: check.kind === "ok" ? { confirmed: true, pixelName: check.name } : { confirmed: false } };
}

/**
 * Creates or updates the shop's destination for a pixel (the CLI's `shop configure`). The
 * token is sealed before it is stored. A paused destination (token or permission error)
 * is resumed: the events it held go out with the new token.
 */
export async function configureDestination(
  shopDomain: string,
  input: DestinationInput,
  options: ConfigureOptions = {},
): Promise<ConfigureResult> {
  const parsed = destinationInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  const { pixelId, accessToken, testEventCode } = parsed.data;
  const check = await runTokenCheck(options, pixelId, accessToken);
  if ("refused" in check) return { ok: false, errors: [{ field: "accessToken", message: check.refused }] };
  await ensureShop(shopDomain);
  const accessTokenEnc = getSecretBox().seal(accessToken);
  const existing = await prisma.destination.findUnique({ where: { shopDomain_pixelId: { shopDomain, pixelId } } });
  const data = { accessTokenEnc, testEventCode: testEventCode ?? null, enabled: true };
  const destination = existing
    ? await prisma.destination.update({ where: { id: existing.id }, data })
    : await prisma.destination.create({ data: { shopDomain, pixelId, ...data } });
  const resumed = existing?.pausedAt ? ((await resumeDestination({ shopDomain, destinationId: destination.id }))?.resumedEvents ?? 0) : 0;
  return { ok: true, destinationId: destination.id, created: !existing, resumed, tokenCheck: check.outcome };
}

/** Settings' "Add a pixel": like configureDestination, but a pixel already connected is refused, not overwritten. */
export async function addDestination(
  shopDomain: string,
  input: DestinationInput,
  options: ConfigureOptions = {},
): Promise<ConfigureResult> {
  const pixelId = typeof input.pixelId === "string" ? input.pixelId.trim() : "";
  if (pixelId && (await prisma.destination.findUnique({ where: { shopDomain_pixelId: { shopDomain, pixelId } }, select: { id: true } }))) {
    return { ok: false, errors: [{ field: "pixelId", message: "This pixel is already connected: edit it in its own card." }] };
  }
  return configureDestination(shopDomain, input, options);
}

export const destinationEditSchema = z.object({
  accessToken: destinationInputSchema.shape.accessToken.optional(),
  testEventCode: destinationInputSchema.shape.testEventCode,
});

/**
 * Settings' "Edit" of one pixel: a new token (empty keeps the stored one: it is
 * write-only) and the test event code. The pixel id does not change: a different pixel
 * is added as its own destination. A new token resumes a destination Meta had paused.
 */
export async function updateDestination(
  shopDomain: string,
  id: string,
  input: { accessToken?: string; testEventCode?: string | null },
  options: ConfigureOptions = {},
): Promise<ConfigureResult> {
  const parsed = destinationEditSchema.safeParse({
    accessToken: input.accessToken?.trim() || undefined,
    testEventCode: input.testEventCode?.trim() || null,
  });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  const existing = await prisma.destination.findFirst({ where: { id, shopDomain } });
  if (!existing)
    return { ok: false, errors: [{ field: "form", message: "This pixel is not connected to your store any more: reload the page." }] };
  const { accessToken, testEventCode } = parsed.data;
  const check = accessToken ? await runTokenCheck(options, existing.pixelId, accessToken) : { outcome: null };
  if ("refused" in check) return { ok: false, errors: [{ field: "accessToken", message: check.refused }] };
  await prisma.destination.update({
    where: { id },
    data: { testEventCode: testEventCode ?? null, ...(accessToken && { accessTokenEnc: getSecretBox().seal(accessToken) }) },
  });
  const resumed = accessToken && existing.pausedAt ? ((await resumeDestination({ shopDomain, destinationId: id }))?.resumedEvents ?? 0) : 0;
  return { ok: true, destinationId: id, created: false, resumed, tokenCheck: check.outcome };
}

/**
 * The merchant pauses or resumes a pixel. Paused: new events are not recorded for it and
 * the storefront stops firing it; events already queued wait (the worker claims only
 * enabled destinations) and go out on resume if still inside Meta's window.
 */
export async function setDestinationEnabled(shopDomain: string, id: string, enabled: boolean): Promise<boolean> {
  const { count } = await prisma.destination.updateMany({ where: { id, shopDomain }, data: { enabled } });
  return count === 1;
}

/**
 * Removes a pixel from the shop. Its rows go with it (the schema cascades): the events
 * still waiting are never sent and its history leaves the event log. Meta keeps what it
 * already received. Returns null when the pixel is not the shop's.
 */
export async function removeDestination(shopDomain: string, id: string): Promise<{ pixelId: string; unsent: number } | null> {
  const existing = await prisma.destination.findFirst({ where: { id, shopDomain }, select: { pixelId: true } });
  if (!existing) return null;
  const unsent = await prisma.outboxEvent.count({ where: { shopDomain, destinationId: id, status: { in: [...UNSENT_STATUSES] } } });
  await prisma.destination.deleteMany({ where: { id, shopDomain } });
  return { pixelId: existing.pixelId, unsent };
}

/**
 * How many events each of the shop's pixels still has to send (the cards and the removal
 * warning). One pass over the waiting entries of the claim index `(status, nextAttemptAt,
 * destinationId)`, which holds both columns read: the grouped count by shop read every
 * waiting row (1.3 s with 115,000 waiting, as in a long Meta outage).
 */
export async function unsentByDestination(shopDomain: string): Promise<Record<string, number>> {
  const destinations = await prisma.destination.findMany({ where: { shopDomain }, select: { id: true } });
  if (destinations.length === 0) return {};
  const rows = await countByDestination(
    prisma,
    UNSENT_STATUSES,
    destinations.map((d) => d.id),
  );
  return Object.fromEntries(rows.map((row) => [row.destinationId, row.n]));
}

function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message }));
}

/** Destinations as the admin and the CLI show them: never the token. */
export async function listDestinations(shopDomain: string) {
  return prisma.destination.findMany({
    where: { shopDomain },
    select: {
      id: true,
      pixelId: true,
      testEventCode: true,
      enabled: true,
      pausedAt: true,
      pausedReason: true,
      createdAt: true,
      updatedAt: true,
    },
    orderBy: { createdAt: "asc" },
  });
}
