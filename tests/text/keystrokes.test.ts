import { describe, expect, it } from 'vitest';
import { foldDiacritics, hasDiacritics } from '../../src/text/normalize.js';
import { decodeKeystrokes, isVietnameseSyllable } from '../../src/text/typing/keystrokes.js';
import { VINEWSQA_DEV } from '../support/shared-datasets.js';

const decode = (text: string) => decodeKeystrokes(text).text;

const devQuestions = VINEWSQA_DEV.map((q) => q.question);

describe('decodeKeystrokes: Telex leftovers', () => {
  it.each([
    ['vieetj', 'việt'],
    ['vieejt', 'việt'],
    ['dduwowngf', 'đường'],
    ['nguowif', 'người'],
    ['khoong', 'không'],
    ['tooi', 'tôi'],
    ['dduwowcj', 'được'],
    ['nhwngx', 'những'],
    ['nhuwngx', 'những'],
    ['ticjh', 'tịch'],
    ['tichj', 'tịch'],
    ['tuwowngs', 'tướng'],
    ['quoocs', 'quốc'],
    ['hooij', 'hội'],
    ['xawng', 'xăng'],
    ['nhieeu', 'nhiêu'],
    ['tieengs', 'tiếng'],
    ['laf', 'là'],
    ['ddi', 'đi'],
    ['gif', 'gì'],
    ['naof', 'nào'],
    ['thuowr', 'thuở'], // open "ươ" is "uơ"
    ['wf', 'ừ'],
    ['truwowngf', 'trường'],
    ['beenhj', 'bệnh'],
    ['nghieen', 'nghiên'],
    ['khuyeens', 'khuyến'],
    ['giuwax', 'giữa'],
    ['hoaf', 'hòa'], // classic tone placement, as normalizeText gives the index
    ['thuyx', 'thũy'],
    ['quyj', 'quỵ'],
    ['thafnh', 'thành'],
    ['hoafng', 'hoàng'],
  ])('%s → %s', (typed, word) => {
    expect(decodeKeystrokes(typed)).toEqual({ text: word, changed: true });
  });
});

describe('decodeKeystrokes: VNI leftovers', () => {
  it.each([
    ['Vie65t', 'Việt'],
    ['Vie6t5', 'Việt'],
    ['Viet65', 'Việt'],
    ['d9i', 'đi'],
    ['di9', 'đi'],
    ['ta6m', 'tâm'],
    ['kho6ng', 'không'],
    ['to6i', 'tôi'],
    ['nguo72i', 'người'],
    ['ngu7o7i2', 'người'],
    ['d9u7o7ng2', 'đường'],
    ['nhu74ng', 'những'],
    ['quo61c', 'quốc'],
    ['xa8ng', 'xăng'],
    ['la2', 'là'],
    ['No65i', 'Nội'],
  ])('%s → %s', (typed, word) => {
    expect(decodeKeystrokes(typed)).toEqual({ text: word, changed: true });
  });
});

describe('decodeKeystrokes: s or r alone, weak evidence', () => {
  // English ends words in s and r ("this", "days", "air"): alone, such a word stays; in a question
  // whose other words show the input method was off, it is decoded too.
  it.each([
    ['chur', 'chủ tịch', 'chur ticjh'],
    ['thur', 'thủ tướng', 'thur tuwowngs'],
    ['gias', 'giá xăng', 'gias xawng'],
    ['cuar', 'của tôi', 'cuar tooi'],
    ['thuyr', 'thủy điện', 'thuyr ddieenj'],
    ['quys', 'quý khách đi', 'quys khachs ddi'],
    ['this', 'thí sinh đỗ', 'this sinh ddoox'],
  ])('%s → %s in context', (word, decoded, question) => {
    expect(decodeKeystrokes(word)).toEqual({ text: word, changed: false });
    expect(decodeKeystrokes(question)).toEqual({ text: decoded, changed: true });
  });

  it('takes a capitalized word with one key for a name, unless the question shows keystrokes elsewhere', () => {
    expect(decode('quys khachs')).toBe('quys khachs'); // weak words alone prove nothing
    expect(decode('ông Haf')).toBe('ông Haf');
    expect(decode('ông Luis ở Las Vegas')).toBe('ông Luis ở Las Vegas');
    expect(decode('Vieetj Nam vaf Laof')).toBe('Việt Nam và Lào');
  });

  it('reads an English look-alike as keystrokes only when the question shows the input method was off', () => {
    expect(decode('Vì sao sex làm giảm đau?')).toBe('Vì sao sex làm giảm đau?');
    expect(decode('Vif sao sex khoong ddi?')).toBe('Vì sao sẽ không đi?');
    expect(decode('cow theer nguowif')).toBe('cơ thể người');
    expect(decode('cow theer')).toBe('cơ thể'); // "theer" is no English word: strong
    expect(decode('cow')).toBe('cow');
  });

  it('reads a doubled key typed with shift held: "OOng", "DDi"', () => {
    expect(decode('OOng Nam ddi')).toBe('Ông Nam đi');
  });
});

