import { describe, expect, it } from 'vitest';
import { parseHuggingFaceDaily } from '../../src/adapters/sources/parse-huggingface-daily.ts';
import { readFixture } from './fixtures.ts';

const DAILY = 'huggingface/hf-daily-papers-2024-10-25-first9.json';

function parseOk(body: unknown) {
  const result = parseHuggingFaceDaily(body);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseHuggingFaceDaily', () => {
  it('reads every paper with its upvotes and comment count', () => {
    const { papers } = parseOk(readFixture(DAILY));
    expect(papers.map((paper) => [paper.id, paper.upvotes, paper.numComments])).toEqual([
      ['2410.17243', 74, 3],
      ['2410.16251', 45, 2],
      ['2410.18533', 40, 2],
      ['2410.18693', 35, 2],
      ['2410.18975', 30, 2],
      ['2410.18978', 28, 2],
      ['2410.18798', 18, 5],
      ['2410.18745', 15, 3],
      ['2410.18538', 12, 5],
    ]);
  });

  it('fills every field of a paper and unwraps its title and summary', () => {
    const paper = parseOk(readFixture(DAILY)).papers[0];
    expect(paper).toMatchObject({
      id: '2410.17243',
      version: null,
      title: 'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss',
      authors: ['Zesen Cheng', 'Hang Zhang', 'Kehan Li', 'Sicong Leng', 'Zhiqiang Hu', 'Fei Wu', 'Deli Zhao', 'Xin Li', 'Lidong Bing'],
      authorsTruncated: false,
      categories: [],
      published: '2024-10-22',
      updated: null,
      comment: null,
      doi: null,
      journalRef: null,
      absUrl: 'https://arxiv.org/abs/2410.17243',
      pdfUrl: 'https://arxiv.org/pdf/2410.17243',
      codeUrl: null,
      org: null,
      score: null,
      upvotes: 74,
      sources: ['huggingface'],
      githubStars: null,
      numComments: 3,
      submittedOnDailyAt: '2024-10-25T00:57:09.392Z',
    });
    expect(paper?.abstract).toMatch(/^Contrastive loss is a powerful approach for representation learning, where larger batch sizes/);
    expect(paper?.abstract).not.toContain('\n');
  });

  it('keeps the author macro \\method as one backslash and the quoted phrases intact', () => {
    const { papers } = parseOk(readFixture(DAILY));
    expect(papers[7]?.abstract).toContain('Llama 3.1 70B with \\method even achieves better performance');
    expect(papers[7]?.abstract).not.toContain('\\\\');
    expect(papers[3]?.abstract).toContain('utilizes "small-size" (e.g., 7B) open-source models');
  });

  it('accepts the body already parsed', () => {
    const parsed: unknown = JSON.parse(readFixture(DAILY));
    expect(parseOk(parsed).papers).toHaveLength(9);
  });

  it('reads the newer optional fields: GitHub repo and stars, organisation, daily submission time', () => {
    // Built from the recorded first item plus the 2025 fields HF's docs describe.
    const [item] = JSON.parse(readFixture(DAILY)) as Array<{ paper: Record<string, unknown> } & Record<string, unknown>>;
    item!.paper.githubRepo = 'https://github.com/DAMO-NLP-SG/Inf-CLIP';
    item!.paper.githubStars = 232;
    item!.paper.organization = { name: 'DAMO-NLP-SG', fullname: 'DAMO Academy' };
    item!.paper.submittedOnDailyAt = '2024-10-25T00:57:09.392Z';
    expect(parseOk([item]).papers[0]).toMatchObject({
      codeUrl: 'https://github.com/DAMO-NLP-SG/Inf-CLIP',
      githubStars: 232,
      org: 'DAMO Academy',
      submittedOnDailyAt: '2024-10-25T00:57:09.392Z',
    });

    delete item!.paper.organization;
    item!.organization = { name: 'DAMO-NLP-SG' };
    expect(parseOk([item]).papers[0]?.org).toBe('DAMO-NLP-SG');
  });

  it('gives zero papers for an empty day', () => {
    expect(parseHuggingFaceDaily('[]')).toEqual({ kind: 'ok', papers: [] });
  });

  it("returns HF's error body as a typed error", () => {
    expect(parseHuggingFaceDaily('{"error":"Invalid date format"}')).toEqual({ kind: 'error', message: 'Invalid date format' });
  });

  it('reports a body that is not a Daily Papers list', () => {
    expect(parseHuggingFaceDaily('<!DOCTYPE html><html>')).toMatchObject({ kind: 'malformed', message: expect.stringContaining('not JSON') });
    expect(parseHuggingFaceDaily('[{"paper":{"title":"no id"}}]')).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('0.paper.id'),
    });
  });
});
