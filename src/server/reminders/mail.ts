// E-mails with nodemailer: the SMTP server from the settings, the environment's ENCOURS_SMTP_*
// variables winning (the password is best kept there); a message of HTML and text, the PDF
// attached to a formal notice, Reply-To the client's credit controller. Without SMTP the same
// message is written as an .eml file, to send from one's own mail client. The password is never
// logged nor answered: what is said of the server is its host, port and sender.
import type Mail from 'nodemailer/lib/mailer';
import type { Settings } from '../models/settings.ts';
import type { Letter } from './letter.ts';
import type { RenderedMessage } from './templates.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

/** The SMTP server to send through, or null when none is set (then messages download as .eml). */
export function smtpConfig(settings: Settings, env: NodeJS.ProcessEnv = process.env): SmtpConfig | null {
  const s = settings.reminders.smtp;
  const host = env.ENCOURS_SMTP_HOST || s.host;
  if (!host) return null;
  const port = env.ENCOURS_SMTP_PORT ? Number(env.ENCOURS_SMTP_PORT) : s.port;
  const secure = env.ENCOURS_SMTP_SECURE ? /^(1|true|yes)$/i.test(env.ENCOURS_SMTP_SECURE) : s.secure;
  const from = env.ENCOURS_SMTP_FROM || s.from || settings.reminders.company.email;
  return { host, port, secure, user: env.ENCOURS_SMTP_USER || s.user, password: env.ENCOURS_SMTP_PASSWORD || s.password, from };
}

/** What may be shown of the SMTP settings: never the password. */
export const describeSmtp = (c: SmtpConfig | null) => (c ? { configured: true, host: c.host, port: c.port, from: c.from } : { configured: false, host: null, port: null, from: null });

/** The message of a letter: to its client's contacts with an address, replies to its sender. */
export function composeMessage(p: { letter: Letter; rendered: RenderedMessage; recipients: string[]; from: string; pdf: Buffer | null }): Mail.Options {
  const { letter, rendered } = p;
  const fromName = letter.company.name || undefined;
  return {
    from: fromName ? { name: fromName, address: p.from } : p.from,
    to: p.recipients,
    replyTo: letter.sender.email ? (letter.sender.name ? { name: letter.sender.name, address: letter.sender.email } : letter.sender.email) : undefined,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: p.pdf ? [{ filename: `${letter.reference}.pdf`, content: p.pdf, contentType: 'application/pdf' }] : [],
    headers: { 'X-Encours-Reference': letter.reference },
  };
}

export interface Sent {
  /** the Message-ID of the message accepted */
  smtpId: string;
  accepted: string[];
  rejected: string[];
}

/** nodemailer, loaded at the first message rather than when the CLI or the server starts. */
const nodemailer = async () => (await import('nodemailer')).default;

/** A failed send: the server down, every address refused, a timeout — said in plain words. */
export class SendError extends Error {}

/**
 * Sends through the SMTP server the message as built (its .eml: what is kept is exactly what
 * went); throws SendError when nothing was accepted.
 */
export async function sendMessage(config: SmtpConfig, message: Mail.Options, eml: Buffer): Promise<Sent> {
  const transport = (await nodemailer()).createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    // credentials never go in clear: without TLS from the start, STARTTLS is required (a server or
    // a network that strips it fails the send instead of reading the password)
    requireTLS: !config.secure && !!config.user,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    // the envelope: the addresses themselves (composeMessage gives them as strings)
    const to = [message.to ?? []].flat(2).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address));
    const info = await transport.sendMail({ envelope: { from: config.from, to }, raw: eml });
    const addresses = (list: unknown[] | undefined) => (list ?? []).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address));
    const accepted = addresses(info.accepted);
    if (!accepted.length) throw new SendError(`The SMTP server ${config.host} accepted none of the addresses (${addresses(info.rejected).join(', ')}).`);
    return { smtpId: /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(eml.toString('latin1'))?.[1] ?? info.messageId, accepted, rejected: addresses(info.rejected) };
  } catch (err) {
    if (err instanceof SendError) throw err;
    const e = err as Error & { code?: string; response?: string };
    // nodemailer's errors name the command and the server's answer, never the credentials
    throw new SendError(`${e.code ? `${e.code}: ` : ''}${e.response ?? e.message}`);
  } finally {
    transport.close();
  }
}

/** The message as an .eml file (RFC 5322), the same as the one sent. */
export async function emlOf(message: Mail.Options): Promise<Buffer> {
  const transport = (await nodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(message);
  return info.message as Buffer;
}
