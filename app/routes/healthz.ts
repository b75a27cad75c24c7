import { json } from "@remix-run/node";
import prisma from "../db.server";
import { checkHealth } from "../models/health.server";

export const loader = async () => {
  const health = await checkHealth(prisma);
  return json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
