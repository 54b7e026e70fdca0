//! Escaping text for HTML, shared by the e-mail templates and the pages.

/// Text from the database on one line: line breaks and other control characters become spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_line_breaks_are_neutralised() {
        assert_eq!(
            escape("<b>\"Quỹ\" & 'HTX'</b>"),
            "&lt;b&gt;&quot;Quỹ&quot; &amp; &#39;HTX&#39;&lt;/b&gt;"
        );
        assert_eq!(one_line("a\r\nb\tc"), "a b c");
    }
}
