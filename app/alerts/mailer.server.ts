import nodemailer from "nodemailer";

// Alert emails go through SMTP (SMTP_URL) with nodemailer; with no SMTP_URL, alerts are
// recorded but not mailed. A failed send is an answer, never a throw: the caller records it.

export type AlertMessage = { to: string[]; subject: string; text: string };
export type SendMail = (message: AlertMessage) => Promise<{ ok: true } | { ok: false; error: string }>;

export function createMailer(smtpUrl: string | undefined, from: string): SendMail | null {
  if (!smtpUrl) return null;
  // Short timeouts: a dead mail server must not hold the alert loop.
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
  return async (message) => {
    try {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      return { ok: true };
    } catch (error) {
      // The SMTP server's answer; never the URL (it may carry the password).
      return { ok: false, error: (error as Error).message.slice(0, 300) };
    }
  };
}
