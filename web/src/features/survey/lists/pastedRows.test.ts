import { describe, expect, it } from 'vitest';
import { asPastedLines, parsePastedRows } from './pastedRows';

const messages = { columns: { cas: 'CAS', name: 'name', threshold: 'threshold', basis: 'basis' }, required: 'required', notANumber: 'nan', badBasis: 'basis?' };

describe('parsePastedRows', () => {
  it('reads tab-separated rows, skipping a header row and blank lines', () => {
    const text = 'CAS番号\t物質名\t閾値(%)\t基準\n7439-92-1\t鉛\t0.1\t均質材料\n\n7440-43-9\tカドミウム\t0.01%\t\tRoHS\n';
    const { entries, errors, lineOf } = parsePastedRows(text, messages);
    expect(errors).toEqual([]);
    expect(lineOf).toEqual([2, 4]);
    expect(asPastedLines([{ row: 2, column: 'cas', message: 'bad' }], lineOf)).toEqual([{ row: 4, column: 'cas', message: 'bad' }]);
    expect(entries).toEqual([
      { cas: '7439-92-1', internalId: null, name: '鉛', thresholdPercent: 0.1, basis: 'material', notes: '' },
      { cas: '7440-43-9', internalId: null, name: 'カドミウム', thresholdPercent: 0.01, basis: 'material', notes: 'RoHS' },
    ]);
  });

  it('reads comma-separated rows, full-width digits and the article basis', () => {
    const { entries } = parsePastedRows('１１７-８１-７,DEHP,０.１,成形品', messages);
    expect(entries).toEqual([{ cas: '117-81-7', internalId: null, name: 'DEHP', thresholdPercent: 0.1, basis: 'article', notes: '' }]);
  });

  it('names every wrong row and column and keeps none of them', () => {
    const { entries, errors } = parsePastedRows('7439-92-1,鉛,0.1\n,,abc,whatever\n7440-43-9,カドミウム,0.01', messages);
    expect(entries.map((e) => e.name)).toEqual(['鉛', 'カドミウム']);
    expect(errors).toEqual([
      { row: 2, column: 'name', message: 'required' },
      { row: 2, column: 'threshold', message: 'nan' },
      { row: 2, column: 'basis', message: 'basis?' },
      { row: 2, column: 'CAS', message: 'required' },
    ]);
  });
});
