//! A text seen two ways at once: as written, and folded (lower case, no diacritics, "đ" as "d")
//! for matching, with every folded character pointing back at the character it came from, so
//! that what is found in the folded text is reported at its place in the original.

use unicode_normalization::UnicodeNormalization;

/// The text, folded, with the way back.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The characters of the original text.
    pub original: Vec<char>,
    /// The folded characters.
    pub chars: Vec<char>,
    /// For each folded character, the index of the original character it came from.
    origin: Vec<usize>,
}

/// One character folded as [`crate::domain::search::fold`] folds text; `None` for a combining
/// mark (a text written in decomposed form carries its accents as separate characters).
fn fold_char(c: char) -> Option<char> {
    if unicode_normalization::char::is_combining_mark(c) {
        return None;
    }
    let base = c.nfd().next().unwrap_or(c);
    let lower = base.to_lowercase().next().unwrap_or(base);
    Some(if lower == 'đ' { 'd' } else { lower })
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let original: Vec<char> = text.chars().collect();
        let mut chars = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (index, c) in original.iter().enumerate() {
            if let Some(folded) = fold_char(*c) {
                chars.push(folded);
                origin.push(index);
            }
        }
        // A line wrapped inside a sentence (a copy from PDF: the line ends in a word or a comma,
        // the next goes on in lower case; or it ends in a comma, the next goes on with a name:
        // "… đơn vị cấp tỉnh,\nChủ tịch UBND các huyện …") is read as a space.
        for at in 0..chars.len() {
            if chars[at] != '\n' {
                continue;
            }
            let before = chars[..at]
                .iter()
                .rev()
                .find(|c| !matches!(c, ' ' | '\t' | '\r'));
            let next = (at + 1..chars.len()).find(|i| !matches!(chars[*i], ' ' | '\t' | '\r'));
            let next_letter = next.map(|i| original[origin[i]]);
            if before.is_some_and(|c| c.is_alphanumeric() || *c == ',')
                && next_letter.is_some_and(char::is_lowercase)
                || before == Some(&',') && next_letter.is_some_and(char::is_alphabetic)
            {
                chars[at] = ' ';
            }
        }
        Folded {
            original,
            chars,
            origin,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The original characters behind folded `[start, end)`: offsets in the original text.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        // A word read past the end ("Vụ" looked for where the text ends in "V") is cut there.
        let end = end.min(self.origin.len());
        if start >= end || start >= self.origin.len() {
            let at = self
                .origin
                .get(start)
                .copied()
                .unwrap_or(self.original.len());
            return (at, at);
        }
        let first = self.origin[start];
        // The last character, and the accents written after it.
        let mut last = self.origin[end - 1] + 1;
        while last < self.original.len()
            && unicode_normalization::char::is_combining_mark(self.original[last])
        {
            last += 1;
        }
        (first, last)
    }

    /// The original text behind folded `[start, end)`.
    pub fn text(&self, start: usize, end: usize) -> String {
        let (first, last) = self.span(start, end);
        self.original[first..last].iter().collect()
    }

    /// The folded text of `[start, end)`.
    pub fn folded(&self, start: usize, end: usize) -> String {
        self.chars[start.min(self.len())..end.min(self.len())]
            .iter()
            .collect()
    }

    /// Whether the original character behind folded `index` is upper case.
    pub fn is_capital(&self, index: usize) -> bool {
        self.origin
            .get(index)
            .and_then(|i| self.original.get(*i))
            .is_some_and(|c| c.is_uppercase())
    }

    /// Whether folded `phrase` (already folded) stands at `at` as whole words.
    pub fn words_at(&self, at: usize, phrase: &str) -> bool {
        let phrase: Vec<char> = phrase.chars().collect();
        let end = at + phrase.len();
        end <= self.len()
            && self.chars[at..end] == phrase[..]
            && (at == 0 || !self.chars[at - 1].is_alphanumeric())
            && (end == self.len() || !self.chars[end].is_alphanumeric())
    }

    /// The original text behind folded `[start, end)`, as it reads without its accents: whether
    /// it holds the written (not folded) `word` there, to tell "ngay" (at once) from "ngày" (day).
    pub fn written_is(&self, start: usize, end: usize, word: &str) -> bool {
        self.text(start, end).to_lowercase() == word
    }
}

/// The words of a folded text with their folded offsets: runs of letters and digits, and "/"
/// or "-" inside them ("30/9/2022", "45/2021/NĐ-CP").
pub fn words(folded: &Folded, start: usize, end: usize) -> Vec<(usize, usize)> {
    let chars = &folded.chars;
    let mut found = Vec::new();
    let mut at = start;
    while at < end {
        if chars[at].is_alphanumeric() {
            let first = at;
            while at < end
                && (chars[at].is_alphanumeric()
                    || (matches!(chars[at], '/' | '-' | '&')
                        && at + 1 < end
                        && chars[at + 1].is_alphanumeric()
                        && at > first))
            {
                at += 1;
            }
            found.push((first, at));
        } else {
            at += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_the_way_back_to_the_original() {
        let text = "Giao Sở Tài chính, Đài PT-TH";
        let folded = Folded::new(text);
        assert_eq!(
            folded.folded(0, folded.len()),
            "giao so tai chinh, dai pt-th"
        );
        let at = folded
            .folded(0, folded.len())
            .find("tai chinh")
            .expect("found");
        assert_eq!(folded.text(at, at + 9), "Tài chính");
        assert!(folded.is_capital(at));
        // The same words written with their accents apart (NFD) map back whole.
        let decomposed: String = text.nfd().collect();
        let folded = Folded::new(&decomposed);
        let (first, last) = folded.span(5, 7);
        let back: String = folded.original[first..last].iter().collect();
        assert_eq!(back.nfc().collect::<String>(), "Sở");
        assert!(folded.words_at(0, "giao"));
        assert!(!folded.words_at(0, "gia"));
    }

    #[test]
    fn a_line_wrapped_inside_a_sentence_is_read_as_a_space() {
        let folded =
            Folded::new("Sở Y tế cần tăng\r\ncường kiểm tra.\nSở Tài chính,\nKho bạc.\nGiao");
        assert_eq!(
            folded.folded(0, folded.len()),
            "so y te can tang\r cuong kiem tra.\nso tai chinh, kho bac.\ngiao"
        );
    }

    #[test]
    fn words_read_past_the_end_are_cut_there() {
        let folded = Folded::new("Giao V");
        assert_eq!(folded.text(5, 7), "V");
        assert_eq!(folded.text(9, 12), "");
        // A text ending in a capital where a head may start reads to its end, no further.
        assert!(crate::extract::extract("Giao Sở Y tế kiểm tra. V", None).len() == 1);
    }
}
