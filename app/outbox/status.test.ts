import { describe, expect, it } from "vitest";
import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  initialStatus,
  OUTBOX_STATUSES,
  TRANSITIONS,
  transition,
  UNSENT_STATUSES,
} from "./status";

describe("the outbox row's transition table", () => {
  it("GIVEN every status THEN the table names where it may go, and only to known statuses", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...OUTBOX_STATUSES].sort());
    for (const targets of Object.values(TRANSITIONS)) for (const to of targets) expect(OUTBOX_STATUSES).toContain(to);
  });

  it.each([
    ["delivered", "in_flight"],
    ["delivered", "failed"],
    ["blocked", "in_flight"],
    ["blocked", "pending"],
    ["cancelled", "delivered"],
    ["waiting_consent", "delivered"],
    ["waiting_browser", "in_flight"],
    ["pending", "delivered"],
  ] as const)("GIVEN %s -> %s (not in the table) THEN it throws", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(from, to)).toThrow(IllegalTransitionError);
    expect(() => transition(from, to)).toThrow(`from ${from} to ${to}`);
  });

  it("GIVEN a list of sources with one illegal among them THEN nothing is allowed", () => {
    expect(() => transition(["pending", "delivered"], "paused")).toThrow(IllegalTransitionError);
  });

  it("GIVEN a legal move THEN it returns the status guard and the new value for updateMany", () => {
    expect(transition("in_flight", "delivered")).toEqual({ where: { status: "in_flight" }, data: { status: "delivered" } });
    expect(transition(["pending", "retry"], "paused")).toEqual({
      where: { status: { in: ["pending", "retry"] } },
      data: { status: "paused" },
    });
  });

  it("GIVEN a status string that is not a status THEN it throws", () => {
    expect(() => assertTransition("pendng", "pending")).toThrow(IllegalTransitionError);
    expect(() => assertTransition("pending", "sent")).toThrow(IllegalTransitionError);
  });

  it("GIVEN a new row THEN it may only start waiting, pending, blocked or skipped", () => {
    expect(initialStatus("waiting_browser")).toBe("waiting_browser");
    expect(() => initialStatus("delivered" as never)).toThrow(IllegalTransitionError);
  });

  it("GIVEN a row that may still reach Meta THEN the app uninstall may cancel it", () => {
    for (const from of UNSENT_STATUSES) expect(canTransition(from, "cancelled")).toBe(true);
  });
});