describe('decodeKeystrokes: s or r alone, decided by a language model', () => {
  // A stand-in model: it knows a few accented phrases, and nothing else; each call is recorded.
  const scorer = (known: string[]) => {
    const seen: string[] = [];
    const score = (text: string) => (seen.push(text), known.filter((phrase) => text.includes(phrase)).length);
    return { seen, score };
  };

  it('decodes a lower-case word alone when the model finds the question likelier so', () => {
    const { seen, score } = scorer(['máy bay', 'có the']);
    expect(decodeKeystrokes('mays bay cua hang nao', score)).toEqual({ text: 'máy bay cua hang nao', changed: true });
    // The word and three words on each side, as typed and decoded: not the whole question.
    expect(seen).toEqual(['mays bay cua hang', 'máy bay cua hang']);
    expect(decodeKeystrokes('vi sao cos the bi met', score).text).toBe('vi sao có the bi met');
  });

  it('keeps the word when the model prefers it as typed, or ties', () => {
    const { score } = scorer(['mays']);
    expect(decodeKeystrokes('mays bay cua hang nao', score)).toEqual({ text: 'mays bay cua hang nao', changed: false });
    expect(decodeKeystrokes('mays bay', () => 0)).toEqual({ text: 'mays bay', changed: false });
  });

  it('decides each word on its own', () => {
    const { score } = scorer(['máy bay', 'bảo']);
    expect(decodeKeystrokes('mays bay banr', score).text).toBe('máy bay banr');
  });

  it('never asks about English look-alikes or a capital in mid-sentence: "giá gas", "ông Luis"', () => {
    const { seen, score } = scorer(['giá', 'gá', 'Lú']);
    expect(decodeKeystrokes('giá gas hôm nay', score).text).toBe('giá gas hôm nay');
    expect(decodeKeystrokes('phim sex la gi', score).text).toBe('phim sex la gi');
    expect(decodeKeystrokes('ông Luis Phaps ở đâu', score).text).toBe('ông Luis Phaps ở đâu');
    expect(seen).toEqual([]);
  });

  it('asks about a capital that starts the sentence: "Cacs", "Taij"', () => {
    const { score } = scorer(['Các']);
    expect(decodeKeystrokes('Cacs benh vien nao', score).text).toBe('Các benh vien nao');
  });

  it('with a strong word in the question, decodes them all without asking', () => {
    const { seen, score } = scorer([]);
    expect(decodeKeystrokes('mays bay ddi ddaau', score).text).toBe('máy bay đi đâu');
    expect(seen).toEqual([]);
  });
});

describe('decodeKeystrokes: whole questions', () => {
  it.each([
    ['Chur ticjh nuwowcs laf ai?', 'Chủ tịch nước là ai?'],
    ['Thur tuwowngs ddeens Haf Nooij khi naof?', 'Thủ tướng đến Hà Nội khi nào?'],
    ['Quoocs hooij hopj vaof ngayf naof', 'Quốc hội họp vào ngày nào'],
    ['gias xawng hoom nay bao nhieeu?', 'giá xăng hôm nay bao nhiêu?'],
    ['Nguowif Vieetj ddi dduwowngf naof?', 'Người Việt đi đường nào?'],
    ['Bo65 Y te61 no1i gi2?', 'Bộ Y tế nói gì?'],
    ['benh vien nao o Hà Nooij', 'benh vien nao o Hà Nội'], // bare syllables are the restorer's
  ])('%s → %s', (typed, question) => {
    expect(decodeKeystrokes(typed)).toEqual({ text: question, changed: true });
  });

  it('keeps every other character as typed, punctuation and spacing included', () => {
    expect(decode('  (vieetj)…  hoà?! ')).toBe('  (việt)…  hoà?! ');
  });
});

describe('decodeKeystrokes: half-applied input methods', () => {
  it.each([
    ['việtj', 'việt'], // the tone applied, then typed again
    ['việts', 'viết'], // a later tone key replaces the tone, as in Telex
    ['đuowngf', 'đường'],
    ['ngươif', 'người'],
    ['tôis', 'tối'],
    ['khôngg', 'khôngg'], // a stray letter is a typo, not a key
  ])('%s → %s', (typed, word) => {
    expect(decode(typed)).toBe(word);
  });
});

