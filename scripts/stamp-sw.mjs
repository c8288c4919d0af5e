// Trunk post-build hook (see Trunk.toml): writes a hash of every built file
// into dist's sw.js. File names carry no hash (filehash = false), so this is
// what gives each build its own cache name and makes browsers pick up a new
// service worker when anything in the build changed.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('stamp-sw: TRUNK_STAGING_DIR is not set (run through trunk build)');
const SW = join(dir, 'sw.js');
const PLACEHOLDER = "const BUILD = 'unbuilt';";

async function files(folder) {
  const out = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (entry.isFile() && path !== SW) out.push(path);
  }
  return out;
}

const hash = createHash('sha256');
for (const path of (await files(dir)).sort()) {
  // Name and length first, so moving bytes between files changes the hash.
  const body = await readFile(path);
  hash.update(`${relative(dir, path).split(sep).join('/')}\0${body.length}\0`);
  hash.update(body);
}
const build = hash.digest('hex').slice(0, 16);

const source = await readFile(SW, 'utf8');
if (!source.includes(PLACEHOLDER)) throw new Error(`stamp-sw: ${SW} has no ${PLACEHOLDER}`);
await writeFile(SW, source.replace(PLACEHOLDER, `const BUILD = '${build}';`));
console.log(`stamp-sw: sw.js build ${build}`);
