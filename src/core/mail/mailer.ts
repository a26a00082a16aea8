import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/**
 * Outgoing email: over SMTP when SMTP_URL is set, otherwise written as .eml files to
 * data/outbox/ (the path is logged, never the address or the content).
 */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where the recipient's answer goes (a message relayed from another person). */
  replyTo?: string;
  /** One-click unsubscription (RFC 8058): the address of a signed link that needs no sign-in. */
  unsubscribeUrl?: string;
}

/** The message as nodemailer takes it: one-click unsubscription becomes its two headers. */
function forTransport({ unsubscribeUrl, ...message }: OutgoingMessage) {
  return unsubscribeUrl === undefined
    ? message
    : {
        ...message,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      };
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
}

export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  dataDir: string;
  log: Pick<Logger, 'info'>;
}): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({ from: options.from, ...forTransport(message) });
      },
    };
  }
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  const outbox = path.join(options.dataDir, 'outbox');
  return {
    async send(message) {
      const info = await transport.sendMail({ from: options.from, ...forTransport(message) });
      await mkdir(outbox, { recursive: true });
      const file = path.join(
        outbox,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`,
      );
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      options.log.info({ path: file }, 'email written to the outbox (SMTP_URL is not set)');
    },
  };
}
