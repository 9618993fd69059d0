// Preloaded into Prisma CLI runs: Prisma 6's Wasm schema engine leaves 10 s and 60 s timers pending
// after the command has finished, which holds the process open. Unref long timers so it exits at once.
const setTimeoutOriginal = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = setTimeoutOriginal.call(this, fn, ms, ...args);
  if (ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
