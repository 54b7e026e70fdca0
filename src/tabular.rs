//! Spreadsheets people send: an XLSX (or another format a spreadsheet application saves), or
//! a CSV, read into rows of text. What the rows mean is the domain's business
//! ([`crate::domain::import`]).

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::domain::RuleError;

/// The most rows a file may hold.
pub const MOST_ROWS: usize = 10_000;

fn unreadable(what: &str) -> RuleError {
    RuleError::Invalid(format!(
        "The file could not be read as {what}: save it as Excel (.xlsx) or CSV (UTF-8) and send it again."
    ))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        // Whole numbers (a progress, a number written as a number) without ".0".
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(moment) => moment
            .as_datetime()
            .map(|at| at.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(_) => String::new(),
    }
}

/// The rows of the first sheet of a spreadsheet file, or of a CSV file.
///
/// # Errors
/// `Invalid` for a file that is neither, is not UTF-8 (CSV), or has more than [`MOST_ROWS`]
/// rows.
pub fn rows_of(content: &[u8]) -> Result<Vec<Vec<String>>, RuleError> {
    let rows =
        if content.starts_with(b"PK\x03\x04") || content.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(content))
                .map_err(|_| unreadable("a spreadsheet"))?;
            let sheet = workbook
                .worksheet_range_at(0)
                .ok_or_else(|| unreadable("a spreadsheet"))?
                .map_err(|_| unreadable("a spreadsheet"))?;
            sheet
                .rows()
                .take(MOST_ROWS + 1)
                .map(|row| row.iter().map(cell_text).collect())
                .collect::<Vec<Vec<String>>>()
        } else {
            let text = std::str::from_utf8(content).map_err(|_| unreadable("UTF-8 text"))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            // Excel in Viet Nam often saves CSV with semicolons.
            let first_line = text.lines().next().unwrap_or("");
            let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
                b';'
            } else {
                b','
            };
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes())
                .records()
                .take(MOST_ROWS + 1)
                .map(|record| {
                    record
                        .map(|r| r.iter().map(str::to_string).collect())
                        .map_err(|_| unreadable("CSV"))
                })
                .collect::<Result<Vec<Vec<String>>, RuleError>>()?
        };
    if rows.len() > MOST_ROWS {
        return Err(RuleError::Invalid(format!(
            "The file has more than {MOST_ROWS} rows: split it."
        )));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_commas_or_semicolons_and_a_byte_order_mark() {
        let comma = rows_of("\u{feff}Tên nhiệm vụ,Đơn vị chủ trì\n\"Việc a, b\",SCT\n".as_bytes())
            .expect("read");
        assert_eq!(comma[1], ["Việc a, b", "SCT"]);
        let semicolon =
            rows_of("Tên nhiệm vụ;Đơn vị chủ trì\nViệc;SCT\n".as_bytes()).expect("read");
        assert_eq!(semicolon[1], ["Việc", "SCT"]);
        assert!(rows_of(&[0xff, 0xfe, 0x00]).is_err(), "not UTF-8");
        assert!(rows_of(b"PK\x03\x04 not a real zip").is_err());
    }
}
