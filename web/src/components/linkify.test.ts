import { describe, expect, it } from 'vitest';
import { splitLinks } from './linkify';

describe('splitLinks', () => {
  it('returns plain text untouched', () => {
    expect(splitLinks('こんにちは')).toEqual([{ kind: 'text', text: 'こんにちは' }]);
  });

  it('finds links between text and leaves closing punctuation outside', () => {
    expect(splitLinks('次のURLを開いてください：http://localhost:3000/setup/staff/abc。\n以上')).toEqual([
      { kind: 'text', text: '次のURLを開いてください：' },
      { kind: 'link', href: 'http://localhost:3000/setup/staff/abc' },
      { kind: 'text', text: '。\n以上' },
    ]);
  });

  it('handles several links and a link at the very end', () => {
    expect(splitLinks('a https://x.example/1, b https://x.example/2?q=1&r=2')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'link', href: 'https://x.example/1' },
      { kind: 'text', text: ', b ' },
      { kind: 'link', href: 'https://x.example/2?q=1&r=2' },
    ]);
  });

  it('does not turn other schemes into links', () => {
    expect(splitLinks('javascript:alert(1)')).toEqual([{ kind: 'text', text: 'javascript:alert(1)' }]);
  });
});
