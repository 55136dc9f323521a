/**
 * Author names by how they begin, for offering names while someone types one (`follow` on
 * Discord). A port of its own: the author directory answers who a name is, this only lists names.
 */
import type { Awaitable } from '../awaitable.ts';

export interface AuthorNameIndex {
  /**
   * Display names of store authors whose name key (authorNameKey) starts with `keyPrefix`, in
   * name-key order, at most `limit`. An empty prefix lists none.
   */
  namesStartingWith(keyPrefix: string, limit: number): Awaitable<string[]>;
}
