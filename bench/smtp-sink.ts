// A real SMTP server on loopback that keeps (recipient, subject) of every message it accepts,
// as test/helpers/smtp.ts, but that survives clients vanishing mid-session: the crash test kills
// the sender while it talks to this server.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../test/setup/pg-cluster.ts';

export interface SmtpSink {
  url: string;
  messages: { to: string; subject: string }[];
  /** Connection errors seen (a sender killed mid-session resets its connection). */
  errors: number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = {
    url: '',
    messages: [],
    errors: 0,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', () => undefined);
      stream.on('end', () => {
        // Accepted (250) once parsed; a message cut off mid-DATA never gets here.
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            for (const rcpt of session.envelope.rcptTo)
              sink.messages.push({ to: rcpt.address, subject: parsed.subject ?? '' });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => {
    sink.errors++;
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
