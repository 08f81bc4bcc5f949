export * from './access.js';
export * from './calls.js';
export * from './digests.js';
export * from './jobs.js';
export * from './matching.js';
export * from './partners.js';
export * from './sources.js';
export * from './tenants.js';
