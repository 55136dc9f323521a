/** Papers that push the Slack renderer to its limits. */
import type { PaperInput } from '../../src/core/paper.ts';

export const HOSTILE_TITLE = '<!channel> & <@U123>';

export function testPaper(id: string, extra: Partial<PaperInput> = {}): PaperInput {
  return {
    id,
    version: 1,
    title: `Cold-start recommendation study ${id}`,
    abstract: 'We study cold-start recommendation for new users and items.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorsTruncated: false,
    categories: ['cs.IR'],
    published: '2026-11-20',
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: `https://arxiv.org/abs/${id}`,
    pdfUrl: `https://arxiv.org/pdf/${id}`,
    codeUrl: null,
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-api'],
    ...extra,
  };
}

/** A title that would notify a whole channel if sent unescaped, 400 authors, a 10 kB abstract. */
export function hostilePaper(id = '2611.99001'): PaperInput {
  const sentence = 'Cold-start bandits <!here> & <#C0GENERAL> compare <b>tags</b> && a > b < c for new users. ';
  return testPaper(id, {
    title: HOSTILE_TITLE,
    abstract: sentence.repeat(Math.ceil(10_240 / sentence.length)),
    authors: Array.from({ length: 400 }, (_, i) => `Author <${i}> & Co`),
    comment: 'Code: https://github.com/example/hostile|<!everyone>',
    codeUrl: 'https://github.com/example/hostile|<!everyone>',
    org: '<!subteam^S123> & friends',
    doi: '10.1000/<!channel>',
    journalRef: 'Proc. <Hostile> & Co '.repeat(200),
  });
}
