/**
 * process.exit while user code (a strategy plug-in) runs in this process: a call from it is
 * trapped and turned into a clean stop, while spin-nas itself can still end the process at
 * once (a second Ctrl-C) through exitNow().
 */
let original: typeof process.exit | null = null;

/** Ends the process now, even while process.exit is trapped. */
export function exitNow(code: number): never {
  return (original ?? process.exit.bind(process))(code);
}

/**
 * Replaces process.exit: a call reaches `onExit` instead of ending the process. Returns the
 * function that puts process.exit back.
 */
export function trapProcessExit(onExit: (code: unknown) => void): () => void {
  const saved = process.exit.bind(process);
  original ??= saved;
  const trapped = ((code?: unknown) => {
    onExit(code);
    return undefined as never;
  }) as typeof process.exit;
  process.exit = trapped;
  return () => {
    if (process.exit !== trapped) return;
    process.exit = saved;
    if (original === saved) original = null;
  };
}
