import {
  addDestination,
  listDestinations,
  removeDestination,
  setDestinationEnabled,
  updateDestination,
  type ConfigureResult,
} from "../../models/destinations.server";
import { metaTokenChecker, tokenCheckNote, type TokenCheckNote } from "../../models/token-check.server";
import type { FieldErrors } from "./settings-form.server";
import { text } from "./settings-form.server";

// The pixel cards' own forms (add, edit, pause, resume, remove): each is one intent of the
// settings action, separate from the save bar's form, and names its pixel by id. Every
// change is scoped by the session's shop: another shop's id is "not connected".

export const DESTINATION_INTENTS = [
  "destination.add",
  "destination.update",
  "destination.pause",
  "destination.resume",
  "destination.remove",
] as const;
export type DestinationIntent = (typeof DESTINATION_INTENTS)[number];

export type DestinationActionResult =
  | { ok: true; intent: DestinationIntent; destinationId: string; message: string; tokenCheck?: TokenCheckNote | null }
  | { ok: false; intent: DestinationIntent; destinationId: string | null; errors: FieldErrors };

export function isDestinationIntent(value: unknown): value is DestinationIntent {
  return (DESTINATION_INTENTS as readonly unknown[]).includes(value);
}

const GONE = "This pixel is not connected to your store any more: reload the page.";

export async function handleDestinationAction(
  shopDomain: string,
  intent: DestinationIntent,
  form: FormData,
): Promise<DestinationActionResult> {
  const id = text(form, "destinationId") ?? "";
  const refused = (errors: FieldErrors) => ({ ok: false as const, intent, destinationId: id || null, errors });
  const fromConfigure = (result: ConfigureResult, pixelId: string, message: (resumed: number) => string): DestinationActionResult =>
    result.ok
      ? {
          ok: true,
          intent,
          destinationId: result.destinationId,
          message: message(result.resumed),
          tokenCheck: tokenCheckNote(result.tokenCheck, pixelId),
        }
      : refused(firstPerField(result.errors));
  const checked = { checkToken: metaTokenChecker() };

  switch (intent) {
    case "destination.add": {
      const pixelId = text(form, "pixelId")?.trim() ?? "";
      const result = await addDestination(
        shopDomain,
        { pixelId, accessToken: text(form, "accessToken") ?? "", testEventCode: text(form, "testEventCode")?.trim() || null },
        checked,
      );
      return fromConfigure(result, pixelId, () => `Pixel ${pixelId} added`);
    }
    case "destination.update": {
      const result = await updateDestination(
        shopDomain,
        id,
        { accessToken: text(form, "accessToken"), testEventCode: text(form, "testEventCode") },
        checked,
      );
      const pixelId = (await listDestinations(shopDomain)).find((d) => d.id === id)?.pixelId ?? "";
      return fromConfigure(result, pixelId, (resumed) =>
        resumed ? `Pixel saved; ${resumed} held ${resumed === 1 ? "event is" : "events are"} being sent` : "Pixel saved",
      );
    }
    case "destination.pause":
    case "destination.resume": {
      const enabled = intent === "destination.resume";
      if (!(await setDestinationEnabled(shopDomain, id, enabled))) return refused({ "destination.form": GONE });
      return { ok: true, intent, destinationId: id, message: enabled ? "Pixel resumed" : "Pixel paused" };
    }
    case "destination.remove": {
      const removed = await removeDestination(shopDomain, id);
      if (!removed) return refused({ "destination.form": GONE });
      return { ok: true, intent, destinationId: id, message: `Pixel ${removed.pixelId} removed` };
    }
  }
}

/** The first message per field: the schema lists the most basic problem first ("Enter ..."). */
function firstPerField(errors: readonly { field: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) out[`destination.${e.field || "form"}`] ??= e.message;
  return out;
}
