// The registry this project installs from lacks some platform-specific optional packages
// (e.g. @biomejs/cli-win32-x64, msgpackr-extract for macOS). `npm install` skips them and
// leaves them out of package-lock.json, after which `npm ci` refuses the lock as out of sync.
// This adds a lock entry for each missing optional dependency, with the os/cpu its name
// states, so `npm ci` sees a complete lock and skips the foreign-platform ones as usual.
// Run it after any `npm install` that changes the lock: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const platform =
  /(android|darwin|freebsd|linux|openbsd|sunos|win32)-(arm64|arm|ia32|x64|ppc64|s390x|riscv64|loong64)(-(musl|gnu|msvc))?/;
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const match = platform.exec(name);
    const missing = { version: version.replace(/^[\^~]/, ''), optional: true };
    if (entry.dev) missing.dev = true;
    if (match) {
      missing.os = [match[1]];
      missing.cpu = [match[2]];
      if (match[4] === 'musl') missing.libc = ['musl'];
    }
    lock.packages[`node_modules/${name}`] = missing;
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} missing optional platform entries added`);
