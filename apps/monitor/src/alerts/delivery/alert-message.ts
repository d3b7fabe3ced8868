import { alertsKey } from '@cf/storage';
import { DASHBOARD_HTML_KEY } from '../../monitor-keys';
import type { AlertsDocument } from '../run-alerts';

/** What a person receives for one day's alerts, in the shapes the channels send. */
export interface AlertMessage {
  /** One line, ASCII, at most 100 characters (SNS's limit for e-mail subjects). */
  readonly subject: string;
  /** Plain text: a summary line, one line per alert, where to look. */
  readonly text: string;
  /** Slack-compatible incoming-webhook body: `text` (the fallback) and `blocks`. */
  readonly slack: {
    readonly text: string;
    readonly blocks: readonly Record<string, unknown>[];
  };
}

/** Where the message points the reader (the dashboard in the store). */
export interface AlertMessageContext {
  /** The store's URL (`s3://bucket/prefix`), to name the dashboard and the alerts file. */
  readonly storeUrl: string;
}

const MAX_SUBJECT = 100;

/**
 * Formats one day's alerts file as a message: the day, how many alerts of each family, each alert's
 * sentence, the promoted model, and where the dashboard and the alerts file are.
 *
 * @example
 * const message = alertMessage(document, { storeUrl: 's3://my-bucket' });
 * await channel.send(message);
 */
export function alertMessage(document: AlertsDocument, context: AlertMessageContext): AlertMessage {
  const count = document.alerts.length;
  const families = countBy(document.alerts.map((a) => a.family));
  const summary = `${count} alert${count === 1 ? '' : 's'} for ${document.day} (${Object.entries(families)
    .map(([family, n]) => `${n} ${family}`)
    .join(', ')})`;
  const root = context.storeUrl.replace(/\/+$/, '');
  const lines = document.alerts.map((a) => `[${a.family}] ${a.message}`);
  const model = `Model: ${document.modelVersion ?? 'none promoted'}`;
  const where = `Dashboard: ${root}/${DASHBOARD_HTML_KEY}\nAlerts file: ${root}/${alertsKey(document.day)}`;
  const text = [`crypto-forecast: ${summary}`, '', ...lines.map((l) => `- ${l}`), '', model, where].join(
    '\n',
  );
  return {
    subject: asciiLine(`crypto-forecast: ${summary}`).slice(0, MAX_SUBJECT),
    text,
    slack: {
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `crypto-forecast: ${summary}`.slice(0, 150) } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: lines
              .map((l) => `• ${escapeMrkdwn(l)}`)
              .join('\n')
              .slice(0, 3000),
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`${model}\n${where}`) }] },
      ],
    },
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

// SNS refuses subjects with line breaks or non-ASCII characters.
function asciiLine(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ');
}

// Slack's mrkdwn treats &, < and > as markup.
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
