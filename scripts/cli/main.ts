import { existsSync } from "node:fs";
import { CliError, USAGE } from "./args";

/** Runs one CLI command; returns the process exit code (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const [group, action, ...rest] = argv;
  try {
    const { runCommand } = await import("./commands");
    return await runCommand(group, action, rest, out);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`tandem: ${error.message}`);
      if (error.showUsage) console.error(USAGE);
      return 2;
    }
    if ((error as Error)?.name === "ConfigError") {
      console.error((error as Error).message);
      return 2;
    }
    console.error(`tandem: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  } finally {
    const { default: prisma, endProcessPool } = await import("../../app/db.server");
    await prisma.$disconnect().catch(() => undefined);
    await endProcessPool().catch(() => undefined);
  }
}
