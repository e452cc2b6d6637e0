#!/usr/bin/env node
// The `gatehouse` binary: hands argv to the CLI and exits with its code.
import { runCli } from './cli/index.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
