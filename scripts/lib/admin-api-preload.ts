import { fileURLToPath } from "node:url";

/** For `startApp(env, { nodeArgs: ["--import", ADMIN_API_PRELOAD] })` with TANDEM_TEST_ADMIN_API_URL set. */
export const ADMIN_API_PRELOAD = fileURLToPath(new URL("./admin-api-redirect.mjs", import.meta.url));
