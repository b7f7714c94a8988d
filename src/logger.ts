/** A minimal structured logger, injected wherever something needs to report; writes to stderr. */
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
): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v instanceof Error ? v.message : JSON.stringify(v))}`)
          .join(' ')
      : '';
    out.write(`${at} ${message}${extra ? ` ${extra}` : ''}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, `--json` output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The clock, injected so schedules and windows can be tested without waiting. */
export type Clock = () => Date;
