/**
 * The bench client in a process of its own (api-load.ts, measureRouteApart): a fresh heap,
 * away from the bench's seeding and matching, whose garbage would otherwise be collected
 * in the middle of a measurement and counted as the server's latency. Reads
 * {baseUrl, route, options} on stdin, writes the route's figures as JSON on stdout.
 */
import { text } from 'node:stream/consumers';
import { measureRoute } from './api-load.js';

const { baseUrl, route, options } = JSON.parse(await text(process.stdin));
process.stdout.write(JSON.stringify(await measureRoute(baseUrl, route, options)));
