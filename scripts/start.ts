/** `npm start`: build when needed, then run the server in this process. */
import { buildIfStale } from './build-if-stale.ts';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22 || (major === 22 && Number(process.versions.node.split('.')[1]) < 17)) {
	console.error(
		`HeimatLeben needs Node.js 22.17 or newer (24 LTS recommended); this is ${process.version}.`
	);
	process.exit(1);
}
buildIfStale();
await import('../server.ts');
