//! Search that ignores case and Vietnamese diacritics: "quy ho tro" finds "Quỹ hỗ trợ". Text is
//! folded the same way when it is stored and when it is searched, so both databases behave alike.

use unicode_normalization::UnicodeNormalization;

/// Lowercases `text` and strips its diacritics, turning đ into d.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The shortest word a trigram index can find: shorter words are looked for row by row.
pub const INDEXED_WORD: usize = 3;

/// The words of a search, folded; every one of them must occur in a match.
pub fn terms(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_vietnamese_diacritics() {
        let cases = [
            (
                "Quỹ hỗ trợ phát triển hợp tác xã",
                "quy ho tro phat trien hop tac xa",
            ),
            ("ĐÔNG HƯNG", "dong hung"),
            ("Thái Thụy", "thai thuy"),
            ("Nghị định 45/2021/NĐ-CP", "nghi dinh 45/2021/nd-cp"),
            ("plain ascii", "plain ascii"),
        ];
        for (text, folded) in cases {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn precomposed_and_decomposed_forms_fold_alike() {
        let precomposed = "Hỗ trợ";
        let decomposed: String = precomposed.nfd().collect();
        assert_ne!(precomposed, decomposed);
        assert_eq!(fold(precomposed), fold(&decomposed));
    }

    #[test]
    fn a_search_is_split_into_folded_words() {
        assert_eq!(terms("  Quy  HỖ trợ "), vec!["quy", "ho", "tro"]);
        assert!(terms("   ").is_empty());
    }
}
