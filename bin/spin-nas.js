#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
  // A command that has finished ends the process within a few seconds, even when user code
  // (a strategy plug-in's timer or socket) keeps the event loop alive. The timer does not
  // itself keep the process up.
  setTimeout(() => process.exit(code), 2000).unref();
});
