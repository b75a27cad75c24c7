import type { EmulatorContext } from "./context";

// Which tokens may act on which pixel, as Meta decides it: a token made for a pixel
// (Events Manager, or a system user with the pixel assigned) works for that pixel alone.
// The emulator only knows what a test or stack declared with grantToken / tokenAccess:
// - a token granted some pixels may act on those and no other;
// - a pixel some token was granted refuses every token not granted it;
// - a pixel nobody declared takes any token, so scenarios that never declare tokens
//   keep sending with whatever token they chose.
// A refusal is Meta's (#100) subcode 33, "Object with ID ... cannot be loaded due to
// missing permissions", for the read, the stats and /events alike.

export function tokenMayActOn(ctx: Pick<EmulatorContext, "tokenAccess">, token: string, pixelId: string): boolean {
  const granted = ctx.tokenAccess.get(token);
  if (granted) return granted.has(pixelId);
  for (const pixels of ctx.tokenAccess.values()) if (pixels.has(pixelId)) return false;
  return true;
}
