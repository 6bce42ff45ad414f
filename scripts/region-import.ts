/**
 * `npm run region:import -- <file> [<file> …]`: validates each region file and creates or updates
 * its region. Uses DATABASE_URL, or the embedded database under DATA_DIR (stop `npm start`
 * first in that case: one PostgreSQL per data folder). A file that fails changes nothing.
 */
import { readConfig } from '../src/lib/server/config.ts';
import { bootstrap } from '../src/lib/server/bootstrap.ts';
import { log } from '../src/lib/server/log.ts';
import {
	importRegion,
	readRegionFile,
	RegionFileError
} from '../src/lib/server/region/region-import.service.ts';

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length === 0) {
	console.error('Usage: npm run region:import -- <region-file.yaml|json> [more files]');
	process.exit(2);
}

// Validate every file before touching the database.
const parsed = [];
let invalid = false;
for (const file of files) {
	try {
		parsed.push(await readRegionFile(file));
	} catch (error) {
		invalid = true;
		console.error(error instanceof RegionFileError ? error.message : String(error));
	}
}
if (invalid) process.exit(1);

// No seeding here: an explicit import loads exactly the files named.
const app = await bootstrap({ ...readConfig(), regionFiles: [] }, log);
let failed = false;
try {
	for (const region of parsed) {
		try {
			const result = await importRegion(app.db, region);
			console.log(`${region.file}: region "${result.slug}" ${result.outcome}`);
		} catch (error) {
			failed = true;
			console.error(error instanceof RegionFileError ? error.message : String(error));
		}
	}
} finally {
	await app.close();
}
process.exit(failed ? 1 : 0);
