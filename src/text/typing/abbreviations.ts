/**
 * The abbreviations and teencode readers type in questions to a news site ("gia vang hnay bn",
 * "tt Mỹ la ai", "luong 5tr co du song ko"), with what they stand for, written the way the
 * articles write it: that is what the index holds. {@link expandAbbreviations} (expand.ts)
 * applies the table; this file only holds it.
 *
 * What is in, and why:
 * - A form is never a Vietnamese syllable typed without diacritics: "ma", "co", "de", "la",
 *   "ban", "tin", "thi", "hong", "lun", "bit", "hum", "my" are words, and a question typed
 *   without diacritics must reach the diacritic restorer intact. The forms below break the
 *   spelling rules of the language instead (no vowel: "dc", "bn"; "k" before "o": "ko"; a "k",
 *   "j" or "w" no syllable has: "hok", "bik", "bjo", "wa"). Two exceptions, checked by the test:
 *   unit shorthand ("ty" is also a syllable, but right after a number it is only ever "tỷ"), and
 *   `keepable` entries, whose form is a word or name in its own right and is kept unless a
 *   language model prefers an expansion.
 * - Acronyms the press writes as acronyms are left out: "THPT" (about 17 times as often as
 *   "trung học phổ thông" in the news corpus), "BHXH", "CSGT", "UBND", "CCCD", "HLV", "XSMB".
 *   Lower-cased, the reader's "thpt" already matches the articles' "THPT" in the index, and
 *   expanding it would only lose that match. "ĐH", "QH", "BĐS", "SGK" are in: articles write the
 *   full form more often than the acronym.
 * - Times stay as typed: "5h", "15h30" is how the press writes them, and the index keeps "15h30"
 *   as one token; so "h" is expanded only standing alone ("h sao roi" = "giờ sao rồi").
 * - Several readings of one form are listed in order, most common in questions first; the
 *   caller's language model chooses in context. "100k" can be "nghìn" or "ngàn" and "2ty" "tỷ"
 *   or "tỉ": newsrooms differ (Tuổi Trẻ writes "ngàn", "tỉ"), so the model trained on the site's
 *   own articles picks the site's spelling.
 * - Left out as too ambiguous to help: "dk"/"đk" (được, đăng ký, điều kiện), "ct" (chủ tịch,
 *   chương trình, công ty), "gd" (gia đình, giám đốc, giáo dục), "hp" (Hải Phòng, học phí),
 *   "tl" (trả lời, Thái Lan), "kg" (không, but mostly kilogram), single "c", "e", "a" (chị, em,
 *   anh; "a" and "e" are syllables, "vitamin c").
 *
 * Expansions carry diacritics even when the rest of the question has none: the restorer runs
 * next and keeps accented syllables as context, so "gia vang 5 triệu" restores better than
 * "gia vang 5 trieu".
 *
 * Sources: "observed in reader comments" means the usage is common in comments under news
 * articles and in chat, and no dictionary is cited for it. The letter substitutions of teencode
 * (gi → j, qu → w, final c → k) are described in the Wikipedia tiếng Việt article "Teencode".
 * Counts of how the press writes a word come from the news-baomoi corpus in ../shared/datasets.
 */

export interface Abbreviation {
  /** What readers type, lower case. */
  forms: readonly string[];
  /** Expansions, most common first; more than one = ambiguous, chosen by context (see expand.ts). */
  expansions: readonly string[];
  /** Only right after a number ("5tr", "5 tr", "100k"): unit shorthand. */
  afterNumber?: boolean;
  /** Also a word or name as typed (e.g. "k" in "bệnh viện K" once lower-cased): keeping it is one of the candidates. */
  keepable?: boolean;
  /** Where this usage is documented or observed. */
  source: string;
  /** A real question as a reader types it, and as it should read expanded (Vietnamese). */
  example: { typed: string; expanded: string };
}

const COMMENTS = 'observed in reader comments';
const TEENCODE = 'teencode, observed in reader comments';

