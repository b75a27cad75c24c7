import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useDateFormat } from "../../components/use-date-format";
// Types only: the model's code stays on the server.
import type { TestEventAnswerFor as Answer } from "../../models/test-event.server";

// "Send test event" for one pixel: asks for the test event code when the pixel has none,
// queues the event (the settings action), then follows it (the action's "answer" intent,
// which revalidates nothing) until Meta's answer is in, and says what it means.

type Props = { destinationId: string; testEventCode: string | null; lastTestEventId: string | null; disabledReason?: string | null };
type SendResult = { ok: true; intent: "test"; testEventId: string } | { ok: false; intent: "test"; errors: Record<string, string> };
type AnswerResult = { ok: true; intent: "answer"; answer: Answer } | { ok: false; intent: "answer"; errors: Record<string, string> };

const POLL_MS = 1500;

export function TestEventPanel({ destinationId, testEventCode, lastTestEventId, disabledReason }: Props) {
  const send = useFetcher<SendResult>();
  const follow = useFetcher<AnswerResult>();
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const sentId = send.data?.ok ? send.data.testEventId : null;
  const followedId = sentId ?? lastTestEventId;
  const answer = follow.data?.ok ? follow.data.answer : null;
  const sending = send.state !== "idle";
  const errors = send.data && !send.data.ok ? send.data.errors : {};
  const needsCode = !testEventCode;
  const showCode = askCode || (needsCode && !disabledReason);

  // Read the answer of the event just sent (or the last one, after a reload), then keep
  // re-reading while Meta has not answered for good.
  const ask = (id: string) => follow.submit({ intent: "answer", testEventId: id }, { method: "post" });
  useEffect(() => {
    if (followedId) ask(followedId);
  }, [followedId]);
  const waiting = answer?.state === "sending" || answer?.state === "retrying";
  useEffect(() => {
    if (!followedId || !waiting || follow.state !== "idle") return;
    const timer = setTimeout(() => ask(followedId), POLL_MS);
    return () => clearTimeout(timer);
  }, [followedId, waiting, follow.state, follow.data]);

  // A final answer may have changed the page (the code now stored, the pixel paused by a
  // refused token): reload its data once. The polls themselves revalidate nothing, and they
  // cancel the revalidation that followed the send.
  const revalidator = useRevalidator();
  const final = answer?.state === "accepted" || answer?.state === "refused";
  useEffect(() => {
    if (sentId && final) revalidator.revalidate();
  }, [sentId, final]);

  useEffect(() => {
    if (send.data?.ok) setAskCode(false);
    if (send.data && !send.data.ok && send.data.errors["test.testEventCode"]) setAskCode(true);
  }, [send.data]);

  const submit = () => {
    const form = new FormData();
    form.append("intent", "test");
    form.append("destinationId", destinationId);
    if (showCode) form.append("testEventCode", code);
    send.submit(form, { method: "post" });
  };

  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Test this pixel
      </Text>
      <Text as="p" tone="subdued">
        {testEventCode
          ? `Sends one test purchase (worth 1.00) through Tandem's queue to Meta with your test event code ${testEventCode}. It appears under Events Manager > Test events and is never counted as a sale.`
          : "Sends one test purchase through Tandem's queue to Meta. Meta shows it under Events Manager > Test events and never counts it as a sale; it needs your pixel's test event code."}
      </Text>
      {showCode ? (
        <TextField
          label="Test event code"
          helpText="In Events Manager, open your pixel > Test events > Confirm your server's events: copy the code shown there (it looks like TEST12345). Tandem keeps it for this pixel."
          value={code}
          onChange={setCode}
          autoComplete="off"
          error={errors["test.testEventCode"]}
        />
      ) : null}
      {errors["test.form"] ? <Banner tone="critical">{errors["test.form"]}</Banner> : null}
      {disabledReason ? (
        <Text as="p" tone="caution">
          {disabledReason}
        </Text>
      ) : null}
      <InlineStack gap="200">
        <Button
          onClick={submit}
          loading={sending || (Boolean(sentId) && waiting)}
          disabled={Boolean(disabledReason) || (showCode && !code.trim())}
        >
          Send test event
        </Button>
      </InlineStack>
      {answer ? <AnswerBanner answer={answer} fresh={Boolean(sentId)} paused={Boolean(disabledReason)} /> : null}
    </BlockStack>
  );
}

function AnswerBanner({ answer, fresh, paused }: { answer: Answer; fresh: boolean; paused: boolean }) {
  const fmt = useDateFormat();
  const lead = fresh ? "" : "Last test event: ";
  // A test passed before a pause proves nothing about now: no green "connected" beside "paused".
  if (paused && answer.state === "accepted")
    return (
      <Banner tone="info" title="Not sending now: this pixel is paused">
        <p>{`The last test event was accepted by Meta on ${fmt.dateTime(answer.at)}, before the pause.`}</p>
      </Banner>
    );
  switch (answer.state) {
    case "sending":
      return <Banner tone="info" title={`${lead}Sending the test event to Meta…`} />;
    case "retrying":
      return (
        <Banner tone="warning" title={`${lead}Meta has not accepted the test event yet`}>
          <p>{answer.message}</p>
        </Banner>
      );
    case "accepted":
      return (
        <Banner tone="success" title={`${lead}Meta accepted the test event`}>
          <p>{`Events received: ${answer.eventsReceived ?? 1}. Meta's reference (fbtrace_id): ${answer.fbtraceId ?? "none given"}. Accepted ${fmt.dateTime(answer.at)}.`}</p>
          <p>{`Open Events Manager > Test events${answer.testEventCode ? ` (code ${answer.testEventCode})` : ""} to see it. Your pixel is connected.`}</p>
        </Banner>
      );
    case "refused":
      return (
        <Banner
          tone="critical"
          title={
            answer.tokenProblem
              ? `${lead}Meta refused the access token: sending to this pixel is paused`
              : `${lead}Meta refused the test event`
          }
        >
          <p>{answer.message}</p>
          <p>{`What to do: ${answer.advice}`}</p>
        </Banner>
      );
  }
}
