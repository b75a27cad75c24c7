// Tests wait for a condition, never for a fixed time: a busy machine makes things slower,
// not different. The deadline only turns a hang into a readable failure; it is far
// longer than anything should take, and nothing is asserted about how long it took.
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  { timeoutMs = 20_000, pollMs = 10 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
