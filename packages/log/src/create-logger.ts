import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { Redactor } from './redact.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Service name, written on every line as `service`. */
  service: string;
  /** pino level; FlowKit's `critical` maps to `fatal`. Default `info`. */
  level?: string;
  /** Exact secret values (passwords, keys, tokens) that must never appear in any line. */
  secrets?: Iterable<string | undefined | null>;
  /** Where lines go; default stdout. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

const LEVELS = new Set<LevelWithSilent>(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** Maps the levels the spec allows (FlowKit's `critical` included) to pino's. */
export function toPinoLevel(level: string | undefined): LevelWithSilent {
  const l = (level ?? 'info').toLowerCase();
  if (l === 'critical') return 'fatal';
  if (l === 'warning') return 'warn';
  return LEVELS.has(l as LevelWithSilent) ? (l as LevelWithSilent) : 'info';
}

/**
 * The root logger of a service: JSON lines, `service` on every line, and redaction of secret keys, JWT- and
 * PEM-shaped strings and registered secret values at every level, in the object and in the message.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const redactor = new Redactor();
  if (options.secrets) redactor.addSecrets(options.secrets);
  const logger = pino(
    {
      level: toPinoLevel(options.level),
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactor.scrub(obj) as Record<string, unknown>,
        bindings: (b) => redactor.scrub(b) as Record<string, unknown>,
      },
      serializers: {
        err: (e: unknown) => redactor.scrub(e),
      },
      hooks: {
        logMethod(args, method) {
          // Messages are event names by convention, but scrub them too: a formatted string may carry a value.
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactor.scrubString(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    scrubbingDestination(options.destination ?? pino.destination({ dest: 1, sync: false }), redactor),
  );
  return logger;
}

/**
 * Last line of defence: child bindings and anything else that bypasses the formatters are scrubbed in the
 * serialised line itself, so a registered secret value can never reach the output.
 */
function scrubbingDestination(dest: DestinationStream, redactor: Redactor): DestinationStream {
  return { write: (line: string) => dest.write(redactor.scrubString(line)) };
}
