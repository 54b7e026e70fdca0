//! Documents attached to a progress report: which files are accepted (judged by their content,
//! never by the name or the type a browser claims), how their names are kept, and the size
//! limit.

use super::RuleError;

/// The kinds of file a report may carry: the documents offices exchange, and pictures of them.
const ACCEPTED: [(&str, &str); 13] = [
    ("application/pdf", "pdf"),
    ("application/msword", "doc"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("application/vnd.ms-excel", "xls"),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("application/vnd.ms-powerpoint", "ppt"),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
];

/// What a file is, read from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentType {
    pub mime: &'static str,
    pub extension: &'static str,
}

impl DocumentType {
    /// The type of `content`, if it is one a report may carry.
    ///
    /// # Errors
    /// `Invalid` for anything else (a web page, a program, an archive, an unknown format).
    pub fn of(content: &[u8]) -> Result<DocumentType, RuleError> {
        let found = infer::get(content).map(|t| t.mime_type());
        ACCEPTED
            .iter()
            .find(|(mime, _)| Some(*mime) == found)
            .map(|(mime, extension)| DocumentType { mime, extension })
            .ok_or_else(|| {
                RuleError::Invalid(
                    "This file is not a document dondoc keeps: attach a PDF, a Word, Excel, PowerPoint or OpenDocument file, or a picture (PNG, JPEG, GIF, WebP)."
                        .into(),
                )
            })
    }

    /// Whether a stored type is one of the accepted ones (what is served back).
    pub fn accepted(mime: &str) -> bool {
        ACCEPTED.iter().any(|(m, _)| *m == mime)
    }
}

/// A file's name as people will see it when they download it: the last part of what the
/// browser sent (never a path), without control characters or quotes, at most 200 characters,
/// and ending with the extension of what the file really is.
pub fn file_name(sent: &str, kind: DocumentType) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect::<String>()
        .trim()
        .to_string();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case(kind.extension) => stem.to_string(),
        Some((stem, ext)) if kind.extension == "jpg" && ext.eq_ignore_ascii_case("jpeg") => {
            stem.to_string()
        }
        _ => cleaned,
    };
    let stem = stem.trim_start_matches('.');
    let stem = if stem.trim().is_empty() {
        "tai-lieu".to_string()
    } else {
        stem.chars().take(190).collect()
    };
    format!("{}.{}", stem.trim(), kind.extension)
}

/// Checks a file's size against the limit.
///
/// # Errors
/// `Invalid` for an empty file or one over `limit` bytes.
pub fn check_size(size: usize, limit: usize) -> Result<(), RuleError> {
    if size == 0 {
        return Err(RuleError::Invalid("The file is empty.".into()));
    }
    if size > limit {
        return Err(RuleError::Invalid(format!(
            "The file is larger than the {} MB a document may be.",
            limit.div_ceil(1024 * 1024)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn files_are_judged_by_their_content() {
        assert_eq!(DocumentType::of(PDF).map(|t| t.mime), Ok("application/pdf"));
        assert_eq!(DocumentType::of(PNG).map(|t| t.extension), Ok("png"));
        for refused in [
            &b"<html><script>alert(1)</script></html>"[..],
            b"MZ\x90\x00\x03\x00\x00\x00",
            b"PK\x03\x04just a zip",
            b"",
            b"plain text",
        ] {
            assert!(
                matches!(DocumentType::of(refused), Err(RuleError::Invalid(_))),
                "{refused:?}"
            );
        }
        assert!(DocumentType::accepted("application/pdf"));
        assert!(!DocumentType::accepted("text/html"));
    }

    #[test]
    fn names_are_kept_readable_and_harmless() {
        let pdf = DocumentType::of(PDF).expect("pdf");
        let cases = [
            ("Báo cáo số 45-BC-SNN.pdf", "Báo cáo số 45-BC-SNN.pdf"),
            ("C:\\Users\\a\\Báo cáo.PDF", "Báo cáo.pdf"),
            ("../../etc/passwd", "passwd.pdf"),
            ("bao \"cao\"\r\n.pdf", "bao cao.pdf"),
            ("trình ký.html", "trình ký.html.pdf"),
            ("", "tai-lieu.pdf"),
            (".pdf", "tai-lieu.pdf"),
        ];
        for (sent, kept) in cases {
            assert_eq!(file_name(sent, pdf), kept, "{sent:?}");
        }
        assert!(file_name(&"ạ".repeat(500), pdf).chars().count() <= 200);
    }

    #[test]
    fn sizes_are_checked() {
        assert!(check_size(1, 10).is_ok());
        assert!(check_size(0, 10).is_err());
        assert!(check_size(11, 10).is_err());
    }
}
