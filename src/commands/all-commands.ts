import type { CommandSpec } from './command-spec.ts';
import { digestCommand } from './definitions/digest-command.ts';
import { followCommand } from './definitions/follow-command.ts';
import { helpCommand } from './definitions/help-command.ts';
import { likeCommand } from './definitions/like-command.ts';
import { listCommand } from './definitions/list-command.ts';
import { pauseCommand, resumeCommand } from './definitions/pause-resume-commands.ts';
import { paperCommand } from './definitions/paper-command.ts';
import { scheduleCommand } from './definitions/schedule-command.ts';
import { searchCommand } from './definitions/search-command.ts';
import { settingsCommand } from './definitions/settings-command.ts';
import { statusCommand } from './definitions/status-command.ts';
import { subscribeCommand } from './definitions/subscribe-command.ts';
import { unfollowCommand } from './definitions/unfollow-command.ts';
import { unsubscribeCommand } from './definitions/unsubscribe-command.ts';
import { rateCommand } from './definitions/rate-command.ts';
import { saveCommand } from './definitions/save-command.ts';
import { whyCommand } from './definitions/why-command.ts';
import { recommendCommand } from './definitions/recommend-command.ts';
import { readingListCommand } from './definitions/reading-list-command.ts';
import { exportCommand } from './definitions/export-command.ts';
import { recapCommand } from './definitions/recap-command.ts';

/** Every command paperboy has, in the order help lists them. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  searchCommand,
  paperCommand,
  likeCommand,
  subscribeCommand,
  followCommand,
  listCommand,
  unsubscribeCommand,
  unfollowCommand,
  scheduleCommand,
  digestCommand,
  rateCommand,
  saveCommand,
  whyCommand,
  recommendCommand,
  readingListCommand,
  exportCommand,
  recapCommand,
  pauseCommand,
  resumeCommand,
  settingsCommand,
  statusCommand,
  helpCommand,
];
