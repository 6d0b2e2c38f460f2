/**
 * How far behind the event loop runs. The extractive answerer is synchronous CPU work, so when
 * questions come faster than one process answers them they do not wait inside our middleware
 * (where the in-flight ceiling counts them) but before it, as sockets the loop has not read yet.
 * That wait shows up as timer lag: a 100 ms timer that fires 900 ms late means requests are
 * queueing ~900 ms. The concurrency shedder uses it to refuse work at once instead.
 *
 * @example
 * const lag = watchEventLoopLag();
 * createApp({ …, isBusy: () => lag.ms() > 1000 });
 */

export interface LagWatch {
  /** Current lag in ms: the last tick's, or the time the loop has been blocked since, if longer. */
  ms: () => number;
  stop: () => void;
}

export function watchEventLoopLag(intervalMs = 100): LagWatch {
  let last = performance.now();
  let lag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const drift = Math.max(0, now - last - intervalMs);
    // A stall is forgotten over a few quiet ticks, not at the first one.
    lag = Math.max(drift, lag * 0.5);
    last = now;
  }, intervalMs);
  // Never keeps the process alive on its own.
  timer.unref();
  return {
    ms: () => Math.max(lag, performance.now() - last - intervalMs),
    stop: () => clearInterval(timer),
  };
}
