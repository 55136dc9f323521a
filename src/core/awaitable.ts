/**
 * What a store port returns: a value (the embedded SQLite store answers on the spot) or a promise
 * of it (PostgreSQL answers over the network). Callers always await it, so the core runs the same
 * over either engine.
 */
export type Awaitable<T> = T | Promise<T>;

/**
 * A port as the embedded SQLite store implements it: every answer on the spot. Code that is
 * itself SQLite's (the importer, a transaction) holds this type and needs no await.
 */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> : T[K];
};
