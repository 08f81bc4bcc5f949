import { Conflict, NotFound } from '../errors.js';
import {
  type AreaProfile,
  type CanonicalProfile,
  canonicalArea,
  canonicalDepartment,
  type DepartmentProfile,
  departmentAreaProblems,
  type Profile,
  ProfileError,
  profileLimits,
} from './profile.js';

/**
 * One area or one department changed within the whole profile: each function takes the
 * current (canonical) profile and returns the next one for changeProfile, or throws what
 * the request did wrong. Entries are named by key; the key in a body, if any, must be the
 * one in the path (a key is an entry's identity: renaming one is a delete and a create).
 */
type ListName = 'areas' | 'departments';
type Entry = { key: string };

const nouns: Record<ListName, string> = { areas: 'area', departments: 'department' };

export function entryOf<L extends ListName>(
  profile: CanonicalProfile,
  list: L,
  key: string,
): CanonicalProfile[L][number] {
  const entry = (profile[list] as Entry[]).find((candidate) => candidate.key === key);
  if (!entry) throw new NotFound(`No ${nouns[list]} "${key}" in this profile`);
  return entry as CanonicalProfile[L][number];
}

export function keyFromPath<T extends { key?: string }>(
  body: T,
  key: string,
  list: ListName,
): T & Entry {
  if (body.key !== undefined && body.key !== key) {
    throw new ProfileError(
      `invalid ${nouns[list]}: key: "${body.key}" is not the key in the path ("${key}")`,
    );
  }
  return { ...body, key };
}

/** The profile with the entry added or replaced; adds keep the profile's limits. */
function withEntry(profile: CanonicalProfile, list: ListName, entry: Entry): Profile {
  const entries = profile[list] as Entry[];
  const exists = entries.some((candidate) => candidate.key === entry.key);
  if (!exists && entries.length >= profileLimits[list]) {
    throw new Conflict(
      `the profile has ${entries.length} ${list} already, the most it can have; remove one first`,
    );
  }
  const next = exists
    ? entries.map((candidate) => (candidate.key === entry.key ? entry : candidate))
    : [...entries, entry];
  return { ...profile, [list]: next };
}

/** Whether the entry is new: the route answers 201 then. */
export function isNew(profile: CanonicalProfile, list: ListName, key: string): boolean {
  return !(profile[list] as Entry[]).some((entry) => entry.key === key);
}

export function putArea(profile: CanonicalProfile, area: AreaProfile): Profile {
  return withEntry(profile, 'areas', canonicalArea(area));
}

export function patchArea(
  profile: CanonicalProfile,
  key: string,
  patch: Partial<AreaProfile>,
): Profile {
  return putArea(profile, { ...entryOf(profile, 'areas', key), ...patch, key });
}

/** A department may only name areas the profile has; messages name the body's field. */
function checkDepartmentAreas(profile: CanonicalProfile, department: DepartmentProfile): void {
  const areaKeys = new Set(profile.areas.map((area) => area.key));
  const problems = departmentAreaProblems(department.areas, areaKeys, '');
  if (problems.length > 0) throw new ProfileError(`invalid department: ${problems.join('; ')}`);
}

export function putDepartment(profile: CanonicalProfile, department: DepartmentProfile): Profile {
  checkDepartmentAreas(profile, department);
  return withEntry(profile, 'departments', canonicalDepartment(department));
}

export function patchDepartment(
  profile: CanonicalProfile,
  key: string,
  patch: Partial<DepartmentProfile>,
): Profile {
  return putDepartment(profile, { ...entryOf(profile, 'departments', key), ...patch, key });
}

/** Refused while a department lists the area: its department would name an unknown area. */
export function deleteArea(profile: CanonicalProfile, key: string): Profile {
  entryOf(profile, 'areas', key);
  const users = profile.departments.filter((department) => department.areas.includes(key));
  if (users.length > 0) {
    throw new Conflict(
      `area "${key}" is still listed by department${users.length > 1 ? 's' : ''} ${users.map((department) => department.key).join(', ')}: take it out of them first`,
    );
  }
  if (profile.areas.length === 1) {
    throw new Conflict(`area "${key}" is the profile's last one; a profile needs at least one`);
  }
  return { ...profile, areas: profile.areas.filter((area) => area.key !== key) };
}

export function deleteDepartment(profile: CanonicalProfile, key: string): Profile {
  entryOf(profile, 'departments', key);
  return {
    ...profile,
    departments: profile.departments.filter((department) => department.key !== key),
  };
}
