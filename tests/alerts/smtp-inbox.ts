import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createMailer, type SendMail } from "~/alerts/mailer.server";

// The alert tests' mail server: a real SMTP server on 127.0.0.1 (smtp-server) and the app's
// own mailer pointed at it, so an alert travels the same way as in production and the test
// reads what arrived.

export type Mail = {
  from: string;
  to: string[];
  /** As received, with folded header lines joined (long subjects are wrapped on the wire). */
  raw: string;
  /** As the reader sees it: quoted-printable soft breaks undone, escapes decoded, lines ending in "\n". */
  text: string;
};

export type SmtpInbox = { mails: Mail[]; send: SendMail; close: () => Promise<void> };

/**
 * The text as the reader sees it. Soft breaks are also undone where joining the folded
 * header lines turned one followed by a space into "= ".
 */
const readable = (raw: string) =>
  raw
    .replace(/=\r?\n/g, "")
    .replace(/=(?= )/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n/g, "\n");

/** Starts the server and a mailer sending to it; `mails` fills as mails arrive (empty it between tests). */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks)
          .toString("utf8")
          .replace(/\r?\n[ \t]+/g, " ");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: readable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const send = createMailer(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, "Tandem <alerts@tandem.test>")!;
  return { mails, send, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Each mail's subject, in the order they arrived. */
export const subjectsOf = (mails: Mail[]) => mails.map((mail) => /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? "");
