/**
 * The V8 flags every process of the product runs with: the npm scripts (`start`, `projector`, `cli`,
 * `demo`), the Docker image (NODE_OPTIONS) and the bench's measuring processes (so the bench measures
 * the product as it runs). node-flags.spec.ts checks that each of them carries these flags.
 *
 * `--max-semi-space-size=32`: a young generation of 32 MB per semi-space instead of V8's 16 MB. A
 * command of 1,000 usage records keeps a few MB of short-lived objects (records, events, their JSON,
 * the batch sent to the writer thread) alive for its ~25 ms; with the default size a scavenge every
 * ~100 ms found one such command in flight and copied its objects, ~10 ms each time, on the critical
 * path. Measured on bench part 2 (usage ingestion; alternating fresh processes, same run): CPU per
 * request 32.8 → 27.1 ms, ratio to raw 0.63 → 0.69. It costs up to 32 MB more memory per process.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
