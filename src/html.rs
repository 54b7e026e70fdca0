//! Text from the database made safe for one-line places (mail headers, subjects). Escaping for
//! HTML is maud's, in the pages and the mail alike.

/// Text from the database on one line: line breaks and other control characters become spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_control_characters_become_spaces() {
        assert_eq!(one_line("a\r\nb\tc"), "a b c");
    }
}
