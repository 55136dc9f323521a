import type { Block, Reply } from './reply.ts';

/**
 * Splits a reply into parts of at most `papersPerPart` papers, for platforms whose messages hold
 * fewer. Blocks before a paper (its group's label) travel with it; buttons right after a paper stay
 * with it; the blocks after the last paper close the last part. One part when the reply fits.
 */
export function splitReplyByPapers(reply: Reply, papersPerPart: number): Reply[] {
  const parts: Block[][] = [[]];
  let papersInPart = 0;
  let leading: Block[] = [];
  let previous: Block | null = null;
  for (const block of reply.blocks as Block[]) {
    if (block.type === 'paper') {
      if (papersInPart === papersPerPart) {
        parts.push([]);
        papersInPart = 0;
      }
      parts.at(-1)!.push(...leading, block);
      leading = [];
      papersInPart++;
    } else if (block.type === 'actions' && previous?.type === 'paper') {
      parts.at(-1)!.push(block);
    } else {
      leading.push(block);
    }
    previous = block;
  }
  parts.at(-1)!.push(...leading);
  return parts.map((blocks) => ({ ...reply, blocks }));
}

/** The ids of the papers a reply shows. */
export function paperIdsOf(reply: Reply): string[] {
  return (reply.blocks as Block[]).flatMap((b) => (b.type === 'paper' ? [b.paper.id] : []));
}