export const ABBREVIATIONS: readonly Abbreviation[] = [
  // Words every question is made of.
  {
    forms: ['ko', 'khg', 'hok'],
    expansions: ['không'],
    source: `${TEENCODE}; "ko" is the most frequent`,
    example: { typed: 'gia xang tuan nay co tang ko', expanded: 'gia xang tuan nay co tang không' },
  },
  {
    forms: ['k'],
    expansions: ['không'],
    keepable: true,
    source: `${TEENCODE}; also the letter of "bệnh viện K", "vitamin K"`,
    example: { typed: 'bao hiem xe may co bat buoc k', expanded: 'bao hiem xe may co bat buoc không' },
  },
  {
    forms: ['kh'],
    expansions: ['không', 'khách hàng'],
    source: `${TEENCODE}; "kh" for khách hàng in shops' messages`,
    example: { typed: 'hoc phi dai hoc nam nay co tang kh', expanded: 'hoc phi dai hoc nam nay co tang không' },
  },
  {
    forms: ['hk'],
    expansions: ['không', 'học kỳ'],
    source: `${TEENCODE}; "hk" for học kỳ among students`,
    example: { typed: 'hk biet khi nao co diem thi', expanded: 'không biet khi nao co diem thi' },
  },
  {
    forms: ['dc', 'đc'],
    expansions: ['được'],
    source: TEENCODE,
    example: { typed: 'bao nhieu tuoi thi dc lai xe may', expanded: 'bao nhieu tuoi thi được lai xe may' },
  },
  {
    forms: ['bnh', 'bnhiu'],
    expansions: ['bao nhiêu'],
    source: COMMENTS,
    example: { typed: 'gia vang sjc hom nay bnh', expanded: 'gia vang sjc hom nay bao nhiêu' },
  },
  {
    forms: ['bn'],
    expansions: ['bao nhiêu', 'bạn'],
    source: `${COMMENTS}; "bn" for bạn in chat`,
    example: { typed: 've xem chung ket bn tien', expanded: 've xem chung ket bao nhiêu tien' },
  },
  {
    forms: ['ntn'],
    expansions: ['như thế nào'],
    source: COMMENTS,
    example: { typed: 'thu tuc lam ho chieu ntn', expanded: 'thu tuc lam ho chieu như thế nào' },
  },
  {
    forms: ['j'],
    expansions: ['gì'],
    source: 'teencode substitution gi → j (Wikipedia tiếng Việt, "Teencode"); observed in reader comments',
    example: { typed: 'benh nhan bi j khi nhap vien', expanded: 'benh nhan bi gì khi nhap vien' },
  },
  {
    forms: ['v'],
    expansions: ['vậy', 'với'],
    source: `${TEENCODE}; "v" for với is rarer`,
    example: { typed: 'sao gia xang tang nhieu v', expanded: 'sao gia xang tang nhieu vậy' },
  },
  {
    forms: ['z'],
    expansions: ['vậy'],
    keepable: true,
    source: `${TEENCODE}; also the letter of "gen Z"`,
    example: { typed: 'tai sao lai cam xe may z', expanded: 'tai sao lai cam xe may vậy' },
  },
  {
    forms: ['r'],
    expansions: ['rồi'],
    source: TEENCODE,
    example: { typed: 'da co ket qua thi tot nghiep r a', expanded: 'da co ket qua thi tot nghiep rồi a' },
  },
  {
    forms: ['ng'],
    expansions: ['người'],
    source: COMMENTS,
    example: { typed: 'bao nhieu ng bi thuong trong vu chay', expanded: 'bao nhieu người bi thuong trong vu chay' },
  },
  {
    forms: ['nhg'],
    expansions: ['nhưng', 'những'],
    source: COMMENTS,
    example: { typed: 'nhg ma gia xang van tang', expanded: 'nhưng ma gia xang van tang' },
  },
  {
    forms: ['trc'],
    expansions: ['trước'],
    source: TEENCODE,
    example: { typed: 'trc khi tiem vac xin can lam gi', expanded: 'trước khi tiem vac xin can lam gi' },
  },
  {
    forms: ['vs'],
    expansions: ['với'],
    keepable: true,
    source: `${TEENCODE}; also "vs" (versus) between two teams`,
    example: { typed: 'lam sao de lien lac vs benh vien', expanded: 'lam sao de lien lac với benh vien' },
  },
  {
    forms: ['ms'],
    expansions: ['mới'],
    source: TEENCODE,
    example: { typed: 'luat giao thong ms co hieu luc tu khi nao', expanded: 'luat giao thong mới co hieu luc tu khi nao' },
  },
  {
    forms: ['lm'],
    expansions: ['làm'],
    source: TEENCODE,
    example: { typed: 'lm the nao de doi giay phep lai xe', expanded: 'làm the nao de doi giay phep lai xe' },
  },
  {
    forms: ['ns'],
    expansions: ['nói'],
    source: TEENCODE,
    example: { typed: 'ong ay ns gi ve vu viec', expanded: 'ong ay nói gi ve vu viec' },
  },
  {
    forms: ['cx', 'cg'],
    expansions: ['cũng'],
    source: TEENCODE,
    example: { typed: 'xe dien cx phai dang kiem a', expanded: 'xe dien cũng phai dang kiem a' },
  },
  {
    forms: ['nx'],
    expansions: ['nữa'],
    source: TEENCODE,
    example: { typed: 'con bao lau nx thi nghi tet', expanded: 'con bao lau nữa thi nghi tet' },
  },
  {
    forms: ['bt'],
    expansions: ['biết', 'bình thường'],
    source: TEENCODE,
    example: { typed: 'ai bt vi sao mat dien', expanded: 'ai biết vi sao mat dien' },
  },
  {
    forms: ['bik'],
    expansions: ['biết'],
    source: 'teencode substitution of final c/t by k (Wikipedia tiếng Việt, "Teencode"); observed in reader comments',
    example: { typed: 'co ai bik ket qua xo so ko', expanded: 'co ai biết ket qua xo so không' },
  },
  {
    forms: ['mk', 'mik'],
    expansions: ['mình'],
    source: TEENCODE,
    example: { typed: 'mk muon hoi ve thu tuc ly hon', expanded: 'mình muon hoi ve thu tuc ly hon' },
  },
  {
    forms: ['wa'],
    expansions: ['qua', 'quá'],
    source: 'teencode substitution qu → w (Wikipedia tiếng Việt, "Teencode"); observed in reader comments',
    example: { typed: 'hom wa co mua ko', expanded: 'hom qua co mua không' },
  },
  {
    forms: ['mn', 'mng'],
    expansions: ['mọi người'],
    source: TEENCODE,
    example: { typed: 'mn cho hoi lich nghi tet 2025', expanded: 'mọi người cho hoi lich nghi tet 2025' },
  },
  {
    forms: ['ck'],
    expansions: ['chồng', 'chuyển khoản'],
    source: `${TEENCODE}; "ck" for chuyển khoản in banking and scam reports`,
    example: { typed: 'ck co quyen ban nha khi vo vang mat', expanded: 'chồng co quyen ban nha khi vo vang mat' },
  },
  {
    forms: ['vk'],
    expansions: ['vợ'],
    source: TEENCODE,
    example: { typed: 'vk co duoc chia tai san khi ly hon ko', expanded: 'vợ co duoc chia tai san khi ly hon không' },
  },
  {
    forms: ['vc'],
    expansions: ['việc', 'vợ chồng'],
    source: TEENCODE,
    example: { typed: 'thu tuc xin vc o nuoc ngoai', expanded: 'thu tuc xin việc o nuoc ngoai' },
  },
  {
    forms: ['lq'],
    expansions: ['liên quan'],
    source: COMMENTS,
    example: { typed: 'tin tuc lq den vu chay chung cu mini', expanded: 'tin tuc liên quan den vu chay chung cu mini' },
  },
  {
    forms: ['ktra'],
    expansions: ['kiểm tra'],
    source: COMMENTS,
    example: { typed: 'ktra nong do con o dau', expanded: 'kiểm tra nong do con o dau' },
  },

  // Time.
  {
    forms: ['h'],
    expansions: ['giờ'],
    source: `${TEENCODE}; "5h" after a number is the press's own spelling and stays`,
    example: { typed: 'h ve que an tet con ve tau ko', expanded: 'giờ ve que an tet con ve tau không' },
  },
  {
    forms: ['bh'],
    expansions: ['bây giờ', 'bảo hiểm'],
    source: `${TEENCODE}; "bh" for bảo hiểm in insurance ads`,
    example: { typed: 'bh dat ve tau tet con kip ko', expanded: 'bây giờ dat ve tau tet con kip không' },
  },
  {
    forms: ['bjo', 'bjh', 'bgio'],
    expansions: ['bây giờ'],
    source: 'teencode substitution gi → j (Wikipedia tiếng Việt, "Teencode"); observed in reader comments',
    example: { typed: 'bjo di ha long co lanh ko', expanded: 'bây giờ di ha long co lanh không' },
  },
  {
    forms: ['hnay'],
    expansions: ['hôm nay'],
    source: TEENCODE,
    example: { typed: 'gia vang hnay the nao', expanded: 'gia vang hôm nay the nao' },
  },
  {
    forms: ['hqua'],
    expansions: ['hôm qua'],
    source: TEENCODE,
    example: { typed: 'hqua co bao nhieu ca mac moi', expanded: 'hôm qua co bao nhieu ca mac moi' },
  },
  {
    forms: ['tg'],
    expansions: ['thời gian'],
    source: COMMENTS,
    example: { typed: 'tg nop ho so xet tuyen den bao gio', expanded: 'thời gian nop ho so xet tuyen den bao gio' },
  },

  // Places and countries, spelt as the articles spell them.
  {
    forms: ['hn'],
    expansions: ['Hà Nội', 'hôm nay'],
    source: `${COMMENTS}; "hn" for hôm nay in chat`,
    example: { typed: 'hn co mua ko', expanded: 'Hà Nội co mua không' },
  },
  {
    forms: ['tphcm', 'hcm'],
    expansions: ['TP HCM'],
    source: `${COMMENTS}; the press writes "TP.HCM" or "TP HCM", which the index reads as "tp" "hcm"`,
    example: { typed: 'tphcm co bao nhieu quan', expanded: 'TP HCM co bao nhieu quan' },
  },
  {
    forms: ['sg'],
    expansions: ['TP HCM', 'Sài Gòn'],
    source: `${COMMENTS}; "Sài Gòn" stays in names (sông Sài Gòn, cảng Sài Gòn)`,
    example: { typed: 'sg mua ngap o dau', expanded: 'TP HCM mua ngap o dau' },
  },
  {
    forms: ['đn', 'dn'],
    expansions: ['Đà Nẵng', 'doanh nghiệp'],
    source: `${COMMENTS}; "DN" for doanh nghiệp in business headlines`,
    example: { typed: 'phao hoa dn nam nay khi nao', expanded: 'phao hoa Đà Nẵng nam nay khi nao' },
  },
  {
    forms: ['vn'],
    expansions: ['Việt Nam'],
    source: `${COMMENTS}; "VN" in headlines`,
    example: { typed: 'vn dung thu may o bang xep hang fifa', expanded: 'Việt Nam dung thu may o bang xep hang fifa' },
  },
  {
    forms: ['tq'],
    expansions: ['Trung Quốc'],
    source: `${COMMENTS}; "TQ" in headlines`,
    example: { typed: 'tq co bao nhieu dan', expanded: 'Trung Quốc co bao nhieu dan' },
  },
  {
    forms: ['hq'],
    expansions: ['Hàn Quốc', 'hôm qua'],
    source: `${COMMENTS}; "hq" for hôm qua in chat`,
    example: { typed: 'tong thong hq la ai', expanded: 'tong thong Hàn Quốc la ai' },
  },
  {
    forms: ['nb'],
    expansions: ['Nhật Bản'],
    source: COMMENTS,
    example: { typed: 'nb dong dat bao nhieu do richter', expanded: 'Nhật Bản dong dat bao nhieu do richter' },
  },

  // People, institutions, things in the news.
  {
    forms: ['tt'],
    expansions: ['thủ tướng', 'tổng thống'],
    source: `${COMMENTS}; "TTg" is the official abbreviation of Thủ tướng in document numbers ("QĐ-TTg")`,
    example: { typed: 'tt Phạm Minh Chính thăm nước nào', expanded: 'thủ tướng Phạm Minh Chính thăm nước nào' },
  },
  {
    forms: ['qh'],
    expansions: ['Quốc hội'],
    source: `${COMMENTS}; "QH" in headlines (about a fifth as often as "Quốc hội")`,
    example: { typed: 'qh hop ky thu may', expanded: 'Quốc hội hop ky thu may' },
  },
  {
    forms: ['cty'],
    expansions: ['công ty'],
    source: 'abbreviation used in administrative writing and on signboards ("Cty TNHH"); observed in reader comments',
    example: { typed: 'cty nao trung thau du an nay', expanded: 'công ty nao trung thau du an nay' },
  },
  {
    forms: ['pv'],
    expansions: ['phóng viên', 'phỏng vấn'],
    source: `${COMMENTS}; "PV" signs reporters' articles`,
    example: { typed: 'pv bi hanh hung o dau', expanded: 'phóng viên bi hanh hung o dau' },
  },
  {
    forms: ['bs'],
    expansions: ['bác sĩ', 'bổ sung'],
    source: `${COMMENTS}; "BS." before doctors' names in articles`,
    example: { typed: 'bs khuyen nen tiem vac xin cum khi nao', expanded: 'bác sĩ khuyen nen tiem vac xin cum khi nao' },
  },
  {
    forms: ['bv'],
    expansions: ['bệnh viện', 'bài viết'],
    source: `${COMMENTS}; "BV" in hospitals' own names`,
    example: { typed: 'bv nao chua benh ung thu tot nhat', expanded: 'bệnh viện nao chua benh ung thu tot nhat' },
  },
  {
    forms: ['hs'],
    expansions: ['học sinh', 'hồ sơ'],
    source: `${COMMENTS}; "hs" for hồ sơ in administrative questions`,
    example: { typed: 'hs lop 12 duoc nghi tet may ngay', expanded: 'học sinh lop 12 duoc nghi tet may ngay' },
  },
  {
    forms: ['sv'],
    expansions: ['sinh viên'],
    source: COMMENTS,
    example: { typed: 'sv co duoc vay von ko', expanded: 'sinh viên co duoc vay von không' },
  },
  {
    forms: ['gv'],
    expansions: ['giáo viên'],
    source: COMMENTS,
    example: { typed: 'luong gv tang tu thang may', expanded: 'luong giáo viên tang tu thang may' },
  },
  {
    forms: ['đh', 'dh'],
    expansions: ['đại học'],
    source: `${COMMENTS}; "ĐH" in headlines, "đại học" about three times as often`,
    example: { typed: 'diem chuan dh bach khoa bao nhieu', expanded: 'diem chuan đại học bach khoa bao nhieu' },
  },
  {
    forms: ['sgk'],
    expansions: ['sách giáo khoa'],
    source: COMMENTS,
    example: { typed: 'sgk moi co gi khac', expanded: 'sách giáo khoa moi co gi khac' },
  },
  {
    forms: ['kq'],
    expansions: ['kết quả'],
    source: COMMENTS,
    example: { typed: 'kq thi tot nghiep thpt khi nao co', expanded: 'kết quả thi tot nghiep thpt khi nao co' },
  },
  {
    forms: ['sdt', 'sđt'],
    expansions: ['số điện thoại'],
    source: `${COMMENTS}; "SĐT" in forms and ads`,
    example: { typed: 'sđt duong day nong cua bo y te la gi', expanded: 'số điện thoại duong day nong cua bo y te la gi' },
  },
  {
    forms: ['đt', 'dt'],
    expansions: ['điện thoại', 'đội tuyển'],
    source: `${COMMENTS}; "ĐT" for đội tuyển in sports headlines ("ĐT Việt Nam")`,
    example: { typed: 'dt bi mat thi bao cho ai', expanded: 'điện thoại bi mat thi bao cho ai' },
  },
  {
    forms: ['bđs', 'bds'],
    expansions: ['bất động sản'],
    source: `${COMMENTS}; "BĐS" in headlines (about a third as often as "bất động sản")`,
    example: { typed: 'gia bds ha noi tang bao nhieu', expanded: 'gia bất động sản ha noi tang bao nhieu' },
  },

  // Unit shorthand, only right after a number ("5tr", "5 tr").
  {
    forms: ['tr'],
    expansions: ['triệu'],
    afterNumber: true,
    source: `${COMMENTS} and classified ads`,
    example: { typed: 'luong co so tang len 2,34tr tu thang 7 a', expanded: 'luong co so tang len 2,34 triệu tu thang 7 a' },
  },
  {
    forms: ['k'],
    expansions: ['nghìn', 'ngàn'],
    afterNumber: true,
    // After a single digit, "4k" and "2k" are also names (a screen resolution, a generation): see expand.ts.
    keepable: true,
    source: `${COMMENTS} and classified ads ("k" from kilo); the press writes both "nghìn" and "ngàn"`,
    example: { typed: 've xe buyt tang len 10k a', expanded: 've xe buyt tang len 10 nghìn a' },
  },
  {
    forms: ['ty', 'ti'],
    expansions: ['tỷ', 'tỉ'],
    afterNumber: true,
    source: `${COMMENTS}; the press writes both "tỷ" and "tỉ"`,
    example: { typed: 'nha o xa hoi gia 2 ty co mua duoc ko', expanded: 'nha o xa hoi gia 2 tỷ co mua duoc không' },
  },
  {
    forms: ['đ'],
    expansions: ['đồng'],
    afterNumber: true,
    source: `${COMMENTS}, price tags; articles write "đồng"`,
    example: { typed: 've thang xe buyt 200.000đ dung khong', expanded: 've thang xe buyt 200.000 đồng dung khong' },
  },
];
