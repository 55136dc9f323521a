/** What the PostgreSQL stores share: a query handle that is the pool's or a transaction's, and the paper select list. */
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { paperFields } from '../paper-rows.ts';
import * as pgSchema from './pg-schema.ts';

/** The pool's drizzle handle or a transaction's (PgTransaction extends PgDatabase): a helper runs on either. */
export type PgQueries = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;

type PaperField = keyof typeof paperFields;

/** paper-rows.ts's select list (the fields a Paper is read from), over the PostgreSQL papers table. */
export const pgPaperFields = Object.fromEntries(Object.keys(paperFields).map((field) => [field, pgSchema.papers[field as PaperField]])) as {
  [K in PaperField]: (typeof pgSchema.papers)[K];
};