describe('decodeKeystrokes: keeps the case typed', () => {
  it.each([
    ['Vieetj', 'Việt'],
    ['VIEETJ', 'VIỆT'],
    ['KHOONG', 'KHÔNG'],
    ['DDaf Nawxng', 'Đà Nẵng'],
    ['Ddaf Nawxng', 'Đà Nẵng'],
    ['Haf Nooij', 'Hà Nội'],
    ['VIE65T', 'VIỆT'],
  ])('%s → %s', (typed, word) => {
    expect(decode(typed)).toBe(word);
  });
});

describe('decodeKeystrokes: leaves alone what is not a leftover', () => {
  it.each([
    // English and foreign words and names
    'free',
    'door',
    'coffee',
    'iPhone',
    'Facebook',
    'Chile',
    'Santiago',
    'email',
    'taxi',
    'gas',
    'bus',
    'Post',
    'test',
    'Luis',
    'Queen',
    'Hans',
    'Laos',
    'Town',
    'McCain',
    // syllables typed without diacritics: the restorer's
    'xoong',
    'khoang',
    'tieu',
    'nguoi',
    'boong',
    // numbers and codes
    '2024',
    'U23',
    'A4',
    'Covid-19',
    'G7',
    '5G',
    'F0',
    'COP28',
    '3h30',
    '10-11',
    'H5N1',
    'giảm48%',
    'tang48',
    // URLs, e-mails, acronyms
    'https://vnexpress.net/vieetj-nam-123.html',
    'toaf.soanj@baos.vn',
    'UBND',
    'TP.HCM',
    'VN',
    'TW',
    'AJ',
    'DDOS',
    'TOOI', // capitals with a single key are taken for an acronym
  ])('%s', (text) => {
    expect(decodeKeystrokes(text)).toEqual({ text, changed: false });
  });

  it('takes a capitalized word with one tone key for a name, except at the start of a sentence', () => {
    expect(decode('Ong Luis o Las Vegas')).toBe('Ong Luis o Las Vegas');
    expect(decode('Cos bao nhieeu nguowif?')).toBe('Có bao nhiêu người?');
    expect(decode('Thur ddoo Haf Nooij. Cos gif?')).toBe('Thủ đô Hà Nội. Có gì?');
  });

  const sample = devQuestions.length > 0 ? it : it.skip;
  sample(`returns all ${devQuestions.length || 2497} ViNewsQA dev questions unchanged, as written and folded`, () => {
    const changed = devQuestions
      .flatMap((q) => [q, foldDiacritics(q)])
      .filter((q) => {
        const decoded = decodeKeystrokes(q);
        return decoded.changed || decoded.text !== q;
      });
    expect(changed).toEqual([]);
  });
});

describe('isVietnameseSyllable', () => {
  it.each([
    'việt',
    'người',
    'nghiêng',
    'quyết',
    'khuỷu',
    'giữa',
    'gì',
    'gìn',
    'giếng',
    'kỳ',
    'quốc',
    'thuở',
    'xoong',
    'oái',
    'yêu',
    'ĐƯỜNG',
    'nguoi',
    'khong',
    'tieu',
    'gia',
    'hoa',
    'y',
    'ke',
    'kí',
    'ca',
    'tát',
  ])('accepts %s', (word) => {
    expect(isVietnameseSyllable(word)).toBe(true);
  });

  it.each([
    'vieetj', // Telex keys
    'khoong', // "oong" only in xoong, boong, goòng
    'tooi',
    'nghan', // ngh only before i e ê
    'ghà',
    'cế', // c never before e ê i y
    'kà', // k only before e ê i y
    'iên', // iê needs an onset; yên does not
    'tàt', // a stop final takes only sắc or nặng
    'viét', // a word with diacritics must be spelled in full
    'ngưoi',
    'free',
    'Santiago',
    'U23',
    'iPhone',
    'hoà bình',
  ])('rejects %s', (word) => {
    expect(isVietnameseSyllable(word)).toBe(false);
  });

  const sample = devQuestions.length > 0 ? it : it.skip;
  sample('accepts the words with diacritics of the ViNewsQA dev questions (≥ 99.5%)', () => {
    const words = devQuestions.flatMap((q) => q.match(/[\p{L}\p{M}]+/gu) ?? []).filter((w) => w === w.toLowerCase() && hasDiacritics(w));
    const rejected = words.filter((w) => !isVietnameseSyllable(w));
    expect(words.length).toBeGreaterThan(10_000);
    // The few rejects are loanwords written as one word ("vắcxin", "ôxy"), not syllables.
    expect(rejected.length / words.length, `rejected: ${[...new Set(rejected)].join(' ')}`).toBeLessThan(0.005);
  });
});
