/**
 * `npm run person:role -- <region-slug> <email> <citizen|moderator|region_admin>`: gives a
 * registered person of a region a role. Needed for the first region admin, whom nobody could
 * appoint in the admin area; later ones are appointed there. The change is written to the
 * region's audit log (actor: none, details: via cli). The last region admin of a region cannot
 * be demoted here either: appoint another one first.
 *
 * Uses DATABASE_URL, or the embedded database under DATA_DIR (stop `npm start` first in that
 * case: one PostgreSQL per data folder).
 */
import { readConfig } from '../src/lib/server/config.ts';
import { bootstrap } from '../src/lib/server/bootstrap.ts';
import { log } from '../src/lib/server/log.ts';
import { ROLES } from '../src/lib/server/admin/admin.policy.ts';
import { assignRoleFromCommandLine } from '../src/lib/server/admin/admin.service.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';

const USAGE = `Usage: npm run person:role -- <region-slug> <email> <${ROLES.join('|')}>`;

const args = process.argv.slice(2).filter((arg) => arg !== '--');
if (args.length !== 3) {
	console.error(USAGE);
	process.exit(2);
}
const [regionSlug, typedEmail, role] = args as [string, string, string];
const email = typedEmail.trim().toLowerCase();
if (!(ROLES as readonly string[]).includes(role)) {
	console.error(`Unknown role "${role}". The roles are: ${ROLES.join(', ')}.\n${USAGE}`);
	process.exit(2);
}

// No seeding: this command changes one person and nothing else.
const app = await bootstrap({ ...readConfig(), regionFiles: [] }, log);
let exitCode = 1;
try {
	const result = await assignRoleFromCommandLine(app.db, {
		regionSlug,
		email,
		role: role as PersonRole
	});
	switch (result.outcome) {
		case 'unknown_region':
			console.error(
				`No region "${regionSlug}". ` +
					(result.regions.length
						? `Regions: ${result.regions.join(', ')}.`
						: 'There is no region yet: import one with `npm run region:import -- <file>`.')
			);
			break;
		case 'unknown_person':
			console.error(
				`Nobody with the e-mail address ${email} is registered in region "${regionSlug}". ` +
					'The person registers on the website first (/konto/registrieren).'
			);
			break;
		case 'refused':
			console.error(
				result.reason === 'admin.role.lastAdmin'
					? `${email} is the last region admin of "${regionSlug}". Appoint another region admin first.`
					: `Refused: ${result.reason}`
			);
			break;
		case 'unchanged':
			console.log(`${result.displayName} <${email}> already has the role ${result.newRole}.`);
			exitCode = 0;
			break;
		case 'changed':
			console.log(
				`${result.displayName} <${email}> in region "${regionSlug}": ${result.oldRole} → ${result.newRole}.`
			);
			exitCode = 0;
			break;
	}
	if (exitCode === 0 && 'verified' in result && !result.verified) {
		console.log(
			'Note: this person has not confirmed the e-mail address yet (see the outbox or their mail).'
		);
	}
} catch (error) {
	console.error(String(error));
} finally {
	await app.close();
}
process.exit(exitCode);
