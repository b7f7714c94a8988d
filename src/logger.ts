/**
 * A minimal structured logger, injected wherever something needs to report; writes to stderr.
 * Every line passes the redactor (no token or password ever reaches a log) and has control
 * characters escaped (a feed's escape sequences never reach the operator's terminal).
 */
import { describeError, redactShapes, type Redact } from './redact.ts';
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Logger writing one line per entry (`level message key=value …`) to a stream, stderr by default. */
export function createLogger(
  level: LogLevel = 'info',
  out: { write(chunk: string): unknown } = process.stderr,
  redact: Redact = redactShapes,
): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${v instanceof Error ? JSON.stringify(describeError(v)) : (JSON.stringify(v) ?? String(v))}`)
          .join(' ')
      : '';
    out.write(`${escapeControls(redact(`${at} ${message}${extra ? ` ${extra}` : ''}`))}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, `--json` output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The clock, injected so schedules and windows can be tested without waiting. */
export type Clock = () => Date;

/**
 * C0 and C1 control characters (ESC, BEL, CSI U+009B …) and line breaks as `\uXXXX`, so one
 * entry stays one line and nothing a feed wrote can drive the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
