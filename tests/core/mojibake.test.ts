/** Decoding damage is counted in text decoded the wrong way, and clean Indonesian text scores 0. */
import { describe, expect, test } from 'vitest';
import { damageScore } from '../../src/core/text/index.ts';

const CLEAN = [
  'Kafe “Sehat” di Jakarta — kata Budi, café. Harga Rp 10.000 – naik…',
  'Menteri Luar Negeri Rusia Sergey Lavrov mengatakan, “Kami tidak menginginkan perang.”',
  'Pemerintah Kota Surabaya menyiapkan 12 posko; warga diminta tetap waspada.',
  'Zürich, São Paulo, Kraków dan Ñuñoa — nama kota dengan aksen tetap bersih.',
];

describe('damageScore', () => {
  test.each(CLEAN)('clean text scores 0: %s', (text) => {
    expect(damageScore(text)).toBe(0);
  });

  test.each(CLEAN.filter((t) => /[^\x00-\x7f]/.test(t)))('UTF-8 read as windows-1252 or Latin-1 is damaged: %s', (text) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(damageScore(new TextDecoder('windows-1252').decode(bytes))).toBeGreaterThan(0);
    expect(damageScore(bytes.toString('latin1'))).toBeGreaterThan(0);
  });

  test('replacement characters count one each', () => {
    expect(damageScore('a\uFFFDb\uFFFD')).toBe(2);
  });
});
