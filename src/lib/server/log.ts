import pino from 'pino';

/** Structured JSON logs on stdout, one line per event; request lines carry `requestId`. */
export const log = pino({
	level: process.env.LOG_LEVEL || 'info',
	base: { app: 'heimatleben' },
	timestamp: pino.stdTimeFunctions.isoTime,
	// Never log secrets that may appear in connection strings or headers.
	redact: ['databaseUrl', 'req.headers.cookie', 'req.headers.authorization']
});

export type Logger = typeof log;
