/**
 * The Vietnamese interrogatives: the words of a question that say what kind of answer is
 * wanted ("ai", "bao nhiêu", "ở đâu"), never what it is about. Articles state facts and seldom
 * contain them, so the index leaves them out of a question's terms, the restorer's corrections
 * from the index leave them alone, and suggested questions are compared without them.
 */
export const INTERROGATIVES = ['ai', 'gì', 'nào', 'đâu', 'sao', 'bao', 'nhiêu', 'mấy'] as const;
