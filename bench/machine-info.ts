import { cpus, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  sqlite: string;
}

/** What the figures were measured on: the header of every benchmark report. */
export function describeMachine(): MachineInfo {
  const sqlite = new Database(':memory:');
  const version = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  sqlite.close();
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    sqlite: version,
  };
}

export function machineLine(machine: MachineInfo): string {
  return `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB memory, ${machine.platform}, Node ${machine.node}, SQLite ${machine.sqlite}`;
}
