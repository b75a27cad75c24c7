import { describe, expect, it } from "vitest";
import { OUTBOX_STATUSES } from "../../app/outbox/status";
import { CliError, status } from "./args";

describe("tandem's --status flag", () => {
  it.each(OUTBOX_STATUSES)("GIVEN --status %s (a status the outbox has) THEN it is accepted", (value) => {
    expect(status(value)).toBe(value);
  });

  it("GIVEN --status waiting_browser THEN it is accepted (checkouts waiting for the web pixel's receipt)", () => {
    expect(status("waiting_browser")).toBe("waiting_browser");
  });

  it("GIVEN a status the outbox does not have THEN the error lists the ones it has", () => {
    expect(() => status("sent")).toThrow(CliError);
    expect(() => status("sent")).toThrow(/waiting_browser/);
  });
});
