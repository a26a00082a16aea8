#!/usr/bin/env node
// Runs one TypeScript file (a benchmark or a script) with the same loader as the CLI.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [file] = process.argv.splice(2, 1);
if (!file) {
  console.error('usage: run-ts.js FILE [ARGS...]');
  process.exit(1);
}
await import(pathToFileURL(file).href);
