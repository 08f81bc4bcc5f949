import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type Profile, ProfileError, parseProfile } from './profile.js';

/** Reads a profile from a .json, .yaml or .yml file; errors name the file and the field. */
export async function loadProfileFile(file: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProfileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ProfileError(
      `${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
  try {
    return parseProfile(parsed);
  } catch (error) {
    throw new ProfileError(`${file}: ${(error as Error).message}`);
  }
}

/** The example municipalities that ship with callradar (src/tenants/examples). */
export function examplesFolder(): string {
  for (const relative of ['./examples', '../../../src/tenants/examples']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('example profiles not found beside the application');
}

export async function exampleProfiles(): Promise<Array<{ slug: string; profile: Profile }>> {
  const folder = examplesFolder();
  const files = (await readdir(folder)).filter((file) => /\.(json|ya?ml)$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      slug: file.replace(/\.[^.]+$/, ''),
      profile: await loadProfileFile(path.join(folder, file)),
    })),
  );
}
