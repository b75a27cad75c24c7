import { Session } from "@shopify/shopify-api";
import { expect } from "vitest";
import { configureDestination } from "~/models/destinations.server";
import { sessionStorage } from "~/shopify.server";
import { startApp, type AppProcess } from "../../scripts/lib/app-process";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { launchAdmin, type AdminBrowser } from "./admin-browser";

// The stack every admin browser test stands on: the Meta emulator, an installed shop (its
// offline session, as after OAuth) with a connected pixel, the BUILT app pointed at the
// emulator, and Chromium with the App Bridge stand-in. Each test file seeds its own data
// around these steps.

export type AdminStack = { app: AppProcess; meta: MetaEmulator; admin: AdminBrowser; stop(): Promise<void> };

export type AdminStackOptions = {
  shop: string;
  /** The pixel connected before the app starts (null: none). */
  pixel?: { pixelId: string; accessToken: string; testEventCode?: string } | null;
  /** `inline` delivers from the app; `off` leaves delivery to the test (a worker it drives). */
  worker: "inline" | "off";
  /** After the shop and pixel exist, before the app starts. */
  beforeStart?: (meta: MetaEmulator) => Promise<void>;
  /** After the app starts, before Chromium opens the admin (webhooks through the app, say). */
  afterStart?: (app: AppProcess, meta: MetaEmulator) => Promise<void>;
};

export async function installShop(shop: string): Promise<void> {
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: "read_orders,write_pixels,read_customer_events",
      accessToken: `shpat_${shop.split(".")[0].replaceAll("-", "_")}`,
    }),
  );
}

export async function startAdminStack(options: AdminStackOptions): Promise<AdminStack> {
  const meta = await startMetaEmulator();
  let app: AppProcess | undefined;
  let admin: AdminBrowser | undefined;
  const stop = async () => {
    await admin?.close();
    await app?.stop();
    await meta.close();
  };
  try {
    await installShop(options.shop);
    if (options.pixel !== null) {
      const pixel = options.pixel ?? { pixelId: "1234567890123456", accessToken: "EAAB" + "t".repeat(40) };
      expect(await configureDestination(options.shop, pixel)).toMatchObject({ ok: true });
    }
    await options.beforeStart?.(meta);
    app = await startApp({ META_GRAPH_API_URL: meta.url, WORKER: options.worker });
    await options.afterStart?.(app, meta);
    admin = await launchAdmin(app.url, options.shop);
    return { app, meta, admin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
