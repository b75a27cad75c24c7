// Counts the admin shows on a page load stop at COUNT_CAP + 1: "10,000+" reads as well as
// 300,000, and an exact count reads a big shop's whole outbox every time (decision 019).
export const COUNT_CAP = 10_000;
