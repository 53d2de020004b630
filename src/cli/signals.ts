/**
 * Clean stops for long commands: the first Ctrl-C (or SIGTERM) aborts the returned signal so
 * the command can cancel running trials and save; a second one quits at once (exit 130).
 */
import { exitNow } from '../util/exit.js';

export interface StopSignal {
  signal: AbortSignal;
  /** Removes the handlers (call when the command ends). */
  dispose(): void;
}

export function stopOnSignals(what: string, stopping?: string): StopSignal {
  const controller = new AbortController();
  let interrupts = 0;
  const handler = (): void => {
    interrupts++;
    if (interrupts > 1) exitNow(130);
    process.stderr.write(`\n${stopping ?? `stopping: cancelling running trials and saving the ${what}`} (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
