/** A real SMTP server on loopback that keeps what it receives (for tests; no mocks). */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
	to: string[];
	from: string;
	subject: string;
	text: string;
}

export interface TestSmtp {
	url: string;
	mails: ReceivedMail[];
	/** waits for a mail to this address whose subject matches */
	waitFor(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
	close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
	const mails: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					mails.push({
						to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						subject: parsed.subject ?? '',
						text: parsed.text ?? ''
					});
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as { port: number };
	return {
		url: `smtp://127.0.0.1:${port}`,
		mails,
		async waitFor(to, subject, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				const found = mails.find(
					(m) => m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.subject))
				);
				if (found) return found;
				await new Promise((r) => setTimeout(r, 100));
			}
			throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export function linkIn(text: string): string {
	const match = /https?:\/\/\S+/.exec(text);
	if (!match) throw new Error(`no link in mail:\n${text}`);
	return match[0];
}
