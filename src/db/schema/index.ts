export * from './calls.js';
export * from './sources.js';
