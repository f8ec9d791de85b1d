import pino from 'pino';

/** Start-up messages before (and outside) Nest's logger: JSON lines, like the request logs. */
const logger = pino({ name: 'outreach-crm', level: 'info' });

export const bootLog = {
  debug: (m: string) => logger.debug(m),
  info: (m: string) => logger.info(m),
  warn: (m: string) => logger.warn(m),
  /** Things a person starting the app must see (demo passwords, the address): plain text on stdout. */
  notice: (m: string) => process.stdout.write(`${m}\n`),
  error: (m: string) => logger.error(m),
};
