import type { CommandSpec } from './command-spec.ts';
import { helpCommand } from './definitions/help-command.ts';
import { likeCommand } from './definitions/like-command.ts';
import { paperCommand } from './definitions/paper-command.ts';
import { searchCommand } from './definitions/search-command.ts';

/** Every command paperboy has, in the order help lists them. */
export const ALL_COMMANDS: readonly CommandSpec[] = [searchCommand, paperCommand, likeCommand, helpCommand];
