// What `@starter-kit/webpush/node` and `/cli` resolve to on runtimes other than Node and Bun (Workers, Deno,
// browsers):
// a clear error at import instead of a missing node:worker_threads deep inside a bundle.
throw new Error(
  "@starter-kit/webpush/node needs Node.js or Bun (node:crypto, worker threads, key files); on this runtime import '@starter-kit/webpush', which has the same API",
);
