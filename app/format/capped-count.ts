import { COUNT_CAP } from "../outbox/count-cap";

/** A count that stops at COUNT_CAP + 1, in words: "10,000+" past the cap. */
export const cappedCountText = (n: number) => (n > COUNT_CAP ? `${COUNT_CAP.toLocaleString("en")}+` : n.toLocaleString("en"));
